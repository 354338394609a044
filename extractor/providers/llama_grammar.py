"""llama.cpp adapter: send a GBNF grammar instead of the JSON-schema response format.

instructor's JSON_SCHEMA mode always sends ``response_format``; a llama.cpp
server accepts either that or a ``grammar``, not both. When a request carries
a grammar (through ``extra_body``), this transport drops the response format so
the grammar decides the output shape. instructor still validates the answer
against the Pydantic model as usual.
"""

from __future__ import annotations

import json

import httpx2 as httpx  # the HTTP client of openai 3.x


class GrammarTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport | None = None) -> None:
        self._inner = inner or httpx.HTTPTransport(trust_env=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/chat/completions"):
            request = _with_grammar_only(request)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def _with_grammar_only(request: httpx.Request) -> httpx.Request:
    try:
        body = json.loads(request.read())
    except (ValueError, UnicodeDecodeError):
        return request
    if not isinstance(body, dict) or not body.get("grammar") or "response_format" not in body:
        return request
    del body["response_format"]
    content = json.dumps(body).encode()
    headers = [(k, v) for k, v in request.headers.items() if k.lower() != "content-length"]
    return httpx.Request(
        request.method,
        request.url,
        headers=[*headers, ("content-length", str(len(content)))],
        content=content,
        extensions=request.extensions,
    )
