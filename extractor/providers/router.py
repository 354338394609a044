"""Which ``LLM`` the CLI's ``--model`` / ``--base-url`` name, decided here once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from extractor.config import RequestLimits
from extractor.providers.base import LLM
from extractor.providers.cache import ResponseCache
from extractor.providers.llama_cpp import LOCAL_MODEL_NAME, LlamaCpp
from extractor.providers.openai_compatible import OpenAICompatible, ProviderLLM, split_model
from extractor.providers.settings import LOCAL_TIMEOUT_S, REMOTE_TIMEOUT_S


def is_local_model(model: str | None, base_url: str | None = None) -> bool:
    """The embedded model: no ``--base-url`` and ``--model`` absent, ``local`` or its full name."""
    return not base_url and model in (None, "", "local", f"local/{LOCAL_MODEL_NAME}")


def check_model_spec(model: str | None) -> None:
    """Fail before any work on a malformed ``--model`` (anything but ``local`` is provider/name)."""
    if model and model != "local":
        split_model(model)


def caches_responses(model: str | None, base_url: str | None) -> bool:
    """The response cache sits under the OpenAI client: the embedded model and --base-url."""
    return bool(base_url) or is_local_model(model)


@contextmanager
def open_llm(
    model: str | None = None,
    base_url: str | None = None,
    progress: Callable[[str], None] | None = None,
    limits: RequestLimits = RequestLimits(),  # noqa: B008 - frozen
    cache: ResponseCache | None = None,
) -> Iterator[LLM]:
    """``cache``: replay responses already received (OpenAI-compatible backends only).
    ``limits``: each request's total deadline (the OpenAI-compatible backends; an
    instructor provider string keeps its SDK's own timeouts)."""
    if base_url:
        timeout = limits.timeout_s or REMOTE_TIMEOUT_S
        yield OpenAICompatible(base_url, model, timeout=timeout, cache=cache, progress=progress)
    elif not is_local_model(model):
        yield ProviderLLM(str(model))
    else:
        with LlamaCpp.started(progress, limits.timeout_s or LOCAL_TIMEOUT_S, cache) as llm:
            yield llm
