"""Which document the model calls of this thread belong to: part of every cache key.

Kept apart from the cache transport so that callers (the CLI, the batch
runner) can say which document they run without importing an HTTP client.
A run the model gave nothing usable for (``ModelAnswerError``) takes back the
cache entries it wrote, so a rerun asks the model again rather than replaying
the same failure; an interrupted run keeps them, to resume from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar

from extractor.errors import ModelAnswerError

_DOCUMENT: ContextVar[str | None] = ContextVar("extractor_cache_document", default=None)
_WRITTEN: ContextVar[list[Callable[[], None]] | None] = ContextVar(
    "extractor_cache_written", default=None
)


@contextmanager
def for_document(sha256: str) -> Iterator[None]:
    """Key the responses of calls made in this block (this thread) to one document."""
    written: list[Callable[[], None]] = []
    token = _DOCUMENT.set(sha256)
    token_written = _WRITTEN.set(written)
    try:
        yield
    except ModelAnswerError:
        for undo in written:
            with suppress(OSError):  # an entry that cannot go must not hide the error
                undo()
        raise
    finally:
        _WRITTEN.reset(token_written)
        _DOCUMENT.reset(token)


def current_document() -> str | None:
    return _DOCUMENT.get()


def wrote(undo: Callable[[], None]) -> None:
    """Record how to take back a cache entry written for the current document."""
    written = _WRITTEN.get()
    if written is not None:
        written.append(undo)
