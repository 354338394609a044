"""Command line: ``extractor summarize FILE`` and ``extractor schema``.

Every failure the user can cause or fix prints one line on stderr and exits
non-zero; an output file is written to a temporary name and renamed only once
the run is complete, so a file at ``--json`` is always a whole result.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

from extractor.core.schema import Output
from extractor.core.tokens import DEFAULT_TOKENIZER, TOKENIZERS
from extractor.errors import ExtractorError, InputError

EXIT_INPUT = 2
EXIT_MODEL = 3
EXIT_INTERRUPTED = 130


def read_document(path: str) -> tuple[str, str]:
    """Return ``(name, text)``; the text is exactly what offsets index into."""
    if path == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{path}: no such file")
        if p.is_dir():
            raise InputError(f"{path}: is a directory, expected a text file")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
        name = p.name
    if not data.strip():
        raise InputError(f"{name}: the input is empty")
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: looks binary (contains NUL bytes); expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 (bad byte 0x{data[exc.start]:02x} at byte offset {exc.start})"
        ) from exc
    # A BOM is not part of the text the analyst sees; dropping it keeps offsets natural.
    return name, text.removeprefix("\ufeff")


def write_atomic(path: Path, content: str) -> None:
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def schema_json() -> str:
    return json.dumps(Output.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def _progress(quiet: bool):
    def emit(line: str) -> None:
        if not quiet:
            print(line, file=sys.stderr, flush=True)

    return emit


def cmd_summarize(args: argparse.Namespace) -> int:
    from extractor.pipeline import summarize  # deferred: keeps `--help` fast
    from extractor.providers.client import open_backend, split_model

    if args.max_tokens < 1:
        raise InputError("--max-tokens must be a positive integer")
    if args.model and args.model != "local":
        split_model(args.model)  # fail before any work on a malformed --model
    name, text = read_document(args.file)
    progress = _progress(args.quiet)
    progress(f"reading {name}: {len(text)} characters")
    with open_backend(args.model, args.base_url, progress=progress) as backend:
        progress(f"model ready: {backend.backend} {backend.model}")
        output = summarize(
            text,
            backend,
            name=name,
            token_cap=args.max_tokens,
            tokenizer=args.tokenizer,
            progress=progress,
        )
    if args.json:
        write_atomic(Path(args.json), output.model_dump_json(indent=2) + "\n")
    print(output.summary.text)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    if args.output:
        write_atomic(Path(args.output), schema_json())
    else:
        sys.stdout.write(schema_json())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Auditable business-model summaries of 10-K Item 1 texts.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("summarize", help="extract cited facts and write one paragraph")
    s.add_argument("file", help="UTF-8 text of the filing's Item 1, or - for stdin")
    s.add_argument("--json", metavar="OUT", help="write the full auditable output here")
    s.add_argument("--max-tokens", type=int, default=512, help="paragraph token cap (512)")
    s.add_argument("--tokenizer", default=DEFAULT_TOKENIZER, choices=TOKENIZERS)
    s.add_argument(
        "--model",
        help="provider/name as in instructor, e.g. openai/gpt-4o-mini; "
        "default: the embedded local model",
    )
    s.add_argument(
        "--base-url",
        help="any OpenAI-compatible server, e.g. "
        "http://127.0.0.1:11434/v1 (key from EXTRACTOR_API_KEY or OPENAI_API_KEY)",
    )
    s.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    s.set_defaults(func=cmd_summarize)
    sc = sub.add_parser("schema", help="print the JSON Schema of the output")
    sc.add_argument("-o", "--output", help="write to this file instead of stdout")
    sc.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # instructor and httpx log each failed attempt; the CLI reports one line itself.
    for noisy in ("instructor", "httpx", "openai"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("extractor: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except InputError as exc:
        print(f"extractor: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except ExtractorError as exc:
        print(f"extractor: {exc}", file=sys.stderr)
        return EXIT_MODEL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
