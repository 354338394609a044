"""Per-area extraction calls: few candidate passages per call, quotes checked on the way.

Each call shows the model at most ``batch_size`` passages (it copies the first
few it sees instead of choosing, so a short list is a list it reads). A
response whose quotes do not align or whose figures are not in their quotes
is re-asked once through instructor's validation retry; if it still fails,
the last answer is kept and ``verify`` drops the failing facts. An answer cut
off at the token limit, or not JSON at all, is not repeated: the batch is
split in two, so each call has less to say. A ``TokenBudget`` bounds the
whole document. Endpoint failures (after the client's own retries) end the
run with one line from ``Backend.failure``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import ValidationError

from extractor.core.budget import TokenBudget
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
from extractor.core.verify import drifted_passage
from extractor.errors import ModelUnavailableError
from extractor.providers.client import Backend

MAX_COMPLETION_TOKENS = 900
# Passages asked about again, alone, per area, when their note's statement
# belonged to another passage (see ``drifted_passage``).
MAX_REASKS_PER_AREA = 4


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


def _lenient_parse(completion: Any) -> list[DraftFact] | None:
    """Facts from a failed attempt without the grounding validator; None if not valid JSON."""
    try:
        content = completion.choices[0].message.content
        data = json.loads(content or "")
        return DraftFacts.model_validate(data).facts
    except (AttributeError, IndexError, TypeError, ValueError, ValidationError):
        return None


@dataclass
class _Outcome:
    drafts: list[DraftFact]
    error: str | None = None
    # The answer was cut off or not JSON at all: fewer passages per call may fit.
    split: bool = False


def _ask(
    backend: Backend,
    source: str,
    area: Category,
    batch: list[Candidate],
    company: str,
    max_retries: int,
) -> _Outcome:
    windows = [(c.sentence.start, c.sentence.end) for c in batch]
    messages = build_messages(area, company, [c.sentence.text for c in batch])
    try:
        with grounding(source, windows):
            answer = backend.client.create(
                model=backend.model,
                response_model=draft_model_for(area),
                messages=messages,
                max_retries=max_retries,
                temperature=0.0,
                max_tokens=MAX_COMPLETION_TOKENS,
                extra_body=_extra_body(backend, len(batch)),
            )
        return _Outcome(list(answer.facts))
    except IncompleteOutputException:
        return _Outcome([], f"{len(batch)} passages: answer cut off at the token limit", True)
    except InstructorRetryException as exc:
        cause = exc.__cause__
        if isinstance(cause, openai.APIError):
            raise backend.failure(cause) from exc
        if isinstance(cause, IncompleteOutputException):
            return _Outcome([], f"{len(batch)} passages: answer cut off at the token limit", True)
        if cause is not None and not isinstance(cause, ValueError):
            # Another provider SDK's transport or API error (pydantic's
            # ValidationError is a ValueError: that is a bad answer, handled below).
            detail = " ".join(str(cause).split())[:200]
            raise ModelUnavailableError(f"model call failed: {detail}") from exc
        drafts = _lenient_parse(exc.last_completion)
        what = f"{len(batch)} passages: no valid answer after {exc.n_attempts} attempts"
        if drafts is None:
            return _Outcome([], f"{what} (not JSON)", True)
        # Valid JSON whose quotes failed grounding: keep it, verify drops what fails.
        return _Outcome(drafts, what)
    except openai.APIError as exc:
        raise backend.failure(exc) from exc


def extract_area(
    backend: Backend,
    source: str,
    area: Category,
    candidates: list[Candidate],
    company: str,
    batch_size: int = 4,
    max_retries: int = 1,
    budget: TokenBudget | None = None,
) -> AreaDrafts:
    """Ask about ``candidates`` in batches; a batch whose answer is cut off or not
    JSON is asked again as two halves (down to single passages), never repeated as is."""
    result = AreaDrafts(area=area)
    started = time.perf_counter()
    pending = _batches(candidates, batch_size)
    reasks = 0
    while pending:
        batch = pending.pop(0)
        if budget is not None:
            budget.check()
        before = (backend.usage.calls, backend.usage.prompt_tokens, backend.usage.completion_tokens)
        outcome = _ask(backend, source, area, batch, company, max_retries)
        result.calls += backend.usage.calls - before[0]
        result.prompt_tokens += backend.usage.prompt_tokens - before[1]
        result.completion_tokens += backend.usage.completion_tokens - before[2]
        if outcome.error:
            result.errors.append(outcome.error)
        if outcome.split and len(batch) > 1:
            half = (len(batch) + 1) // 2
            pending[:0] = [batch[:half], batch[half:]]
            continue
        windows = [(c.sentence.start, c.sentence.end) for c in batch]
        if len(batch) > 1 and reasks < MAX_REASKS_PER_AREA:
            drifted = {drifted_passage(d, source, windows, company) for d in outcome.drafts}
            again = sorted(n for n in drifted if n is not None)[: MAX_REASKS_PER_AREA - reasks]
            reasks += len(again)
            pending[:0] = [[batch[n]] for n in again]
        rank = max(c.score for c in batch)
        # Passage numbers count within the call; make them index the area's windows.
        offset = len(result.windows)
        drafts = [
            d.model_copy(update={"passage": d.passage + offset})
            if d.passage is not None and 1 <= d.passage <= len(windows)
            else d.model_copy(update={"passage": None})
            for d in outcome.drafts
        ]
        result.drafts.extend(drafts)
        result.windows.extend(windows)
        result.ranks.extend([rank] * len(drafts))
    result.seconds = time.perf_counter() - started
    return result
