"""Remote backends: any OpenAI-compatible server, and instructor's provider strings."""

from __future__ import annotations

import os
import urllib.request
from urllib.parse import urlsplit

import httpx2 as httpx
import instructor
import openai

from extractor.errors import ArgumentError, ModelSetupError
from extractor.providers.cache import CachingTransport, ResponseCache
from extractor.providers.instructor_llm import InstructorLLM
from extractor.providers.settings import DEFAULT_TIMEOUT_S, MAX_RETRIES


def split_model(spec: str) -> tuple[str, str]:
    """``"ollama/qwen2.5:7b"`` -> ``("ollama", "qwen2.5:7b")``, instructor's provider strings."""
    provider, sep, name = spec.partition("/")
    if not sep or not provider or not name:
        raise ArgumentError(
            f"--model must look like provider/name (e.g. openai/gpt-4o-mini), got {spec!r}"
        )
    return provider, name


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


class OpenAICompatible(InstructorLLM):
    """Any OpenAI-compatible server at ``base_url``; the key only from the environment.

    ``transport``: the HTTP transport under the client (tests pass an
    ``httpx.MockTransport``); it replaces the network and the response cache.
    """

    def __init__(
        self,
        base_url: str,
        model: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        cache: ResponseCache | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        # The model name is whatever follows the provider.
        name = split_model(model)[1] if model and "/" in model else (model or "default")
        key = os.environ.get("EXTRACTOR_API_KEY") or os.environ.get("OPENAI_API_KEY") or "none"
        label = f"openai-compatible:{base_url}"
        if transport is not None:
            http_client = openai.DefaultHttpxClient(transport=transport, trust_env=False)
        else:
            http_client = _http_client(cache, label, base_url, trust_env=True)
        raw = openai.OpenAI(
            base_url=base_url,
            api_key=key,
            timeout=timeout,
            max_retries=MAX_RETRIES,
            http_client=http_client,
        )
        super().__init__(
            lambda: instructor.from_openai(raw, mode=instructor.Mode.JSON_SCHEMA), name, label
        )


class ProviderLLM(InstructorLLM):
    """A hosted model named as instructor's provider string (``openai/gpt-4o-mini``)."""

    def __init__(self, spec: str) -> None:
        provider, name = split_model(spec)
        try:
            super().__init__(lambda: instructor.from_provider(spec), name, provider)
        except Exception as exc:  # provider SDK missing or key absent: one clear line
            raise ModelSetupError(f"cannot use --model {spec}: {exc}") from exc
