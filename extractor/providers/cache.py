"""A content-addressed cache of model responses, as an httpx transport.

It sits at the one seam to an LLM (the HTTP client under the OpenAI client),
so the pipeline does not know it exists: a request whose key was answered
before is answered from disk without reaching the model. The key is the
sha256 of the draft contract's version, the document's sha256, the backend and
model, and the canonical JSON of the request body (which holds the prompt, the
messages, the response schema and every sampling parameter), so changing any
of them is a miss. The output schema's version is not in the key: a new output
field does not change what the model was asked, so its answers still replay.

Only whole, successful (200) chat-completion responses are stored, and never
one cut off at the token limit. Within ``held_until_answered`` (each ``ask``)
responses are held and stored only once the exchange ended in an answer: a
failed one (not JSON, wrong types, over the cap) would otherwise replay as the
same failure after the endpoint is fixed. Each entry is written to a temporary
file and renamed, so a run killed at any point leaves either a complete entry
or none. A replayed response carries a
marker field that ``Usage`` counts as a cache hit instead of a model call.

The document's hash reaches the transport in a request header the backend
sets (``document_key``) and the transport removes: a request without it is not
cached, because a key must say which document a response belongs to. A run that
ends with the model having given nothing usable takes back what it wrote
(``document_key.take_back``). A triage request asks for one token, so its
answer stopping at that limit is whole, not cut off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import httpx2 as httpx

from extractor.core.verify.drafts import DRAFT_CONTRACT_VERSION
from extractor.providers.base import HIT_MARKER
from extractor.providers.document_key import DOCUMENT_HEADER, wrote
from extractor.providers.settings import cache_root

_KEY_VERSION = "1"  # bump if the key layout changes
# What the model is asked has not changed since output schema 1.0.0; the output
# schema's later versions (2.0.0 added the business-model record, made by code)
# do not change a request, so responses cached under 1.0.0 still answer it.


def default_cache_dir() -> Path:
    """``responses/`` under the extractor's cache root."""
    return cache_root() / "responses"


def cache_key(document_sha256: str, namespace: str, body: dict[str, Any]) -> str:
    material = {
        "v": _KEY_VERSION,
        "schema_version": DRAFT_CONTRACT_VERSION,
        "document_sha256": document_sha256,
        "backend": namespace,
        "model": body.get("model"),
        "request": body,
    }
    canonical = json.dumps(material, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ResponseCache:
    """Entries as ``DIR/ab/abcdef....json``; each holds one response body."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent, or unreadable: a miss, the model answers again
        body = entry.get("body") if isinstance(entry, dict) else None
        return body if isinstance(body, dict) else None

    def put(self, key: str, body: dict[str, Any], document: str | None = None) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{key}.", suffix=".tmp")
        except OSError:
            return  # an unwritable cache must never fail a run
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"key": key, "body": body}, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if document is not None:
            wrote(document, lambda: path.unlink(missing_ok=True))


def _is_completion(body: Any, asked: dict[str, Any]) -> bool:
    """A whole completion: choices, and the first not cut off at the token limit (unless
    one token was all that was asked for: a triage label)."""
    if not isinstance(body, dict) or not body.get("choices"):
        return False
    first = body["choices"][0]
    cut = isinstance(first, dict) and first.get("finish_reason") == "length"
    return not cut or asked.get("max_tokens") == 1


class Held:
    """Responses of one exchange, stored only if ``keep`` is called."""

    def __init__(self) -> None:
        self.entries: list[tuple[ResponseCache, str, dict[str, Any], str]] = []

    def keep(self) -> None:
        for cache, key, body, document in self.entries:
            cache.put(key, body, document)
        self.entries.clear()


_HELD: ContextVar[Held | None] = ContextVar("extractor_cache_held", default=None)


@contextmanager
def held_until_answered() -> Iterator[Held]:
    """Responses received in this block are stored only when the caller ``keep``s them."""
    held = Held()
    token = _HELD.set(held)
    try:
        yield held
    finally:
        _HELD.reset(token)


class CachingTransport(httpx.BaseTransport):
    """Answers repeated chat-completion requests from a ``ResponseCache``."""

    def __init__(
        self, cache: ResponseCache, namespace: str, inner: httpx.BaseTransport | None = None
    ) -> None:
        self.cache = cache
        self.namespace = namespace  # which backend: the same model name elsewhere is another model
        self.inner = inner or httpx.HTTPTransport()

    def _key(self, request: httpx.Request) -> tuple[str, str, dict[str, Any]] | None:
        """(key, document, request body) of a cacheable request, else None."""
        document = request.headers.pop(DOCUMENT_HEADER, None)  # ours: never sent on
        if document is None or request.method != "POST":
            return None
        if not request.url.path.endswith("/chat/completions"):
            return None
        try:
            body = json.loads(request.read())
        except ValueError:
            return None
        if not isinstance(body, dict):
            return None
        return cache_key(document, self.namespace, body), document, body

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        keyed = self._key(request)
        key, document, asked = keyed if keyed is not None else (None, "", {})
        if key is not None:
            cached = self.cache.get(key)
            if cached is not None:
                replay = dict(cached, **{HIT_MARKER: True})
                return httpx.Response(200, json=replay, request=request)
        response = self.inner.handle_request(request)
        if key is None or response.status_code != 200:
            return response
        content = response.read()  # decoded; the stream is closed once read
        try:
            body = json.loads(content)
        except ValueError:
            body = None
        if _is_completion(body, asked):
            held = _HELD.get()
            if held is None:
                self.cache.put(key, body, document)
            else:
                held.entries.append((self.cache, key, body, document))
        # A fresh response: the body is already decoded, so drop the transfer headers.
        headers = [
            (k, v)
            for k, v in response.headers.multi_items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        return httpx.Response(200, headers=headers, content=content, request=request)

    def close(self) -> None:
        self.inner.close()
