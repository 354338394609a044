"""``InstructorLLM``: an ``LLM`` over an instructor client, the base of every backend kind.

Subclasses say how the client is made and what extra request parameters their
server understands; asking, counting usage and mapping failures happen here
once. The usage hook is attached whenever a client is made (at construction
and in ``fork``), so no backend can run uncounted.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import httpx2 as httpx
import instructor
import openai

from extractor.core.verify.drafts import Grounding, draft_model_for
from extractor.providers.base import (
    MAX_COMPLETION_TOKENS,
    VALIDATION_RETRIES,
    Answer,
    DraftRequest,
    TriageAnswer,
    TriageRequest,
    Usage,
)
from extractor.providers.bounded import AnswerTooLarge, BoundedTransport, Progress
from extractor.providers.cache import CachingTransport, ResponseCache, held_until_answered
from extractor.providers.document_key import DOCUMENT_HEADER, document_key
from extractor.providers.failures import DownReason, answer_or_raise, endpoint_failure
from extractor.providers.settings import MAX_ANSWER_BYTES, MAX_RETRIES, read_timeout

# The first token's candidates asked for: the six labels and their spellings
# ("products", " products", "product") fit well within twenty.
TRIAGE_TOP = 20


def openai_client(
    base_url: str,
    api_key: str,
    network: httpx.BaseTransport,
    timeout: float,
    cache: ResponseCache | None,
    label: str,
    progress: Progress | None = None,
    wrap: Callable[[httpx.BaseTransport], httpx.BaseTransport] = lambda t: t,
    event_hooks: dict[str, list[Callable[..., Any]]] | None = None,
) -> openai.OpenAI:
    """The OpenAI client of a backend: every request bounded (total deadline, answer size)
    over ``network``, the response cache above it (a replayed answer costs no wait), and
    ``wrap`` outermost (the embedded model's grammar)."""
    inner: httpx.BaseTransport = BoundedTransport(network, timeout, MAX_ANSWER_BYTES, progress)
    if cache is not None:
        inner = CachingTransport(cache, label, inner)
    return openai.OpenAI(
        base_url=base_url,
        api_key=api_key,
        timeout=read_timeout(timeout),
        max_retries=MAX_RETRIES,
        http_client=openai.DefaultHttpxClient(
            trust_env=False, transport=wrap(inner), event_hooks=event_hooks or {}
        ),
    )


def instructor_over(raw: openai.OpenAI) -> Callable[[], instructor.Instructor]:
    """How a backend on an OpenAI client makes its instructor client (JSON schema mode)."""
    return lambda: instructor.from_openai(raw, mode=instructor.Mode.JSON_SCHEMA)


class InstructorLLM:
    def __init__(
        self,
        make_client: Callable[[], instructor.Instructor],
        model: str,
        label: str,
        *,
        down_reason: DownReason | None = None,
        cached: bool = False,
    ) -> None:
        self.model = model
        self.label = label
        # A response cache under the client keys each request to its document.
        self.cached = cached
        # For a backend we run ourselves: None while it is up, else why it is not.
        self.down_reason = down_reason
        self._make_client = make_client
        self._connect()

    def _connect(self) -> None:
        self.usage = Usage()
        self.client = self._make_client()
        self.client.on("completion:kwargs", self.usage.asking)
        self.client.on("completion:response", self.usage.record)

    def fork(self) -> InstructorLLM:
        """Same model and connection, own client and usage: per-call deltas of a
        shared ``Usage`` would mix concurrent documents."""
        twin = copy.copy(self)
        twin._connect()
        return twin

    def extra_body(self, request: DraftRequest) -> dict[str, Any] | None:
        """Request parameters beyond the OpenAI ones that this backend's server understands."""
        return None

    def triage_body(self) -> dict[str, Any] | None:
        """Request parameters beyond the OpenAI ones for a triage request."""
        return None

    def triage(self, request: TriageRequest) -> TriageAnswer:
        """One generated token and its top candidates' log-probabilities, through the raw
        OpenAI client under instructor (same transport, cache and deadline). A backend
        that is not OpenAI-shaped, or sends no log-probabilities and no letter, gives an
        empty answer: the pipeline then files passages by selection alone."""
        raw = getattr(self.client, "client", None)
        create = getattr(getattr(getattr(raw, "chat", None), "completions", None), "create", None)
        if create is None:
            return TriageAnswer()
        before = self.usage.snapshot()
        try:
            response = create(
                model=self.model,
                messages=request.messages,
                max_tokens=1,
                temperature=0.0,
                logprobs=True,
                top_logprobs=TRIAGE_TOP,
                extra_body=self.triage_body(),
                extra_headers=self.extra_headers(request.source),
            )
        except openai.APIError as exc:
            if isinstance(exc.__cause__, AnswerTooLarge):
                return TriageAnswer()  # one token asked, megabytes sent: no label
            raise endpoint_failure(self.label, exc, self.down_reason) from exc
        self.usage.record(response)
        spent = self.usage.since(before)
        # Only the passage's own tokens were read: the instruction and examples came
        # from the server's prompt cache, and a budget should not count them each time.
        cached = _count_cached(response)
        self.usage.prompt_tokens -= min(cached, spent.prompt_tokens)
        return TriageAnswer(_first_token_probabilities(response), self.usage.since(before))

    def extra_headers(self, source: str) -> dict[str, str] | None:
        """Which document a request belongs to, for the response cache (removed there)."""
        return {DOCUMENT_HEADER: document_key(source)} if self.cached else None

    def ask(self, request: DraftRequest) -> Answer:
        before = self.usage.snapshot()
        with held_until_answered() as held:
            try:
                grounding = Grounding(request.source, request.windows)
                reply = self.client.create(
                    model=self.model,
                    # Quotes checked against what this call was shown; instructor re-asks.
                    response_model=draft_model_for(request.area, grounding),
                    messages=request.messages,
                    max_retries=VALIDATION_RETRIES,
                    temperature=0.0,
                    max_tokens=MAX_COMPLETION_TOKENS,
                    extra_body=self.extra_body(request),
                    extra_headers=self.extra_headers(request.source),
                )
                answer = Answer("drafts", list(reply.facts))
            except Exception as exc:
                answer = answer_or_raise(exc, self.label, self.down_reason)
            if answer.kind == "drafts":
                # Only an exchange that ended in an answer is cached: a rerun after
                # a cut-off or unparseable one asks the model again.
                held.keep()
        answer.usage = self.usage.since(before)
        return answer


def _first_token_probabilities(response: Any) -> dict[str, float]:
    """``token -> probability`` of the first answer token's candidates; the answer's own
    text with probability 1 when the server sent no log-probabilities."""
    try:
        choice = response.choices[0]
    except (AttributeError, IndexError, TypeError):
        return {}
    found: dict[str, float] = {}
    content = getattr(getattr(choice, "logprobs", None), "content", None) or []
    if content:
        for candidate in getattr(content[0], "top_logprobs", None) or []:
            token, logprob = getattr(candidate, "token", None), getattr(candidate, "logprob", None)
            if isinstance(token, str) and isinstance(logprob, int | float):
                p = math.exp(max(-100.0, min(0.0, float(logprob))))
                found[token] = found.get(token, 0.0) + p
    if not found:
        text = str(getattr(getattr(choice, "message", None), "content", None) or "").strip()
        if text:
            found[text[:1]] = 1.0
    return found


def _count_cached(response: Any) -> int:
    """Prompt tokens the server says it took from its cache (``cached_tokens``)."""
    details = getattr(getattr(response, "usage", None), "prompt_tokens_details", None)
    try:
        return max(0, int(getattr(details, "cached_tokens", 0) or 0))
    except (TypeError, ValueError, OverflowError):
        return 0
