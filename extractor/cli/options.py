"""The options every command that reads inputs or runs the pipeline shares, and the
frozen settings they become (``ReadOptions``, ``RunConfig``, ``ModelSpec``): one
definition each."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from extractor.config import (
    DEFAULT_MAX_BYTES,
    READING_LOCAL,
    READING_REMOTE,
    ReadingBudget,
    ReadOptions,
    RunConfig,
)
from extractor.core.budget import DEFAULT_TOKEN_BUDGET
from extractor.core.tokens import (
    DEFAULT_TOKEN_CAP,
    DEFAULT_TOKENIZER,
    MIN_TOKEN_CAP,
    TOKENIZERS,
)
from extractor.errors import InputError

if TYPE_CHECKING:  # the model seam pulls in the HTTP clients: only when a model is opened
    from extractor.providers.cache import ResponseCache
    from extractor.providers.spec import ModelSpec


def add_read_options(p: argparse.ArgumentParser) -> None:
    """``--encoding``, ``--max-bytes`` and ``--force``: how input files are read."""
    p.add_argument(
        "--encoding",
        help="text encoding of the input (default utf-8), e.g. cp1252 or utf-16; any Python codec",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"refuse text inputs larger than this many bytes ({DEFAULT_MAX_BYTES:,}); "
        "HTML or SGML filings may be up to 48 MB",
    )
    p.add_argument("--force", action="store_true", help="read the input whatever its size")


def add_summary_options(p: argparse.ArgumentParser) -> None:
    """What a command that writes summaries takes: run settings, reading, the model."""
    add_run_options(p)
    add_read_options(p)
    add_model_options(p)


def add_run_options(p: argparse.ArgumentParser) -> None:
    """The paragraph cap, its tokenizer and the per-document token budget."""
    p.add_argument(
        "--max-tokens",
        type=int,
        default=DEFAULT_TOKEN_CAP,
        help=f"paragraph token cap ({DEFAULT_TOKEN_CAP}; at least {MIN_TOKEN_CAP})",
    )
    p.add_argument("--tokenizer", default=DEFAULT_TOKENIZER, choices=TOKENIZERS)
    p.add_argument(
        "--token-budget",
        type=int,
        default=DEFAULT_TOKEN_BUDGET,
        help="stop with an error once the model calls for a document have used this "
        f"many prompt+completion tokens, retries included ({DEFAULT_TOKEN_BUDGET:,})",
    )
    p.add_argument(
        "--read",
        metavar="N|all",
        help="passages per focus area the model triages (reads and labels); 'all': every "
        # argparse formats help with %: the budget's "10%" is written "10%%".
        f"sentence of the text (default for the embedded model: "
        f"{READING_LOCAL.describe().replace('%', '%%')}; "
        "all for --model and --base-url)",
    )


def add_model_options(p: argparse.ArgumentParser) -> None:
    """``--model``, ``--base-url``, ``--timeout`` and ``--threads``: the ``ModelSpec``."""
    p.add_argument(
        "--model",
        help="provider/name as in instructor, e.g. openai/gpt-4o-mini; "
        "default: the embedded local model",
    )
    p.add_argument(
        "--base-url",
        help="any OpenAI-compatible server, e.g. "
        "http://127.0.0.1:11434/v1 (key from EXTRACTOR_API_KEY or OPENAI_API_KEY)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="give up on a model request that has not been answered in full after this "
        "many seconds, however the server trickles (default 120 for --base-url, 600 for "
        "the embedded model on CPU; at most 30 days, a longer one counts as 30 days); not retried",
    )
    p.add_argument(
        "--threads",
        type=int,
        metavar="N",
        help="at most N threads for the embedded model (default: $EXTRACTOR_THREADS, else "
        "the CPUs this process may use, up to 8, less what other embedded runs on this "
        "machine hold)",
    )


def _positive(value: int, option: str) -> int:
    if value < 1:
        raise InputError(f"{option} must be a positive integer")
    return value


def _token_cap(value: int) -> int:
    if value < MIN_TOKEN_CAP:
        raise InputError(
            f"--max-tokens {value} is too small for one sentence; use at least {MIN_TOKEN_CAP}"
        )
    return value


def read_options(args: argparse.Namespace) -> ReadOptions:
    max_bytes = _positive(args.max_bytes, "--max-bytes")
    return ReadOptions(encoding=args.encoding, max_bytes=None if args.force else max_bytes)


def _reading(args: argparse.Namespace) -> ReadingBudget:
    value = getattr(args, "read", None)
    if value is None:
        from extractor.providers.spec import ModelSpec

        spec = ModelSpec(
            model=getattr(args, "model", None), base_url=getattr(args, "base_url", None)
        )
        return READING_LOCAL if spec.is_local else READING_REMOTE
    if value.strip().lower() == "all":
        return ReadingBudget(None)
    try:
        return ReadingBudget(_positive(int(value), "--read"))
    except ValueError:
        raise InputError(f"--read must be a positive integer or 'all', got {value!r}") from None


def run_config(args: argparse.Namespace) -> RunConfig:
    return RunConfig(
        reading=_reading(args),
        token_cap=_token_cap(args.max_tokens),
        tokenizer=args.tokenizer,
        token_budget=_positive(args.token_budget, "--token-budget"),
    )


def model_spec(args: argparse.Namespace, cache: ResponseCache | None = None) -> ModelSpec:
    """The model the options name; a malformed one fails here, before any work."""
    from extractor.providers.llama_cpp.threads import threads_setting
    from extractor.providers.spec import ModelSpec

    return ModelSpec(
        model=args.model,
        base_url=args.base_url,
        timeout_s=args.timeout,
        cache=cache,
        threads=threads_setting(args.threads),  # $EXTRACTOR_THREADS read (and checked) once
    )
