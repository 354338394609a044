"""Each model request has a total deadline: a hung or trickling server ends the run on time.

httpx's own timeouts are per read; the scripted server below sends one byte a
second, which never trips them. Deadlines here are a few seconds.
"""

from __future__ import annotations

import time

import httpx2 as httpx
import pytest

from extractor.config import RunConfig
from extractor.errors import ModelUnavailableError
from extractor.pipeline import summarize
from extractor.providers.bounded import BoundedTransport, DeadlineExceeded
from extractor.providers.router import open_llm
from extractor.providers.spec import ModelSpec
from tests.providers.fault_server import Reply, fault_server


@pytest.fixture(scope="module")
def excerpt(sonm_text: str) -> str:
    return sonm_text[:3000]


def _run(srv, text: str, timeout: float, progress=None):
    config = RunConfig(per_area=3, batch_size=3)
    with open_llm(ModelSpec(base_url=srv.base_url, timeout_s=timeout), progress) as llm:
        return summarize(text, llm, config, name="excerpt")


@pytest.mark.parametrize(
    "fault", [Reply(delay=60), Reply(content='{"facts": []}', trickle=1.0)], ids=["hang", "trickle"]
)
def test_a_hung_or_trickling_server_hits_the_deadline_once(excerpt: str, fault: Reply):
    lines: list[str] = []
    with fault_server(default=fault) as srv:
        with pytest.raises(ModelUnavailableError, match="no complete answer within 4 s") as info:
            _run(srv, excerpt, 4.0, lines.append)
        elapsed = time.monotonic() - srv.requests[0].at
    assert "--timeout" in str(info.value) and "\n" not in str(info.value)
    assert len(srv.requests) == 1  # a missed deadline is not retried
    assert elapsed < 4.0 + 10  # the deadline, plus slack for a loaded machine
    assert any("waiting for the model" in line for line in lines)


def test_the_deadline_is_total_not_per_read():
    """Bytes arriving every 0.3 s keep each read short; the whole still takes too long."""

    def slow_body() -> httpx.Response:
        def chunks():
            for _ in range(20):
                time.sleep(0.3)
                yield b" "

        return httpx.Response(200, content=chunks())

    transport = BoundedTransport(httpx.MockTransport(lambda r: slow_body()), 1.0, 1 << 20)
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        transport.handle_request(httpx.Request("POST", "http://x.test/v1/chat/completions"))
    assert time.monotonic() - started < 2.5


def test_a_request_within_its_deadline_is_answered_whole():
    transport = BoundedTransport(
        httpx.MockTransport(lambda r: httpx.Response(200, content=b"ok")), 5.0, 1 << 20
    )
    response = transport.handle_request(httpx.Request("POST", "http://x.test/v1"))
    assert response.read() == b"ok"
