"""Canned chat completions for ``httpx.MockTransport``: the ``transport=`` seam of a backend.

For tests that need answers, not faults: the loopback fault server
(``fault_server.py``) stays for what needs real sockets (timeouts, dropped
connections, Retry-After waits).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import httpx2 as httpx

_PASSAGE = re.compile(r"^\[\d+\] (.+)$", re.MULTILINE)


def completion(content: str, finish_reason: str = "stop", tokens: tuple[int, int] = (50, 20)):
    return {
        "id": "chatcmpl-canned",
        "object": "chat.completion",
        "created": 0,
        "model": "canned",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": tokens[0],
            "completion_tokens": tokens[1],
            "total_tokens": sum(tokens),
        },
    }


def is_triage(request: httpx.Request) -> bool:
    """A triage request: one token and its log-probabilities (``core.triage``)."""
    body = json.loads(request.content)
    return body.get("logprobs") is True and body.get("max_tokens") == 1


def no_label() -> httpx.Response:
    """A triage answer without a label, as from a server without log-probabilities:
    the pipeline then selects passages by ranking, as before triage existed."""
    return httpx.Response(200, json=completion(""))


def passages(request: httpx.Request) -> list[str]:
    body = json.loads(request.content)
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return _PASSAGE.findall(user)


def quoting_first_passage(request: httpx.Request) -> httpx.Response:
    """One note quoting the first passage shown: a real, verifiable citation."""
    if is_triage(request):
        return no_label()
    first = passages(request)[0]
    note = {"quote": " ".join(first.split()[:8]), "statement": first, "subject": "company"}
    return httpx.Response(200, json=completion(json.dumps({"facts": [note]})))


def always(content: str, finish_reason: str = "stop") -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=completion(content, finish_reason))

    return handler


def status(code: int, body: dict | None = None) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(code, json=body or {"error": {"message": f"status {code}"}})

    return handler
