"""Count every system's LLM traffic the same way: at the HTTP level, from the server's answers.

Each system gets a fresh :class:`Meter`. The pipeline and langextract talk to
the server through the OpenAI SDK; we hand that SDK an HTTP client whose
response hook reads each ``/chat/completions`` answer and records its
``usage`` (retries and failed requests included, because they cost time too).
The plain peer and the rate probes use :class:`LlamaHttp`, a small raw JSON
client, which records into the same kind of meter.

``measure_rates`` reads llama.cpp's ``timings`` block (prompt and generation
tokens per second as the server measured them); if a server does not send it,
the rates fall back to tokens over wall time.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import openai

# Loopback only: never route the per-run API key through an environment proxy.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Meter:
    """LLM calls and tokens of one system on one document, as the server reported them."""

    calls: int = 0
    failed_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def record(self, status: int, body: Any) -> None:
        usage = body.get("usage") if isinstance(body, dict) else None
        with self._lock:
            self.calls += 1
            if status != 200:
                self.failed_calls += 1
            if isinstance(usage, dict):
                self.prompt_tokens += int(usage.get("prompt_tokens") or 0)
                self.completion_tokens += int(usage.get("completion_tokens") or 0)

    def as_dict(self) -> dict[str, int]:
        with self._lock:
            return {
                "calls": self.calls,
                "failed_calls": self.failed_calls,
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
            }


def response_hooks(meter: Meter) -> dict[str, list[Any]]:
    """httpx event hooks that record every chat completion into ``meter``."""

    def on_response(response: Any) -> None:
        if not str(response.request.url.path).endswith("/chat/completions"):
            return
        response.read()  # the SDK reads it again from the buffer
        try:
            body = response.json()
        except ValueError:
            body = None
        meter.record(response.status_code, body)

    return {"response": [on_response]}


def counting_http_client(meter: Meter, **client_kwargs: Any) -> openai.DefaultHttpxClient:
    """An HTTP client for the OpenAI SDK that records every chat completion into ``meter``."""
    return openai.DefaultHttpxClient(
        trust_env=False, event_hooks=response_hooks(meter), **client_kwargs
    )


class LlamaHttp:
    """Raw JSON calls to the embedded llama.cpp server (chat and its /tokenize endpoint)."""

    def __init__(self, root_url: str, api_key: str, model: str, timeout: float = 1800.0) -> None:
        self.root_url = root_url.rstrip("/")
        self.api_key = api_key
        self.model = model
        self.timeout = timeout

    def post(self, path: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        req = urllib.request.Request(
            self.root_url + path,
            data=json.dumps(payload).encode("utf-8"),
            headers={
                "Authorization": f"Bearer {self.api_key}",
                "Content-Type": "application/json",
            },
            method="POST",
        )
        try:
            with _NO_PROXY.open(req, timeout=self.timeout) as resp:
                return int(resp.status), json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raw = exc.read().decode("utf-8", "replace")
            try:
                return int(exc.code), json.loads(raw)
            except ValueError:
                return int(exc.code), {"error": {"message": raw[:500]}}

    def chat(
        self, messages: list[dict[str, str]], *, meter: Meter | None = None, **params: Any
    ) -> dict[str, Any]:
        """One chat completion; raises RuntimeError with the server's message if it failed."""
        status, body = self.post(
            "/v1/chat/completions", {"model": self.model, "messages": messages, **params}
        )
        if meter is not None:
            meter.record(status, body)
        if status != 200:
            error = body.get("error", body)
            message = error.get("message", error) if isinstance(error, dict) else error
            raise RuntimeError(f"chat completion failed (HTTP {status}): {message}")
        return body

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` under the served model's own tokenizer."""
        status, body = self.post("/tokenize", {"content": text, "add_special": False})
        if status != 200 or "tokens" not in body:
            raise RuntimeError(f"/tokenize failed (HTTP {status}): {str(body)[:200]}")
        return len(body["tokens"])


@dataclass
class Rates:
    prompt_tokens_per_s: float
    gen_tokens_per_s: float
    prompt_probe_tokens: int
    gen_probe_tokens: int
    source: str  # "llama.cpp timings" or "wall clock"


def _rate(body: dict[str, Any], timing_key: str, usage_key: str, wall: float) -> tuple[float, str]:
    timings = body.get("timings")
    if isinstance(timings, dict) and timings.get(timing_key):
        return float(timings[timing_key]), "llama.cpp timings"
    tokens = int((body.get("usage") or {}).get(usage_key) or 0)
    return (tokens / wall if wall > 0 else 0.0), "wall clock"


def measure_rates(
    http: LlamaHttp, sample_text: str, *, prompt_tokens: int = 2000, gen_tokens: int = 256
) -> Rates:
    """Prompt rate from one ~``prompt_tokens`` prompt, generation rate from one long answer.

    Both probes disable prompt caching and start with a random nonce, so no
    earlier request's KV cache can make them look faster than reading afresh.
    """
    total = http.count_tokens(sample_text)
    cut = sample_text
    if total > prompt_tokens:
        cut = sample_text[: int(len(sample_text) * prompt_tokens / total)]
    nonce = secrets.token_hex(8)
    began = time.perf_counter()
    body = http.chat(
        [{"role": "user", "content": f"[{nonce}] Read this text.\n\n{cut}\n\nReply OK."}],
        max_tokens=1,
        temperature=0.0,
        cache_prompt=False,
    )
    prompt_rate, source_p = _rate(
        body, "prompt_per_second", "prompt_tokens", time.perf_counter() - began
    )
    probe_prompt = int((body.get("usage") or {}).get("prompt_tokens") or 0)

    began = time.perf_counter()
    body = http.chat(
        [{"role": "user", "content": f"[{secrets.token_hex(8)}] Count from 1 to 2000: 1, 2, 3,"}],
        max_tokens=gen_tokens,
        temperature=0.0,
        cache_prompt=False,
        ignore_eos=True,  # llama.cpp: generate exactly max_tokens
    )
    gen_rate, source_g = _rate(
        body, "predicted_per_second", "completion_tokens", time.perf_counter() - began
    )
    probe_gen = int((body.get("usage") or {}).get("completion_tokens") or 0)
    source = source_p if source_p == source_g else f"{source_p} / {source_g}"
    return Rates(round(prompt_rate, 1), round(gen_rate, 1), probe_prompt, probe_gen, source)
