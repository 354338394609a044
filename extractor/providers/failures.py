"""The one place where openai and instructor exceptions become this package's.

A call that ends in an exception either still has an answer (cut off, not
JSON, or JSON whose quotes failed grounding after the re-ask) or is an
endpoint failure, raised as one line a user can act on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import ValidationError

from extractor.core.verify.drafts import DraftFact, DraftFacts
from extractor.errors import ExtractionError, ExtractorError, ModelUnavailableError
from extractor.providers.base import Answer
from extractor.providers.bounded import AnswerTooLarge, DeadlineExceeded
from extractor.providers.settings import MAX_RETRIES, MAX_RETRY_AFTER_S

DownReason = Callable[[], "str | None"]


def endpoint_failure(
    label: str, exc: openai.APIError, down_reason: DownReason | None = None
) -> ExtractorError:
    """One-line error for a call that failed after the client's retries."""
    if down_reason is not None and (reason := down_reason()):
        return ModelUnavailableError(reason)
    # openai's message repeats the status ("Error code: 503 - {...}"); keep the body.
    detail = re.sub(r"^Error code: \d+ - ", "", " ".join(str(exc).split()))[:200]
    tries = f"after {MAX_RETRIES + 1} attempts"
    if isinstance(exc, DeadlineExceeded):
        return ModelUnavailableError(
            f"model endpoint {label} gave no complete answer within {exc.seconds:g} s; "
            "raise --timeout if it is only slow"
        )
    if isinstance(exc, openai.APITimeoutError):
        return ModelUnavailableError(f"model endpoint {label} timed out {tries}")
    if isinstance(exc, openai.APIConnectionError):
        return ModelUnavailableError(f"model endpoint {label} unreachable {tries}: {detail}")
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return ModelUnavailableError(
            f"model endpoint {label} refused the API key (HTTP {exc.status_code}); "
            "set EXTRACTOR_API_KEY"
        )
    if isinstance(exc, openai.APIStatusError) and (
        exc.status_code in (408, 409, 429) or exc.status_code >= 500
    ):
        wait = exc.response.headers.get("retry-after")
        if wait and wait.replace(".", "", 1).isdigit() and float(wait) > MAX_RETRY_AFTER_S:
            # The client does not wait that long, and neither should a CLI run.
            return ModelUnavailableError(
                f"model endpoint {label} is rate limiting (HTTP {exc.status_code}) "
                f"and asks to retry after {wait} s; try again later"
            )
        return ModelUnavailableError(
            f"model endpoint {label} failed {tries}: HTTP {exc.status_code} {detail}"
        )
    return ExtractionError(f"model endpoint {label} rejected the request: {detail}")


def _lenient_parse(completion: Any) -> list[DraftFact] | None:
    """Facts from a failed attempt without the grounding validator; None if not valid JSON."""
    try:
        content = completion.choices[0].message.content
        data = json.loads(content or "")
        return DraftFacts.model_validate(data).facts
    except (AttributeError, IndexError, TypeError, ValueError, ValidationError):
        return None


def answer_or_raise(exc: Exception, label: str, down_reason: DownReason | None) -> Answer:
    """The answer a failed call still gives, or the project error it raises.

    Exceptions this seam does not know (a programming error) propagate as they are.
    """
    if isinstance(exc, IncompleteOutputException):
        return Answer("cut_off")
    too_large = exc if isinstance(exc, AnswerTooLarge) else exc.__cause__
    if isinstance(too_large, AnswerTooLarge):
        # A model gone on and on: a failed answer, like one that is not JSON.
        return Answer("unparseable", attempts=1, detail=f"{too_large.limit:,}-byte answer cap")
    if isinstance(exc, openai.APIError):
        raise endpoint_failure(label, exc, down_reason) from exc
    if not isinstance(exc, InstructorRetryException):
        raise exc
    cause = exc.__cause__
    if isinstance(cause, openai.APIError):
        raise endpoint_failure(label, cause, down_reason) from exc
    if isinstance(cause, IncompleteOutputException):
        return Answer("cut_off")
    if getattr(exc.last_completion, "choices", None) == []:
        # instructor reads choices[0] ("list index out of range"): the endpoint's fault.
        raise ModelUnavailableError(
            f"model endpoint {label} answered without any choice (an empty 'choices' list)"
        ) from exc
    if cause is not None and not isinstance(cause, ValueError):
        # Another provider SDK's transport or API error (pydantic's
        # ValidationError is a ValueError: that is a bad answer, handled below).
        detail = " ".join(str(cause).split())[:200]
        raise ModelUnavailableError(f"model call failed: {detail}") from exc
    drafts = _lenient_parse(exc.last_completion)
    if drafts is None:
        return Answer("unparseable", attempts=exc.n_attempts)
    # Valid JSON whose quotes failed grounding: keep it, verify drops what fails.
    return Answer("drafts", drafts, attempts=exc.n_attempts)
