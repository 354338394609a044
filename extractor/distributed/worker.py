"""One Ray actor's work: a model backend kept open, documents run one at a time.

Plain Python (no Ray import): the driver wraps the class with ``ray.remote``.
The backend is a shared endpoint (``--base-url``/``--model``) or the embedded
model server started in the actor itself, with as many llama.cpp threads as
the CPUs Ray gave the actor (the driver gives one such actor a whole node).
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from extractor.batch import DocumentResult, RunSettings, summarize_document
from extractor.errors import ExtractorError, ModelUnavailableError
from extractor.filings.load import LoadedDocument
from extractor.providers.base import LLM
from extractor.providers.cache import ResponseCache
from extractor.providers.llama_cpp import LlamaCpp
from extractor.providers.router import is_local_model, open_llm

# llama.cpp gains little past 8 threads (as extractor.providers.llama_cpp.server caps it).
MAX_SERVER_THREADS = 8


@dataclass
class Outcome:
    """What a worker hands back: the result and, if it succeeded, the output file's text."""

    result: DocumentResult
    output: str | None = None
    detail: str = ""
    unavailable: bool = False  # the model endpoint could not be reached


class DocumentWorker:
    def __init__(
        self,
        model: str | None,
        base_url: str | None,
        cache_dir: str | None,
        settings: RunSettings,
        threads: int,
    ) -> None:
        self.settings = settings
        self.where = f"{socket.gethostname()} pid {os.getpid()}"
        self.setup_error: str | None = None
        self._stack = contextlib.ExitStack()
        cache = ResponseCache(Path(cache_dir)) if cache_dir else None
        try:
            self.llm = self._open(model, base_url, cache, threads)
        except ExtractorError as exc:  # reported by the driver in one line, not a traceback
            self.setup_error = str(exc)

    def _open(
        self, model: str | None, base_url: str | None, cache: ResponseCache | None, threads: int
    ) -> LLM:
        if not is_local_model(model, base_url):
            return self._stack.enter_context(open_llm(model, base_url, cache=cache))
        threads = max(1, min(threads, MAX_SERVER_THREADS))
        return self._stack.enter_context(LlamaCpp.started(cache=cache, threads=threads))

    def ready(self) -> tuple[str, str | None]:
        """Where this worker runs, and why it cannot work (None when it can)."""
        return self.where, self.setup_error

    def run(self, result: DocumentResult, doc: LoadedDocument) -> Outcome:
        """One document; every failure comes back as an outcome, never as an exception."""
        started = time.perf_counter()
        try:
            return Outcome(result, summarize_document(result, doc, self.llm, self.settings))
        except ModelUnavailableError as exc:
            result.status, result.reason = "failed", str(exc)
            outcome = Outcome(result, unavailable=True)
        except Exception as exc:  # one document's failure must not stop the worker
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            result.status, result.reason = "failed", str(exc) or type(exc).__name__
            outcome = Outcome(result, detail=detail)
        result.seconds = round(time.perf_counter() - started, 2)
        return outcome

    def close(self) -> None:
        self._stack.close()
