"""llama.cpp's grammar: the GBNF of the draft notes, and the transport that sends it.

instructor's JSON_SCHEMA mode always sends ``response_format``; a llama.cpp
server accepts either that or a ``grammar``, not both. When a request carries
a grammar (through ``extra_body``), this transport drops the response format so
the grammar decides the output shape. instructor still validates the answer
against the Pydantic model as usual.
"""

from __future__ import annotations

import json

import httpx2 as httpx  # the HTTP client of openai 3.x

# Compact-JSON grammar for the notes (GBNF, understood by llama.cpp servers).
# A JSON-schema grammar lets the model indent and break lines, which costs it
# about 40% more generated tokens, and it copies whole passages as "quotes".
# Here the JSON is on one line, there is exactly one note per passage (the
# protocol of the prompt; left free, the model closes an unindented list at
# once), and a quote is cut at 90 characters: still a verbatim prefix that
# aligns to its passage. Same fields as ``DraftFacts``.
_CHAR = r'[^"\\\x7F\x00-\x1F] | "\\" ( ["\\/bfnrt] | "u" [0-9a-fA-F]{4} )'


def draft_grammar(notes: int) -> str:
    """GBNF for ``{"facts":[...]}`` with one compact note per passage, in order."""
    items = ' "," '.join(f"note{k}" for k in range(1, notes + 1))
    rules = [rf'root ::= "{{\"facts\":[" {items} "]}}"']
    rules += [
        rf'note{k} ::= "{{\"passage\":{k},\"quote\":" quote ",\"statement\":" text '
        r'",\"subject\":" subject ",\"names\":[" ( name ( "," name ){0,5} )? "]}"'
        for k in range(1, notes + 1)
    ]
    return "\n".join(
        [
            *rules,
            r'subject ::= "\"company\"" | "\"third_party\"" | "\"market\""',
            r'quote ::= "\"" char{1,90} "\""',
            r'text ::= "\"" char{0,300} "\""',
            r'name ::= "\"" char{1,60} "\""',
            f"char ::= {_CHAR}",
        ]
    )


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
