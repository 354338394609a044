"""The response cache as a transport: what it stores, what it replays, what it keys on."""

from __future__ import annotations

import json

import httpx2 as httpx

from extractor.config import RunConfig
from extractor.pipeline import summarize
from extractor.providers.base import Usage
from extractor.providers.cache import (
    HIT_MARKER,
    CachingTransport,
    ResponseCache,
    cache_key,
)
from extractor.providers.document_key import DOCUMENT_HEADER
from extractor.providers.router import open_llm
from extractor.providers.spec import ModelSpec
from tests.batch.fake_openai import fake_server

COMPLETION = {"id": "c1", "choices": [{"index": 0, "message": {"content": "{}"}}]}


class Upstream(httpx.BaseTransport):
    def __init__(self, status: int = 200, body: dict | None = None) -> None:
        self.status, self.body, self.calls = status, body or COMPLETION, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        assert DOCUMENT_HEADER not in request.headers  # ours, never sent on
        return httpx.Response(self.status, json=self.body)


def _post(transport: CachingTransport, body: dict, document: str | None = None) -> httpx.Response:
    headers = {DOCUMENT_HEADER: document} if document else {}
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:1/v1") as client:
        return client.post("/chat/completions", json=body, headers=headers)


def test_second_identical_request_is_replayed_and_marked(tmp_path):
    upstream = Upstream()
    transport = CachingTransport(ResponseCache(tmp_path), "local", upstream)
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "temperature": 0}
    first = _post(transport, body, "a" * 64)
    again = _post(transport, dict(reversed(body.items())), "a" * 64)  # key order does not matter
    assert upstream.calls == 1
    assert first.json() == COMPLETION
    assert again.json() == {**COMPLETION, HIT_MARKER: True}
    assert len(list(tmp_path.rglob("*.json"))) == 1
    assert not list(tmp_path.rglob("*.tmp"))


def test_key_covers_document_parameters_and_backend(tmp_path):
    body = {"model": "m", "messages": [], "temperature": 0}
    base = cache_key("a" * 64, "local", body)
    assert cache_key("b" * 64, "local", body) != base
    assert cache_key("a" * 64, "local", {**body, "temperature": 0.5}) != base
    assert cache_key("a" * 64, "local", {**body, "model": "n"}) != base
    assert cache_key("a" * 64, "openai-compatible:http://x/v1", body) != base
    upstream = Upstream()
    transport = CachingTransport(ResponseCache(tmp_path), "local", upstream)
    _post(transport, body, "a" * 64)
    _post(transport, body, "b" * 64)
    assert upstream.calls == 2


def test_errors_and_requests_outside_a_document_are_never_stored(tmp_path):
    failing = Upstream(status=500, body={"error": {"message": "boom"}})
    transport = CachingTransport(ResponseCache(tmp_path), "local", failing)
    assert _post(transport, {"model": "m"}, "a" * 64).status_code == 500
    assert _post(transport, {"model": "m"}, "a" * 64).status_code == 500
    assert failing.calls == 2
    ok = Upstream()
    transport = CachingTransport(ResponseCache(tmp_path), "local", ok)
    _post(transport, {"model": "m"})  # no document named
    _post(transport, {"model": "m"})
    assert ok.calls == 2
    assert not list(tmp_path.rglob("*.json"))


def test_corrupt_entry_is_a_miss(tmp_path):
    upstream = Upstream()
    cache = ResponseCache(tmp_path)
    transport = CachingTransport(cache, "local", upstream)
    _post(transport, {"model": "m"}, "a" * 64)
    (entry,) = tmp_path.rglob("*.json")
    entry.write_text('{"key": "trunc')
    assert _post(transport, {"model": "m"}, "a" * 64).json() == COMPLETION
    assert upstream.calls == 2
    assert json.loads(entry.read_text())["body"] == COMPLETION


def test_usage_counts_replays_as_hits_not_calls():
    class Replayed:
        x_extractor_cache_hit = True
        usage = None

    usage = Usage()
    usage.record(Replayed())
    usage.record(object())
    assert (usage.calls, usage.cache_hits) == (1, 1)


def test_a_library_call_uses_the_cache_it_is_given(tmp_path):
    """``summarize`` on a backend opened with a cache replays it, with nothing wrapped
    around the call: the backend names the document on every request."""
    text = (
        "Acme Corp. designs and sells industrial pumps. We sell our pumps through "
        "distributors and our direct sales force. Our customers are utilities and "
        "municipal water authorities. Revenue was $120.5 million in 2023.\n"
    )
    with fake_server() as server:
        spec = ModelSpec(base_url=server.base_url, cache=ResponseCache(tmp_path / "cache"))
        with open_llm(spec) as llm:
            first = summarize(text, llm, RunConfig())
        calls = server.requests
        with open_llm(spec) as llm:
            again = summarize(text, llm, RunConfig())
    assert first.run.llm_calls == calls > 0
    assert server.requests == calls  # not one request reached the model
    assert again.run.cache_hits == calls and again.run.llm_calls == 0
    assert again.model_dump(exclude={"run"}) == first.model_dump(exclude={"run"})
