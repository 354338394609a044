"""The llama.cpp adapter sends the grammar alone; other requests pass through untouched."""

from __future__ import annotations

import json

import httpx2 as httpx

from extractor.providers.llama_cpp.grammar import GrammarTransport, draft_grammar


def _send(body: dict) -> dict:
    seen: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.read()))
        return httpx.Response(200, json={"ok": True})

    client = httpx.Client(transport=GrammarTransport(httpx.MockTransport(handler)))
    client.post("http://127.0.0.1:1/v1/chat/completions", json=body)
    return seen[0]


def test_grammar_replaces_the_response_format():
    sent = _send({"messages": [], "response_format": {"type": "json_schema"}, "grammar": "g"})
    assert "response_format" not in sent and sent["grammar"] == "g"


def test_requests_without_grammar_are_unchanged():
    body = {"messages": [], "response_format": {"type": "json_schema"}}
    assert _send(body) == body


def test_grammar_numbers_one_note_per_passage():
    g = draft_grammar(3)
    assert 'root ::= "{\\"facts\\":[" note1 "," note2 "," note3 "]}"' in g
    assert '"{\\"passage\\":3,\\"quote\\":"' in g
    assert "\n" not in g.split("quote ::=")[1].split("\n")[0].strip('" ')  # one rule per line
