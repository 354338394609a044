"""Remote backends: any OpenAI-compatible server, and instructor's provider strings."""

from __future__ import annotations

import os
import urllib.request
from urllib.parse import urlsplit

import httpx2 as httpx
import instructor

from extractor.errors import ModelSetupError
from extractor.providers.bounded import Progress
from extractor.providers.cache import ResponseCache
from extractor.providers.instructor_llm import InstructorLLM, instructor_over, openai_client
from extractor.providers.settings import REMOTE_TIMEOUT_S
from extractor.providers.spec import split_model


def _network(base_url: str, trust_env: bool) -> httpx.BaseTransport:
    """The transport to the server; environment proxies honoured when ``trust_env``
    (an explicit transport bypasses httpx's own proxy lookup)."""
    if trust_env:
        parts = urlsplit(base_url)
        proxies = urllib.request.getproxies()
        if parts.scheme in proxies and not urllib.request.proxy_bypass(parts.hostname or ""):
            return httpx.HTTPTransport(proxy=proxies[parts.scheme])
    return httpx.HTTPTransport(trust_env=trust_env)


class OpenAICompatible(InstructorLLM):
    """Any OpenAI-compatible server at ``base_url``; the key only from the environment.

    ``transport``: the HTTP transport under the client (tests pass an
    ``httpx.MockTransport``); it replaces the network and the response cache.
    ``timeout``: total seconds per request (``bounded``); ``progress`` hears while it waits.
    """

    def __init__(
        self,
        base_url: str,
        model: str | None = None,
        *,
        timeout: float = REMOTE_TIMEOUT_S,
        cache: ResponseCache | None = None,
        transport: httpx.BaseTransport | None = None,
        progress: Progress | None = None,
    ) -> None:
        # The model name is whatever follows the provider.
        name = split_model(model)[1] if model and "/" in model else (model or "default")
        key = os.environ.get("EXTRACTOR_API_KEY") or os.environ.get("OPENAI_API_KEY") or "none"
        label = f"openai-compatible:{base_url}"
        # A transport given (tests) replaces the network and the response cache.
        network = transport or _network(base_url, trust_env=True)
        cache = cache if transport is None else None
        raw = openai_client(base_url, key, network, timeout, cache, label, progress)
        super().__init__(instructor_over(raw), name, label, cached=cache is not None)


class ProviderLLM(InstructorLLM):
    """A hosted model named as instructor's provider string (``openai/gpt-4o-mini``)."""

    def __init__(self, spec: str) -> None:
        provider, name = split_model(spec)
        try:
            super().__init__(lambda: instructor.from_provider(spec), name, provider)
        except Exception as exc:  # provider SDK missing or key absent: one clear line
            raise ModelSetupError(f"cannot use --model {spec}: {exc}") from exc
