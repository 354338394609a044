"""The one seam to a model: ``LLM``, what it is asked and what it answers.

The pipeline asks for draft facts about one area from a few passages and gets
back one of three answers: the drafts, "cut off" (the answer hit the token
limit) or "unparseable" (not JSON after the retries). It never sees a provider
SDK: every backend raises only this package's errors (``ModelUnavailableError``
for an endpoint that failed after its retries, ``ExtractionError`` for a
request it refused). Each backend counts its own usage, so a token budget
reading ``usage.total`` trips however the backend was built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from extractor.core.schema import Category
from extractor.core.verify.drafts import DraftFact

# Written here once: what each call may generate, and how often instructor
# re-asks an answer whose quotes fail the grounding check.
MAX_COMPLETION_TOKENS = 900
VALIDATION_RETRIES = 1

AnswerKind = Literal["drafts", "cut_off", "unparseable"]
# Field the response cache adds to a replayed body; the OpenAI models keep unknown
# fields, so the completion ``Usage.record`` receives still carries it: a hit.
HIT_MARKER = "x_extractor_cache_hit"


@dataclass(frozen=True)
class DraftRequest:
    """Draft facts about ``area`` from the passages at ``windows`` of ``source``."""

    area: Category
    messages: list[dict[str, str]]
    source: str
    windows: tuple[tuple[int, int], ...]


# A floor for what an answer's text costs: tokenizers pack English and JSON at
# 3-5 characters a token, so this undercounts an honest answer, never overcounts it.
CHARS_PER_TOKEN = 8


def _count(value: Any) -> int:
    """A token count as reported: a non-negative int, whatever the server sent."""
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError, OverflowError):
        return 0


def _content(response: Any) -> str:
    try:
        return str(response.choices[0].message.content or "")
    except (AttributeError, IndexError, TypeError):
        return ""


def _prompt_chars(messages: Any) -> int:
    try:
        return sum(len(str(m.get("content") or "")) for m in messages)
    except (AttributeError, TypeError):
        return 0


@dataclass
class Usage:
    """Counts every completion received, retries included.

    A completion replayed from the response cache is a cache hit, not a call:
    the model did no work for it.
    """

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cache_hits: int = 0
    # The floor of the prompt last sent (``asking``), for the completion that answers it.
    _prompt_floor: int = field(default=0, repr=False, compare=False)

    def asking(self, *_: Any, **kwargs: Any) -> None:
        """Hook on each request sent (retries and re-asks included): its prompt's floor."""
        self._prompt_floor = _prompt_chars(kwargs.get("messages")) // CHARS_PER_TOKEN

    def record(self, response: Any) -> None:
        if getattr(response, HIT_MARKER, False) is True:
            self.cache_hits += 1
            return
        self.calls += 1
        usage = getattr(response, "usage", None)
        reported = prompt = 0
        if usage is not None:
            prompt = _count(getattr(usage, "prompt_tokens", 0))
            reported = _count(getattr(usage, "completion_tokens", 0))
        # Likewise the prompt: a server reporting 0, a negative or a non-number for it
        # must not make the prompts free under --token-budget.
        self.prompt_tokens += max(prompt, self._prompt_floor)
        # The server's count is not trusted alone: a long answer reported as a
        # few tokens still weighs on the budget.
        self.completion_tokens += max(reported, len(_content(response)) // CHARS_PER_TOKEN)

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def since(self, before: Usage) -> Usage:
        return Usage(
            self.calls - before.calls,
            self.prompt_tokens - before.prompt_tokens,
            self.completion_tokens - before.completion_tokens,
            self.cache_hits - before.cache_hits,
        )

    def snapshot(self) -> Usage:
        return Usage(self.calls, self.prompt_tokens, self.completion_tokens, self.cache_hits)

    def add(self, other: Usage) -> None:
        self.calls += other.calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.cache_hits += other.cache_hits


@dataclass(frozen=True)
class TriageRequest:
    """One passage's label: the probability of each answer token (``core.triage``);
    ``source``: the document, which keys the response cache."""

    messages: list[dict[str, str]]
    source: str = ""


@dataclass
class TriageAnswer:
    """The first answer token's candidates and their probabilities; empty when the
    backend gave no log-probabilities and no usable token."""

    probabilities: dict[str, float] = field(default_factory=dict)
    usage: Usage = field(default_factory=Usage)


@dataclass
class Answer:
    """What one request came to; ``attempts`` is set when no attempt passed validation."""

    kind: AnswerKind = "drafts"
    drafts: list[DraftFact] = field(default_factory=list)
    attempts: int | None = None
    usage: Usage = field(default_factory=Usage)
    detail: str | None = None  # why an unparseable answer failed, when not "not JSON"


class LLM(Protocol):
    """One backend kind per class (``providers.openai_compatible``, ``providers.llama_cpp``)."""

    model: str  # the model name recorded in outputs
    label: str  # which backend, e.g. ``local`` or ``openai-compatible:URL``
    usage: Usage

    def ask(self, request: DraftRequest) -> Answer:
        """Draft facts for ``request``; raises only ``ExtractorError`` subclasses."""
        ...

    def triage(self, request: TriageRequest) -> TriageAnswer:
        """The label probabilities of one passage; raises only ``ExtractorError`` subclasses."""
        ...

    def fork(self) -> LLM:
        """Same model and connection, own usage: one per concurrent document."""
        ...
