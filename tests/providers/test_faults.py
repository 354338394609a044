"""Failing models: the real pipeline against a loopback server that fails on purpose.

Everything but the server is real: openai's retries, instructor, extract's
splitting, the token budget, verification and the CLI's error mapping.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.config import RunConfig
from extractor.core.budget import DEFAULT_TOKEN_BUDGET
from extractor.errors import ModelUnavailableError
from extractor.pipeline import summarize
from extractor.providers.router import open_llm
from extractor.providers.settings import MAX_RETRIES
from extractor.providers.spec import ModelSpec
from tests.providers.fault_server import (
    Reply,
    fault_server,
    status,
)

CUT_OFF = '{"facts": [{"quote": "We are a leading provider of rugged'


@pytest.fixture(scope="module")
def excerpt(sonm_text: str) -> str:
    return sonm_text[:3000]


def _run(srv, text: str, timeout: float = 5.0, token_budget: int = DEFAULT_TOKEN_BUDGET):
    config = RunConfig(per_area=3, batch_size=3, token_budget=token_budget)
    with open_llm(ModelSpec(base_url=srv.base_url, timeout_s=timeout)) as backend:
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
        # A server that does not answer in time is not retried: test_deadlines.py.
    ],
)
def test_persistent_failure_is_bounded_and_one_line(excerpt: str, fault: Reply, needle: str):
    with fault_server(default=fault) as srv:
        with pytest.raises(ModelUnavailableError) as info:
            # A total deadline now (bounded.py): loose enough for a loaded machine.
            _run(srv, excerpt, timeout=5.0)
        # From the first request: client start-up (imports) is not the retry loop.
        elapsed = time.monotonic() - srv.requests[0].at
    message = str(info.value)
    assert needle in message and "\n" not in message
    assert len(srv.requests) == MAX_RETRIES + 1  # bounded retries, then the run stops
    # Backoff between attempts (about 0.5 s then 1 s), not a tight loop ...
    gaps = [b.at - a.at for a, b in zip(srv.requests, srv.requests[1:], strict=False)]
    assert all(g >= 0.3 for g in gaps), gaps
    # ... and never long: three attempts plus backoff.
    assert elapsed < 8


def test_connection_refused_is_model_unavailable(excerpt: str):
    with fault_server() as srv:
        url = srv.base_url
    # The server is closed now: nothing listens on that port any more.
    with (
        open_llm(ModelSpec(base_url=url, timeout_s=2)) as backend,
        pytest.raises(ModelUnavailableError),
    ):
        summarize(excerpt, backend, RunConfig(per_area=3, batch_size=3))


def test_wrong_key_is_reported_without_retries(excerpt: str):
    with fault_server(default=status(401)) as srv, pytest.raises(ModelUnavailableError) as info:
        _run(srv, excerpt)
    assert "API key" in str(info.value)
    assert len(srv.requests) == 1


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


def test_cli_names_an_empty_choices_list_in_one_line(tmp_path: Path, excerpt: str):
    src = tmp_path / "in.txt"
    src.write_text(excerpt, encoding="utf-8")
    empty = b'{"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": []}'
    with fault_server(default=Reply(body=empty)) as srv:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "extractor",
                "summarize",
                str(src),
                "-q",
                "--base-url",
                srv.base_url,
            ],
            capture_output=True,
            timeout=600,  # one request; the rest is start-up, slow on a loaded machine
            text=True,
        )
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "empty 'choices' list" in proc.stderr
    assert "index out of range" not in proc.stderr
