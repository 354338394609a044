"""Which document a model request belongs to: part of every response-cache key.

The backend names it on each request it sends (a header that the cache
transport reads and removes before the request leaves), from the text the
request quotes: whoever calls the backend, the CLI, batch or a library user,
gets the same keys, with nothing to wrap around the call.

A run the model gave nothing usable for (``ModelAnswerError``) takes back the
cache entries written for its document (``take_back``), so a rerun asks the
model again rather than replaying the same failure; an interrupted run keeps
them, to resume from.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache

DOCUMENT_HEADER = "x-extractor-document"

_WRITTEN: dict[str, list[Callable[[], None]]] = {}
_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def document_key(text: str) -> str:
    """The sha256 of the document's text, as outputs record it (a few calls per document)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def wrote(document: str, undo: Callable[[], None]) -> None:
    """Record how to take back a cache entry written for ``document``."""
    with _LOCK:
        _WRITTEN.setdefault(document, []).append(undo)


def take_back(text: str) -> None:
    """Remove the cache entries written for this document's run (the model failed it)."""
    with _LOCK:
        undos = _WRITTEN.pop(document_key(text), [])
    for undo in undos:
        with suppress(OSError):  # an entry that cannot go must not hide the error
            undo()


def settled(text: str) -> None:
    """The run ended with an output: its entries stay, and are no longer tracked."""
    with _LOCK:
        _WRITTEN.pop(document_key(text), None)
