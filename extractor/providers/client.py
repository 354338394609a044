"""The one seam to an LLM: an instructor client over the OpenAI client.

``open_backend`` turns the CLI's ``--model`` / ``--base-url`` into a ready
client; for the default it assembles and starts the embedded model and stops
it when the ``with`` block ends (also on Ctrl-C). Keys come only from the
environment.
"""

from __future__ import annotations

import os
import re
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx2 as httpx
import instructor
import openai

from extractor.errors import ExtractionError, ExtractorError, ModelSetupError, ModelUnavailableError
from extractor.providers.cache import HIT_MARKER, CachingTransport, ResponseCache

LOCAL_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
DEFAULT_TIMEOUT_S = 600.0
# The openai client retries connection errors, timeouts, 408/409/429 and 5xx
# this many times with exponential backoff (0.5 s doubling, capped at 8 s),
# waiting exactly as long as a Retry-After / retry-after-ms header asks when
# that is at most 120 s and not retrying at all when it asks for more.
# tests/providers/test_faults.py checks this against a scripted server.
MAX_RETRIES = 2
_MAX_RETRY_AFTER_S = 120.0  # openai's MAX_RETRY_AFTER_DELAY


@dataclass
class Usage:
    """Counts every completion instructor receives, retries included.

    A completion replayed from the response cache is a cache hit, not a call:
    the model did no work for it.
    """

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cache_hits: int = 0

    def record(self, response: Any) -> None:
        if getattr(response, HIT_MARKER, False) is True:
            self.cache_hits += 1
            return
        self.calls += 1
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass
class Backend:
    client: instructor.Instructor
    model: str
    backend: str
    usage: Usage = field(default_factory=Usage)
    # Extra request parameters this backend understands (e.g. llama.cpp's cache_prompt).
    extra_body: dict[str, Any] = field(default_factory=dict)
    # Whether requests may carry a GBNF ``grammar`` (llama.cpp) to shape the output.
    grammars: bool = False
    # Builds another instructor client over the same connection (see ``fork``).
    make_client: Callable[[], instructor.Instructor] | None = field(default=None, repr=False)

    # For a backend we run ourselves: None while it is up, else why it is not.
    down_reason: Callable[[], str | None] | None = None

    def fork(self) -> Backend:
        """Same model and connection, own usage counters: one per concurrent document,
        because per-call deltas of a shared ``Usage`` would mix documents."""
        client = self.make_client() if self.make_client else self.client
        forked = Backend(client, self.model, self.backend, Usage(), self.extra_body, self.grammars)
        forked.make_client = self.make_client
        forked.down_reason = self.down_reason
        if self.make_client:
            client.on("completion:response", forked.usage.record)
        return forked

    def failure(self, exc: openai.APIError) -> ExtractorError:
        """One-line error for a call that failed after the client's retries."""
        if self.down_reason is not None and (reason := self.down_reason()):
            return ModelUnavailableError(reason)
        # openai's message repeats the status ("Error code: 503 - {...}"); keep the body.
        detail = re.sub(r"^Error code: \d+ - ", "", " ".join(str(exc).split()))[:200]
        tries = f"after {MAX_RETRIES + 1} attempts"
        if isinstance(exc, openai.APITimeoutError):
            return ModelUnavailableError(f"model endpoint {self.backend} timed out {tries}")
        if isinstance(exc, openai.APIConnectionError):
            return ModelUnavailableError(
                f"model endpoint {self.backend} unreachable {tries}: {detail}"
            )
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return ModelUnavailableError(
                f"model endpoint {self.backend} refused the API key (HTTP {exc.status_code}); "
                "set EXTRACTOR_API_KEY"
            )
        if isinstance(exc, openai.APIStatusError) and (
            exc.status_code in (408, 409, 429) or exc.status_code >= 500
        ):
            wait = exc.response.headers.get("retry-after")
            if wait and wait.replace(".", "", 1).isdigit() and float(wait) > _MAX_RETRY_AFTER_S:
                # The client does not wait that long, and neither should a CLI run.
                return ModelUnavailableError(
                    f"model endpoint {self.backend} is rate limiting (HTTP {exc.status_code}) "
                    f"and asks to retry after {wait} s; try again later"
                )
            return ModelUnavailableError(
                f"model endpoint {self.backend} failed {tries}: HTTP {exc.status_code} {detail}"
            )
        return ExtractionError(f"model endpoint {self.backend} rejected the request: {detail}")


def _wrap(
    raw: openai.OpenAI,
    model: str,
    backend: str,
    mode: instructor.Mode,
    extra_body: dict[str, Any] | None = None,
    grammars: bool = False,
) -> Backend:
    def make() -> instructor.Instructor:
        return instructor.from_openai(raw, mode=mode)

    client = make()
    result = Backend(
        client=client,
        model=model,
        backend=backend,
        extra_body=extra_body or {},
        grammars=grammars,
        make_client=make,
    )
    client.on("completion:response", result.usage.record)
    return result


def _http_client(
    cache: ResponseCache | None, namespace: str, base_url: str, trust_env: bool
) -> httpx.Client | None:
    """The OpenAI client's HTTP client: through the response cache when one is given."""
    if cache is None:
        return None if trust_env else openai.DefaultHttpxClient(trust_env=False)
    inner = httpx.HTTPTransport()
    if trust_env:
        # An explicit transport bypasses httpx's environment proxies; honour them here.
        parts = urlsplit(base_url)
        proxies = urllib.request.getproxies()
        if parts.scheme in proxies and not urllib.request.proxy_bypass(parts.hostname or ""):
            inner = httpx.HTTPTransport(proxy=proxies[parts.scheme])
    transport = CachingTransport(cache, namespace, inner)
    return openai.DefaultHttpxClient(transport=transport, trust_env=False)


def split_model(spec: str) -> tuple[str, str]:
    """``"ollama/qwen2.5:7b"`` -> ``("ollama", "qwen2.5:7b")``, instructor's provider strings."""
    provider, sep, name = spec.partition("/")
    if not sep or not provider or not name:
        raise ModelSetupError(
            f"--model must look like provider/name (e.g. openai/gpt-4o-mini), got {spec!r}"
        )
    return provider, name


@contextmanager
def open_backend(
    model: str | None = None,
    base_url: str | None = None,
    progress: Callable[[str], None] | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    cache: ResponseCache | None = None,
) -> Iterator[Backend]:
    """``cache``: replay responses already received (OpenAI-compatible backends only)."""
    if base_url:
        # Any OpenAI-compatible server; the model name is whatever follows the provider.
        name = split_model(model)[1] if model and "/" in model else (model or "default")
        key = os.environ.get("EXTRACTOR_API_KEY") or os.environ.get("OPENAI_API_KEY") or "none"
        label = f"openai-compatible:{base_url}"
        raw = openai.OpenAI(
            base_url=base_url,
            api_key=key,
            timeout=timeout,
            max_retries=MAX_RETRIES,
            http_client=_http_client(cache, label, base_url, trust_env=True),
        )
        yield _wrap(raw, name, label, instructor.Mode.JSON_SCHEMA)
        return
    if model and model != f"local/{LOCAL_MODEL_NAME}" and model != "local":
        provider, name = split_model(model)
        try:
            client = instructor.from_provider(model)
        except Exception as exc:  # provider SDK missing or key absent: one clear line
            raise ModelSetupError(f"cannot use --model {model}: {exc}") from exc
        backend = Backend(
            client=client,
            model=name,
            backend=provider,
            make_client=lambda: instructor.from_provider(model),
        )
        client.on("completion:response", backend.usage.record)
        yield backend
        return
    # Imported here so remote use never needs the local model's packages.
    from extractor.providers.local_model import ensure_model_file
    from extractor.providers.local_server import LocalServer

    path = ensure_model_file(progress=progress)
    with LocalServer(path) as server:
        backend = local_backend(server.base_url, server.api_key, timeout, cache=cache)
        backend.down_reason = server.exit_reason
        yield backend


def local_backend(
    base_url: str,
    api_key: str,
    timeout: float = DEFAULT_TIMEOUT_S,
    event_hooks: dict[str, list[Callable[..., Any]]] | None = None,
    cache: ResponseCache | None = None,
) -> Backend:
    """A Backend on the embedded llama.cpp server (also for tools that start it themselves)."""
    from extractor.providers.llama_grammar import GrammarTransport

    # Loopback only: never route the local key through an environment proxy.
    inner: httpx.BaseTransport = httpx.HTTPTransport(trust_env=False)
    if cache is not None:
        # The cache namespace omits the port, which changes with every start.
        inner = CachingTransport(cache, "local", inner)
    raw = openai.OpenAI(
        base_url=base_url,
        api_key=api_key,
        timeout=timeout,
        max_retries=MAX_RETRIES,
        http_client=openai.DefaultHttpxClient(
            trust_env=False, transport=GrammarTransport(inner), event_hooks=event_hooks or {}
        ),
    )
    return _wrap(
        raw,
        LOCAL_MODEL_NAME,
        "local",
        instructor.Mode.JSON_SCHEMA,
        extra_body={"cache_prompt": True, "seed": 7},
        grammars=True,
    )
