"""The response cache as a transport: what it stores, what it replays, what it keys on."""

from __future__ import annotations

import contextlib
import json

import httpx2 as httpx
import pytest

from extractor.config import RunConfig
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
from extractor.providers.document_key import DOCUMENT_HEADER
from extractor.providers.router import open_llm
from extractor.providers.spec import ModelSpec
from tests.batch.fake_openai import fake_server
from tests.providers.fault_server import Reply, echo_first_passage, fault_server

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


def test_an_answer_cut_off_at_the_token_limit_is_never_stored(tmp_path):
    cut = {
        "id": "c",
        "choices": [{"index": 0, "message": {"content": "{"}, "finish_reason": "length"}],
    }
    upstream = Upstream(body=cut)
    transport = CachingTransport(ResponseCache(tmp_path), "local", upstream)
    _post(transport, {"model": "m", "max_tokens": 900}, "a" * 64)
    _post(transport, {"model": "m", "max_tokens": 900}, "a" * 64)
    assert upstream.calls == 2 and not list(tmp_path.rglob("*.json"))


def test_held_responses_are_stored_only_when_kept(tmp_path):
    upstream = Upstream()
    transport = CachingTransport(ResponseCache(tmp_path), "local", upstream)
    with held_until_answered():
        _post(transport, {"model": "m"}, "a" * 64)
    assert not list(tmp_path.rglob("*.json"))  # the exchange failed: nothing stored
    with held_until_answered() as held:
        _post(transport, {"model": "m"}, "a" * 64)
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
        spec = ModelSpec(base_url=srv.base_url, timeout_s=5.0, cache=cache)
        with open_llm(spec) as llm:
            return summarize(text, llm, RunConfig(per_area=2, batch_size=2), name="doc")

    # One server throughout: the cache's namespace names the endpoint's URL.
    with fault_server(default=FAILED_ANSWERS[kind]) as srv:
        with contextlib.suppress(ModelAnswerError):
            run(srv)
        # Nothing stored but the triage probe's answer (no label, a whole answer).
        assert srv.requests and len(list(tmp_path.rglob("*.json"))) <= 1
        srv.default = echo_first_passage  # the endpoint is fixed
        asked = len(srv.requests)
        fixed = run(srv)
        assert len(srv.requests) > asked and fixed.facts and fixed.run.llm_calls
        # The answers that worked are stored: a third run is all replays.
        asked = len(srv.requests)
        again = run(srv)
        assert len(srv.requests) == asked and again.run.cache_hits and not again.run.llm_calls
