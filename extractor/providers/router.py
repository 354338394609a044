"""Which ``LLM`` a ``ModelSpec`` names, opened here once for the CLI, batch and Ray workers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from extractor.providers.base import LLM
from extractor.providers.llama_cpp import LlamaCpp
from extractor.providers.openai_compatible import OpenAICompatible, ProviderLLM
from extractor.providers.spec import ModelSpec


@contextmanager
def open_llm(
    spec: ModelSpec = ModelSpec(),  # noqa: B008 - frozen
    progress: Callable[[str], None] | None = None,
) -> Iterator[LLM]:
    """The backend ``spec`` names, open for the block (the embedded server runs until it ends).

    ``spec.cache`` and ``spec.timeout_s`` reach the OpenAI-compatible backends (the
    embedded model included); an instructor provider string keeps its SDK's own
    timeouts and is not cached. ``progress`` hears the slow steps.
    """
    if spec.base_url:
        yield OpenAICompatible(
            spec.base_url,
            spec.model,
            timeout=spec.deadline_s,
            cache=spec.cache,
            progress=progress,
        )
    elif not spec.is_local:
        yield ProviderLLM(str(spec.model))
    else:
        with LlamaCpp.started(progress, spec.deadline_s, spec.cache, spec.threads) as llm:
            yield llm
