"""Which document the model calls of this thread belong to: part of every cache key.

Kept apart from the cache transport so that callers (the CLI, the batch
runner) can say which document they run without importing an HTTP client.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_DOCUMENT: ContextVar[str | None] = ContextVar("extractor_cache_document", default=None)


@contextmanager
def for_document(sha256: str) -> Iterator[None]:
    """Key the responses of calls made in this block (this thread) to one document."""
    token = _DOCUMENT.set(sha256)
    try:
        yield
    finally:
        _DOCUMENT.reset(token)


def current_document() -> str | None:
    return _DOCUMENT.get()
