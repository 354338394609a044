"""Per-area extraction calls: few candidate passages per call, quotes checked on the way.

Each call shows the model at most ``batch_size`` passages (it copies the first
few it sees instead of choosing, so a short list is a list it reads). A
response whose quotes do not align or whose figures are not in their quotes
is re-asked once through instructor's validation retry; if it still fails,
the last answer is kept and ``verify`` drops the failing facts.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import openai
from instructor.core.exceptions import InstructorRetryException
from pydantic import ValidationError

from extractor.core.drafts import (
    DraftFact,
    DraftFacts,
    draft_grammar,
    draft_model_for,
    grounding,
)
from extractor.core.prompts import build_messages
from extractor.core.schema import Category
from extractor.core.select import Candidate
from extractor.errors import ExtractionError, ModelUnavailableError
from extractor.providers.client import Backend

MAX_COMPLETION_TOKENS = 900


@dataclass
class AreaDrafts:
    """What the model proposed for one area, with the passages it was shown."""

    area: Category
    drafts: list[DraftFact] = field(default_factory=list)
    windows: list[tuple[int, int]] = field(default_factory=list)
    ranks: list[float] = field(default_factory=list)  # selection score of the draft's batch
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def _extra_body(backend: Backend, passages: int) -> dict | None:
    body = dict(backend.extra_body)
    if backend.grammars:
        body["grammar"] = draft_grammar(passages)
    return body or None


def _batches(candidates: list[Candidate], size: int) -> list[list[Candidate]]:
    return [candidates[i : i + size] for i in range(0, len(candidates), size)]


def _lenient_parse(exc: InstructorRetryException) -> list[DraftFact]:
    """Facts from the last failed attempt, without the grounding validator."""
    completion = exc.last_completion
    try:
        content = completion.choices[0].message.content  # type: ignore[union-attr]
        data = json.loads(content or "{}")
        return DraftFacts.model_validate(data).facts
    except (AttributeError, IndexError, TypeError, ValueError, ValidationError):
        return []


def extract_area(
    backend: Backend,
    source: str,
    area: Category,
    candidates: list[Candidate],
    company: str,
    batch_size: int = 4,
    max_retries: int = 1,
) -> AreaDrafts:
    result = AreaDrafts(area=area)
    response_model = draft_model_for(area)
    started = time.perf_counter()
    for batch in _batches(candidates, batch_size):
        windows = [(c.sentence.start, c.sentence.end) for c in batch]
        messages = build_messages(area, company, [c.sentence.text for c in batch])
        before = (backend.usage.calls, backend.usage.prompt_tokens, backend.usage.completion_tokens)
        rank = max(c.score for c in batch)
        try:
            with grounding(source, windows):
                answer = backend.client.create(
                    model=backend.model,
                    response_model=response_model,
                    messages=messages,
                    max_retries=max_retries,
                    temperature=0.0,
                    max_tokens=MAX_COMPLETION_TOKENS,
                    extra_body=_extra_body(backend, len(batch)),
                )
            drafts = list(answer.facts)
        except InstructorRetryException as exc:
            if isinstance(exc.__cause__, openai.APIConnectionError | openai.AuthenticationError):
                raise ModelUnavailableError(f"model endpoint unreachable: {exc.__cause__}") from exc
            drafts = _lenient_parse(exc)
            result.errors.append(f"after {exc.n_attempts} attempts: {str(exc)[:200]}")
        except openai.APIConnectionError as exc:
            raise ModelUnavailableError(f"model endpoint unreachable: {exc}") from exc
        except openai.APIError as exc:
            raise ExtractionError(f"model call failed: {exc}", attempts=1) from exc
        # Passage numbers count within the call; make them index the area's windows.
        offset = len(result.windows)
        drafts = [
            d.model_copy(update={"passage": d.passage + offset})
            if d.passage is not None and 1 <= d.passage <= len(windows)
            else d.model_copy(update={"passage": None})
            for d in drafts
        ]
        result.drafts.extend(drafts)
        result.windows.extend(windows)
        result.ranks.extend([rank] * len(drafts))
        result.calls += backend.usage.calls - before[0]
        result.prompt_tokens += backend.usage.prompt_tokens - before[1]
        result.completion_tokens += backend.usage.completion_tokens - before[2]
    result.seconds = time.perf_counter() - started
    return result
