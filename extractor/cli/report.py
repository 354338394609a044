"""``extractor report OUTPUT.json SOURCE --html PAGE``: the audit page for a finished run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import ValidationError

from extractor.cli.options import add_read_options, read_options
from extractor.cli.targets import check_targets, write_target
from extractor.core.schema import Output
from extractor.documents import load_source
from extractor.errors import InputError
from extractor.report import render_report


def register(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser(
        "report", help="write the self-contained HTML audit page of an output and its source"
    )
    r.add_argument("output", metavar="OUTPUT.json", help="the --json file of `summarize`")
    r.add_argument(
        "source",
        metavar="SOURCE",
        help="the file that output was made from: its Item 1 text or the whole 10-K",
    )
    r.add_argument(
        "--html", metavar="PAGE", required=True, help="write the page here (- for stdout)"
    )
    add_read_options(r)
    r.set_defaults(func=run)


# An output is tens of KB (facts, quotes, the paragraph; never the source text):
# far more is a wrong file, or a device such as /dev/zero that never ends.
MAX_OUTPUT_BYTES = 64 * 1024 * 1024


def _read_bounded(path: str) -> bytes:
    """At most ``MAX_OUTPUT_BYTES``: one byte more tells a file over it, memory stays bounded."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_OUTPUT_BYTES + 1)
    else:
        with open(path, "rb") as fh:
            data = fh.read(MAX_OUTPUT_BYTES + 1)
    if len(data) > MAX_OUTPUT_BYTES:
        name = "<stdin>" if path == "-" else path
        raise InputError(
            f"{name}: over {MAX_OUTPUT_BYTES:,} bytes, not an extractor output "
            "(outputs are tens of KB)"
        )
    return data


def read_output(path: str) -> Output:
    """An output JSON file, read once (``-`` is stdin; a pipe or FIFO works too)."""
    p = Path(path)
    if path != "-" and not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a folder, not an output file")
    try:
        return Output.model_validate_json(_read_bounded(path))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "top level"
        raise InputError(f"{path}: not an extractor output: {where}: {first['msg']}") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def write_report(path: str, output: Output, source: str) -> None:
    """Shared by `report` and `summarize --html`."""
    write_target(path, render_report(output, source))


def run(args: argparse.Namespace) -> int:
    check_targets([(args.html, "--html")], [args.output, args.source])
    if args.output == args.source == "-":
        raise InputError("OUTPUT.json and SOURCE cannot both be - (stdin is read once)")
    output = read_output(args.output)
    # Read as `summarize` read it: a whole filing is cut down to the Item 1 it cited.
    source = load_source(args.source, read_options(args)).cited_text(output.document.sha256)
    write_report(args.html, output, source)
    return 0
