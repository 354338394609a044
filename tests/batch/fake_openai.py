"""A loopback OpenAI-compatible server that injects faults; never used to fake results.

It answers each extraction call by quoting the first passage it was shown (so
outputs have real, verifiable citations), and drops the connection without an
answer on any request that contains ``FAIL_MARKER``, as a crashing server
would: that document fails, the others go on. ``delay`` seconds before each
answer stand in for a remote endpoint's latency.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAIL_MARKER = "zqxfault"
_PASSAGE = re.compile(r"^\[\d+\] (.+)$", re.MULTILINE)


class FakeServer:
    def __init__(self, delay: float = 0.0) -> None:
        self.requests = 0
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with fake._lock:
                    fake.requests += 1
                if FAIL_MARKER in json.dumps(body):
                    self.close_connection = True
                    return  # no status line at all
                user = next(m["content"] for m in body["messages"] if m["role"] == "user")
                passages = _PASSAGE.findall(user)
                if body.get("logprobs") is True and body.get("max_tokens") == 1:
                    # Triage: no label, as from a server without log-probabilities, so
                    # the pipeline selects passages as it does without triage.
                    passages = []
                else:
                    time.sleep(delay)
                facts = (
                    [{"quote": passages[0], "statement": passages[0], "subject": "company"}]
                    if passages
                    else []
                )
                self._send(
                    200,
                    {
                        "id": "chatcmpl-fake",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body["model"],
                        "choices": [
                            {
                                "index": 0,
                                "message": {
                                    "role": "assistant",
                                    "content": json.dumps({"facts": facts}),
                                },
                                "finish_reason": "stop",
                            }
                        ],
                        "usage": {"prompt_tokens": 50, "completion_tokens": 20, "total_tokens": 70},
                    },
                )

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"


@contextmanager
def fake_server(delay: float = 0.0) -> Iterator[FakeServer]:
    server = FakeServer(delay)
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
