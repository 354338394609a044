"""``InstructorLLM``: an ``LLM`` over an instructor client, the base of every backend kind.

Subclasses say how the client is made and what extra request parameters their
server understands; asking, counting usage and mapping failures happen here
once. The usage hook is attached whenever a client is made (at construction
and in ``fork``), so no backend can run uncounted.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import instructor

from extractor.core.drafts import draft_model_for, grounding
from extractor.providers.base import (
    MAX_COMPLETION_TOKENS,
    VALIDATION_RETRIES,
    Answer,
    DraftRequest,
    Usage,
)
from extractor.providers.cache import held_until_answered
from extractor.providers.failures import DownReason, answer_or_raise


class InstructorLLM:
    def __init__(
        self,
        make_client: Callable[[], instructor.Instructor],
        model: str,
        label: str,
        *,
        down_reason: DownReason | None = None,
    ) -> None:
        self.model = model
        self.label = label
        # For a backend we run ourselves: None while it is up, else why it is not.
        self.down_reason = down_reason
        self._make_client = make_client
        self._connect()

    def _connect(self) -> None:
        self.usage = Usage()
        self.client = self._make_client()
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

    def ask(self, request: DraftRequest) -> Answer:
        before = self.usage.snapshot()
        with held_until_answered() as held:
            try:
                with grounding(request.source, request.windows):
                    reply = self.client.create(
                        model=self.model,
                        response_model=draft_model_for(request.area),
                        messages=request.messages,
                        max_retries=VALIDATION_RETRIES,
                        temperature=0.0,
                        max_tokens=MAX_COMPLETION_TOKENS,
                        extra_body=self.extra_body(request),
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
