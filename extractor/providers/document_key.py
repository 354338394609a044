"""Which document a model request belongs to: part of every response-cache key.

The backend names it on each request it sends (a header that the cache
transport reads and removes before the request leaves), from the text the
request quotes: whoever calls the backend, the CLI, batch or a library user,
gets the same keys, with nothing to wrap around the call.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

DOCUMENT_HEADER = "x-extractor-document"


@lru_cache(maxsize=8)
def document_key(text: str) -> str:
    """The sha256 of the document's text, as outputs record it (a few calls per document)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
