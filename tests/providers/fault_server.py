"""A scripted OpenAI-compatible server on loopback that fails on purpose.

Only faults are fake here: the code under test (openai client, instructor,
extract, pipeline, verify) runs for real against it. Each request to
``/v1/chat/completions`` takes the next step of the script; when the script
runs out, ``default`` answers. A step is a ``Reply`` or a callable
``(request_body) -> Reply``.

The well-behaved answer (:func:`echo_first_passage`) quotes the first passage
it was shown, so grounding and verification succeed on real text.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # message content of a 200 reply
    finish_reason: str = "stop"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    drop: bool = False  # close the connection without any response
    body: bytes | None = None  # raw body (any status); replaces the completion of a 200
    trickle: float = 0.0  # seconds between the body's bytes, sent one at a time


Step = Reply | Callable[[dict[str, Any]], Reply]

_PASSAGE = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)


def passages(body: dict[str, Any]) -> list[str]:
    """The numbered passages of an extraction request (see core/prompts.py)."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return [m.group(2) for m in _PASSAGE.finditer(user)]


def fact_json(quote: str, statement: str | None = None) -> str:
    fact = {"quote": quote, "statement": statement or quote, "subject": "company", "names": []}
    return json.dumps({"facts": [fact]})


def echo_first_passage(body: dict[str, Any]) -> Reply:
    found = passages(body)
    return Reply(content=fact_json(found[0]) if found else '{"facts": []}')


def status(code: int, retry_after: str | None = None, **kw: Any) -> Reply:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    body = json.dumps({"error": {"message": f"scripted {code}", "type": "fault"}}).encode()
    return Reply(status=code, headers=headers, body=body, **kw)


@dataclass
class Seen:
    """One request as the server received it."""

    at: float
    body: dict[str, Any]
    authorization: str | None

    @property
    def passages(self) -> list[str]:
        return passages(self.body)


def is_triage(body: dict[str, Any]) -> bool:
    return body.get("logprobs") is True and body.get("max_tokens") == 1


class FaultServer:
    def __init__(self, script: list[Step] | None = None, default: Step = echo_first_passage):
        self.script: list[Step] = list(script or [])
        self.default = default
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.port = int(self._httpd.server_address[1])
        self.base_url = f"http://127.0.0.1:{self.port}/v1"

    def _next(self, body: dict[str, Any], auth: str | None) -> Reply:
        with self._lock:
            self.requests.append(Seen(time.monotonic(), body, auth))
            step = self.script.pop(0) if self.script else self.default
        return step(body) if callable(step) else step

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                # A triage request (one token, its log-probabilities) gets an answer
                # with no label, as from a backend without log-probabilities: the
                # pipeline falls back to selection and the script is left for the
                # extraction calls the faults are meant for.
                reply = (
                    Reply(content="")
                    if is_triage(body)
                    else server._next(body, self.headers.get("Authorization"))
                )
                if reply.delay and server._stop.wait(reply.delay):
                    return
                if reply.drop:
                    self.close_connection = True
                    return  # the handler returns without writing: connection reset
                if reply.body is not None or reply.status != 200:
                    data = reply.body or b"{}"
                else:
                    data = json.dumps(server._completion(body, reply)).encode()
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                if not reply.trickle:
                    with contextlib.suppress(OSError):  # the client may stop reading
                        self.wfile.write(data)
                    return
                for i in range(len(data)):
                    if server._stop.wait(reply.trickle):
                        return
                    try:
                        self.wfile.write(data[i : i + 1])
                        self.wfile.flush()
                    except OSError:  # the client gave up
                        return

        return Handler

    @staticmethod
    def _completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
        content = reply.content or ""
        return {
            "id": "chatcmpl-fault",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "fault"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": 100,
                "completion_tokens": max(1, len(content) // 4),
                "total_tokens": 100 + max(1, len(content) // 4),
            },
        }

    def __enter__(self) -> FaultServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def fault_server(script: list[Step] | None = None, **kw: Any) -> Iterator[FaultServer]:
    with FaultServer(script, **kw) as srv:
        yield srv
