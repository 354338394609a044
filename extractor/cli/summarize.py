"""``extractor summarize FILE``: one document to a cited paragraph (and JSON)."""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from extractor.cli._io import DEFAULT_MAX_BYTES, progress_printer, write_atomic
from extractor.cli.fetch import add_reference_options, load_file_or_reference
from extractor.cli.locate import load_input, print_warnings
from extractor.cli.report import write_report
from extractor.core.budget import DEFAULT_TOKEN_BUDGET
from extractor.core.tokens import DEFAULT_TOKENIZER, TOKENIZERS
from extractor.errors import InputError


def add_model_options(p: argparse.ArgumentParser) -> None:
    """``--model`` and ``--base-url``, shared by every command that calls a model."""
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


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("summarize", help="extract cited facts and write one paragraph")
    s.add_argument(
        "file",
        help="UTF-8 text of the filing's Item 1, or a whole 10-K (EDGAR HTML or plain "
        "text) whose Item 1 is located first; - for stdin; or a ticker/CIK (AAPL, "
        "AAPL:2023, 320193) whose 10-K is fetched from EDGAR",
    )
    add_reference_options(s)
    s.add_argument("--json", metavar="OUT", help="write the full auditable output here")
    s.add_argument("--html", metavar="PAGE", help="write the self-contained HTML audit page here")
    s.add_argument("--max-tokens", type=int, default=512, help="paragraph token cap (512)")
    s.add_argument("--tokenizer", default=DEFAULT_TOKENIZER, choices=TOKENIZERS)
    s.add_argument(
        "--encoding",
        help="text encoding of FILE (default utf-8), e.g. cp1252 or utf-16; any Python codec",
    )
    s.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"refuse text inputs larger than this many bytes ({DEFAULT_MAX_BYTES:,}); "
        "HTML or SGML filings may be up to 48 MB",
    )
    s.add_argument("--force", action="store_true", help="read the input whatever its size")
    s.add_argument(
        "--token-budget",
        type=int,
        default=DEFAULT_TOKEN_BUDGET,
        help="stop with an error once the model calls for this document have used this "
        f"many prompt+completion tokens, retries included ({DEFAULT_TOKEN_BUDGET:,})",
    )
    add_model_options(s)
    s.add_argument(
        "--cache-dir",
        type=Path,
        help="replay model responses cached in this folder and add new ones "
        "(off by default here; `extractor batch` caches by default)",
    )
    s.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    s.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extractor.pipeline import summarize  # deferred: keeps `--help` fast
    from extractor.providers.cache import ResponseCache, for_document
    from extractor.providers.client import open_backend, split_model

    if args.max_tokens < 1:
        raise InputError("--max-tokens must be a positive integer")
    if args.max_bytes < 1:
        raise InputError("--max-bytes must be a positive integer")
    if args.token_budget < 1:
        raise InputError("--token-budget must be a positive integer")
    if args.model and args.model != "local":
        split_model(args.model)  # fail before any work on a malformed --model
    progress = progress_printer(args.quiet)
    loaded = load_file_or_reference(
        args,
        args.file,
        progress,
        lambda: load_input(
            args.file, encoding=args.encoding, max_bytes=None if args.force else args.max_bytes
        ),
    )
    name, text = loaded.name, loaded.text
    progress(f"reading {name}: {len(text)} characters ({loaded.kind})")
    print_warnings(loaded)
    cache = ResponseCache(args.cache_dir) if args.cache_dir else None
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with (
        open_backend(args.model, args.base_url, progress=progress, cache=cache) as backend,
        for_document(sha),
    ):
        progress(f"model ready: {backend.backend} {backend.model}")
        output = summarize(
            text,
            backend,
            name=name,
            token_cap=args.max_tokens,
            tokenizer=args.tokenizer,
            progress=progress,
            document_extra=loaded.document_fields(),
            token_budget=args.token_budget,
        )
        output.run.cache_hits = backend.usage.cache_hits
    if args.json:
        write_atomic(Path(args.json), output.model_dump_json(indent=2) + "\n")
    if args.html:
        write_report(args.html, output, text)
    print(output.summary.text)
    return 0
