"""``ModelSpec``: which model a run uses and how it is reached, the one input of ``open_llm``.

The CLI builds one from its options, the batch runner and every Ray worker
open their backend from that same value, so a setting (``--timeout``,
``--threads``, the cache) cannot be dropped on one path. Whether a spec names
the embedded model is decided here, once; a malformed spec fails when it is
built, before any work.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractor.errors import ArgumentError
from extractor.providers.llama_cpp.model_files import LOCAL_MODEL_NAME
from extractor.providers.settings import LOCAL_TIMEOUT_S, REMOTE_TIMEOUT_S

if TYPE_CHECKING:
    from extractor.providers.cache import ResponseCache


def split_model(spec: str) -> tuple[str, str]:
    """``"ollama/qwen2.5:7b"`` -> ``("ollama", "qwen2.5:7b")``, instructor's provider strings."""
    provider, sep, name = spec.partition("/")
    if not sep or not provider or not name:
        raise ArgumentError(
            f"--model must look like provider/name (e.g. openai/gpt-4o-mini), got {spec!r}"
        )
    return provider, name


@dataclass(frozen=True)
class ModelSpec:
    """``model``: instructor's provider/name, or None/``local`` for the embedded model;
    ``base_url``: an OpenAI-compatible server (``model`` is then the name it is asked for);
    ``timeout_s``: total seconds per request, None for the backend's default;
    ``cache``: replay and keep responses (the embedded model and ``base_url`` only);
    ``threads``: the embedded server's threads, None to follow the machine
    (``providers.llama_cpp.threads``)."""

    model: str | None = None
    base_url: str | None = None
    timeout_s: float | None = None
    cache: ResponseCache | None = None
    threads: int | None = None

    def __post_init__(self) -> None:
        if self.model and self.model != "local":
            split_model(self.model)
        if self.timeout_s is not None and not 0 < self.timeout_s < math.inf:
            raise ArgumentError("--timeout must be a positive number of seconds")
        if self.threads is not None and self.threads < 1:
            raise ArgumentError("--threads must be a positive integer")

    @property
    def is_local(self) -> bool:
        """The embedded model: no ``base_url`` and ``model`` absent, ``local`` or its full name."""
        return not self.base_url and self.model in (None, "", "local", f"local/{LOCAL_MODEL_NAME}")

    @property
    def caches_responses(self) -> bool:
        """The response cache sits under the OpenAI client: the embedded model and base_url."""
        return bool(self.base_url) or self.is_local

    @property
    def deadline_s(self) -> float:
        """Each request's total deadline: the setting, else longer for the model on CPU."""
        if self.timeout_s is not None:
            return self.timeout_s
        return LOCAL_TIMEOUT_S if self.is_local else REMOTE_TIMEOUT_S
