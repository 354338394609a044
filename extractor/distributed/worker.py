"""One Ray actor's work: a model backend kept open, documents run one at a time.

Plain Python (no Ray import): the driver wraps the class with ``ray.remote``.
The backend is opened from the run's ``ModelSpec`` by ``open_llm``, as on one
machine (its timeout and cache included): a shared endpoint, or the embedded
model server started in the actor itself with the threads the driver gave the
spec (as many as the CPUs it reserved for the actor).
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
import traceback
from dataclasses import dataclass

from extractor.batch import DocumentResult, RunSettings, summarize_document
from extractor.errors import ExtractorError, ModelUnavailableError
from extractor.filings.load import LoadedDocument
from extractor.providers.router import open_llm
from extractor.providers.spec import ModelSpec


@dataclass
class Outcome:
    """What a worker hands back: the result and, if it succeeded, the output file's text."""

    result: DocumentResult
    output: str | None = None
    detail: str = ""
    unavailable: bool = False  # the model endpoint could not be reached


class DocumentWorker:
    def __init__(self, model: ModelSpec, settings: RunSettings) -> None:
        self.settings = settings
        self.where = f"{socket.gethostname()} pid {os.getpid()}"
        self.setup_error: str | None = None
        self._stack = contextlib.ExitStack()
        try:
            self.llm = self._stack.enter_context(open_llm(model))
        except ExtractorError as exc:  # reported by the driver in one line, not a traceback
            self.setup_error = str(exc)

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
