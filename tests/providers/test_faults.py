"""Failing models: the real pipeline against a loopback server that fails on purpose.

Everything but the server is real: openai's retries, instructor, extract's
splitting, the token budget, verification and the CLI's error mapping.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.config import RunConfig
from extractor.core.budget import DEFAULT_TOKEN_BUDGET
from extractor.errors import ModelUnavailableError, TokenBudgetError
from extractor.pipeline import summarize
from extractor.providers.router import open_llm
from extractor.providers.settings import MAX_RETRIES
from tests.providers.fault_server import (
    Reply,
    echo_first_passage,
    fault_server,
    passages,
    status,
)

CUT_OFF = '{"facts": [{"quote": "We are a leading provider of rugged'


@pytest.fixture(scope="module")
def excerpt(sonm_text: str) -> str:
    return sonm_text[:3000]


def _run(srv, text: str, timeout: float = 5.0, token_budget: int = DEFAULT_TOKEN_BUDGET):
    config = RunConfig(per_area=3, batch_size=3, token_budget=token_budget)
    with open_llm(None, srv.base_url, timeout=timeout) as backend:
        return summarize(text, backend, config, name="excerpt")


def test_429_waits_as_long_as_retry_after_asks(excerpt: str):
    with fault_server([status(429, retry_after="1.5")]) as srv:
        out = _run(srv, excerpt)
    first, second = srv.requests[0], srv.requests[1]
    assert 1.4 <= second.at - first.at < 4.0
    assert second.body == first.body  # the same request, retried after the wait
    assert out.facts  # the run then completes normally


def test_retry_after_beyond_two_minutes_fails_at_once_with_one_line(excerpt: str):
    with fault_server([status(429, retry_after="600")]) as srv:
        started = time.monotonic()
        with pytest.raises(ModelUnavailableError, match="retry after 600 s") as info:
            _run(srv, excerpt)
    assert time.monotonic() - started < 5
    assert len(srv.requests) == 1
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("fault", "needle"),
    [
        (status(503), "HTTP 503"),
        (status(500), "HTTP 500"),
        (Reply(drop=True), "unreachable"),
        (Reply(delay=3.0), "timed out"),
    ],
)
def test_persistent_failure_is_bounded_and_one_line(excerpt: str, fault: Reply, needle: str):
    with fault_server(default=fault) as srv:
        started = time.monotonic()
        with pytest.raises(ModelUnavailableError) as info:
            _run(srv, excerpt, timeout=0.5)
        elapsed = time.monotonic() - started
    message = str(info.value)
    assert needle in message and "\n" not in message
    assert len(srv.requests) == MAX_RETRIES + 1  # bounded retries, then the run stops
    # Backoff between attempts (about 0.5 s then 1 s), not a tight loop ...
    gaps = [b.at - a.at for a, b in zip(srv.requests, srv.requests[1:], strict=False)]
    assert all(g >= 0.3 for g in gaps), gaps
    # ... and never long: three 0.5 s timeouts plus backoff.
    assert elapsed < 8


def test_connection_refused_is_model_unavailable(excerpt: str):
    with fault_server() as srv:
        url = srv.base_url
    # The server is closed now: nothing listens on that port any more.
    with open_llm(None, url, timeout=2) as backend, pytest.raises(ModelUnavailableError):
        summarize(excerpt, backend, RunConfig(per_area=3, batch_size=3))


def test_wrong_key_is_reported_without_retries(excerpt: str):
    with fault_server(default=status(401)) as srv, pytest.raises(ModelUnavailableError) as info:
        _run(srv, excerpt)
    assert "API key" in str(info.value)
    assert len(srv.requests) == 1


def _cut_off_unless_single(body: dict) -> Reply:
    # Simulates a model that runs out of tokens when shown several passages.
    reply = echo_first_passage(body)
    if body["messages"][1]["content"].count("\n[") > 1:
        return Reply(content=CUT_OFF, finish_reason="length")
    return reply


@pytest.mark.parametrize(
    "broken",
    [
        Reply(content=CUT_OFF, finish_reason="length"),
        Reply(content="Sure! Here are the facts: revenue, customers."),
    ],
    ids=["truncated", "not-json"],
)
def test_bad_answers_split_the_batch_instead_of_repeating_it(excerpt: str, broken: Reply):
    def script(body: dict) -> Reply:
        multi = body["messages"][1]["content"].count("\n[") > 1
        return broken if multi else echo_first_passage(body)

    with fault_server(default=script) as srv:
        out = _run(srv, excerpt)
    asked = [tuple(r.passages) for r in srv.requests]
    multi = [a for a in asked if len(a) > 1]
    singles = [a for a in asked if len(a) == 1]
    assert multi and singles
    # Every multi-passage batch that failed was asked again only as smaller pieces.
    for batch in multi:
        assert any(set(s) < set(batch) for s in singles)
    if broken.finish_reason == "length":
        # A cut-off answer is never repeated as the same request (the same
        # passages may be asked about under two focus areas).
        multi_requests = [
            r.body["messages"][1]["content"] for r in srv.requests if len(r.passages) > 1
        ]
        assert len(multi_requests) == len(set(multi_requests))
    # The single passages answer properly and their facts are verified.
    assert out.facts
    for fact in out.facts:
        for c in fact.citations:
            assert excerpt[c.start : c.end] == c.quote


def test_a_quote_paired_with_a_neighbour_s_statement_is_asked_again_alone(excerpt: str):
    import json

    def shifted(body: dict) -> Reply:
        found = passages(body)
        if len(found) == 1:
            return echo_first_passage(body)
        # Passage 1's words as the quote, passage 2's sentence as the statement.
        fact = {"quote": found[0][:60], "statement": found[1], "subject": "company", "names": []}
        return Reply(content=json.dumps({"facts": [fact]}))

    with fault_server(default=shifted) as srv:
        out = _run(srv, excerpt)
    asked = [tuple(r.passages) for r in srv.requests]
    multi = [a for a in asked if len(a) > 1]
    assert multi
    # A passage that lost its statement is asked about alone, right after its batch ...
    again = [b for b, nxt in itertools.pairwise(asked) if len(b) > 1 and nxt == (b[0],)]
    assert again
    # ... and its own answer is the verified fact; the mismatched note stays rejected.
    firsts = {b[0] for b in again}
    assert any(f.citations[0].quote.strip() in firsts for f in out.facts)
    assert any("not supported" in r.reason for r in out.rejected)


def test_token_budget_stops_runaway_calls(excerpt: str):
    always_cut = Reply(content=CUT_OFF, finish_reason="length")
    with (
        fault_server(default=always_cut) as srv,
        pytest.raises(TokenBudgetError, match="token budget") as info,
    ):
        _run(srv, excerpt, token_budget=500)
    # Each fake reply costs ~110 tokens: the run stops after a handful of calls.
    assert len(srv.requests) <= 6
    assert "--token-budget" in str(info.value)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], capture_output=True, timeout=120, text=True
    )


def test_cli_maps_model_faults_to_one_line_and_no_output(tmp_path: Path, excerpt: str):
    src = tmp_path / "in.txt"
    src.write_text(excerpt, encoding="utf-8")
    out = tmp_path / "out.json"
    with fault_server(default=status(503)) as srv:
        proc = _cli("summarize", str(src), "--json", str(out), "--base-url", srv.base_url, "-q")
    assert proc.returncode == 3
    assert proc.stderr.strip().count("\n") == 0 and "HTTP 503" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()

    always_cut = Reply(content=CUT_OFF, finish_reason="length")
    with fault_server(default=always_cut) as srv:
        proc = _cli(
            "summarize", str(src), "--base-url", srv.base_url, "-q", "--token-budget", "300"
        )
    assert proc.returncode == 3
    assert "token budget exhausted" in proc.stderr and proc.stderr.count("\n") == 1
