"""The response cache as a transport: what it stores, what it replays, what it keys on."""

from __future__ import annotations

import contextlib
import hashlib
import json

import httpx2 as httpx
import pytest

from extractor.config import RequestLimits, RunConfig
from extractor.errors import ModelAnswerError
from extractor.pipeline import summarize
from extractor.providers.base import Usage
from extractor.providers.cache import (
    HIT_MARKER,
    CachingTransport,
    ResponseCache,
    cache_key,
    held_until_answered,
)
from extractor.providers.document_key import for_document
from extractor.providers.router import open_llm
from tests.providers.fault_server import Reply, echo_first_passage, fault_server

COMPLETION = {"id": "c1", "choices": [{"index": 0, "message": {"content": "{}"}}]}


class Upstream(httpx.BaseTransport):
    def __init__(self, status: int = 200, body: dict | None = None) -> None:
        self.status, self.body, self.calls = status, body or COMPLETION, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return httpx.Response(self.status, json=self.body)


def _post(transport: CachingTransport, body: dict) -> httpx.Response:
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:1/v1") as client:
        return client.post("/chat/completions", json=body)


def test_second_identical_request_is_replayed_and_marked(tmp_path):
    upstream = Upstream()
    transport = CachingTransport(ResponseCache(tmp_path), "local", upstream)
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "temperature": 0}
    with for_document("a" * 64):
        first = _post(transport, body)
        again = _post(transport, dict(reversed(body.items())))  # key order does not matter
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
    with for_document("a" * 64):
        _post(transport, body)
    with for_document("b" * 64):
        _post(transport, body)
    assert upstream.calls == 2


def test_errors_and_requests_outside_a_document_are_never_stored(tmp_path):
    failing = Upstream(status=500, body={"error": {"message": "boom"}})
    transport = CachingTransport(ResponseCache(tmp_path), "local", failing)
    with for_document("a" * 64):
        assert _post(transport, {"model": "m"}).status_code == 500
        assert _post(transport, {"model": "m"}).status_code == 500
    assert failing.calls == 2
    ok = Upstream()
    transport = CachingTransport(ResponseCache(tmp_path), "local", ok)
    _post(transport, {"model": "m"})  # no document in context
    _post(transport, {"model": "m"})
    assert ok.calls == 2
    assert not list(tmp_path.rglob("*.json"))


def test_corrupt_entry_is_a_miss(tmp_path):
    upstream = Upstream()
    cache = ResponseCache(tmp_path)
    transport = CachingTransport(cache, "local", upstream)
    with for_document("a" * 64):
        _post(transport, {"model": "m"})
        (entry,) = tmp_path.rglob("*.json")
        entry.write_text('{"key": "trunc')
        assert _post(transport, {"model": "m"}).json() == COMPLETION
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


def test_an_answer_cut_off_at_the_token_limit_is_never_stored(tmp_path):
    cut = {
        "id": "c",
        "choices": [{"index": 0, "message": {"content": "{"}, "finish_reason": "length"}],
    }
    upstream = Upstream(body=cut)
    transport = CachingTransport(ResponseCache(tmp_path), "local", upstream)
    with for_document("a" * 64):
        _post(transport, {"model": "m"})
        _post(transport, {"model": "m"})
    assert upstream.calls == 2 and not list(tmp_path.rglob("*.json"))


def test_held_responses_are_stored_only_when_kept(tmp_path):
    upstream = Upstream()
    transport = CachingTransport(ResponseCache(tmp_path), "local", upstream)
    with for_document("a" * 64):
        with held_until_answered():
            _post(transport, {"model": "m"})
        assert not list(tmp_path.rglob("*.json"))  # the exchange failed: nothing stored
        with held_until_answered() as held:
            _post(transport, {"model": "m"})
            held.keep()
        assert len(list(tmp_path.rglob("*.json"))) == 1


FAILED_ANSWERS = {
    "garbage": Reply(content="Sure! Here are the facts: revenue grew."),
    "wrong-types": Reply(content='{"facts": [{"quote": 7, "statement": ["a"], "subject": 3}]}'),
    "cut-off": Reply(content='{"facts": [{"quote": "We sell', finish_reason="length"),
}


@pytest.mark.parametrize("kind", list(FAILED_ANSWERS))
def test_failed_answers_are_not_replayed_once_the_endpoint_is_fixed(tmp_path, sonm_text, kind):
    text = sonm_text[:3000]
    cache = ResponseCache(tmp_path)

    def run(srv):
        limits = RequestLimits(5.0)
        with (
            open_llm(None, srv.base_url, limits=limits, cache=cache) as llm,
            for_document(hashlib.sha256(text.encode()).hexdigest()),
        ):
            return summarize(text, llm, RunConfig(per_area=2, batch_size=2), name="doc")

    # One server throughout: the cache's namespace names the endpoint's URL.
    with fault_server(default=FAILED_ANSWERS[kind]) as srv:
        with contextlib.suppress(ModelAnswerError):
            run(srv)
        assert srv.requests and not list(tmp_path.rglob("*.json"))
        srv.default = echo_first_passage  # the endpoint is fixed
        asked = len(srv.requests)
        fixed = run(srv)
        assert len(srv.requests) > asked and fixed.facts and fixed.run.llm_calls
        # The answers that worked are stored: a third run is all replays.
        asked = len(srv.requests)
        again = run(srv)
        assert len(srv.requests) == asked and again.run.cache_hits and not again.run.llm_calls
