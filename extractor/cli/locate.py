"""``extractor locate FILING``: where Item 1 starts and ends in a whole 10-K.

Every command reads its input the same way (``extractor.documents.load_source``):
an Item 1 text passes through unchanged, a whole 10-K is cut down to its Item 1
with the provenance recorded in the output JSON.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from extractor.cli._io import print_warnings
from extractor.cli.options import add_read_options, read_options
from extractor.cli.targets import check_targets, write_target
from extractor.documents import load_source
from extractor.filings.load import LoadedDocument

_PREVIEW = 300


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser(
        "locate",
        help="find Item 1 in a whole 10-K (EDGAR HTML or plain text) and show where it is",
    )
    s.add_argument("file", help="a 10-K filing (HTML, inline XBRL or plain text), or - for stdin")
    s.add_argument(
        "--text-out",
        metavar="FILE",
        help="write the whole filing converted to text (- for stdout); "
        "section_start/section_end index it",
    )
    s.add_argument(
        "--section-out", metavar="FILE", help="write the located Item 1 text (- for stdout)"
    )
    s.add_argument("--json", action="store_true", help="print the result as JSON")
    add_read_options(s)
    s.set_defaults(func=run)


def _summary(doc: LoadedDocument) -> dict[str, Any]:
    return {
        "name": doc.name,
        "source_kind": doc.kind,
        "filing_sha256": doc.filing_sha256,
        "section_start": doc.section_start,
        "section_end": doc.section_end,
        "chars": len(doc.text),
        "converted_chars": len(doc.converted_text),
        "heading": doc.heading,
        "end_heading": doc.end_heading,
        "warnings": doc.warnings,
    }


def run(args: argparse.Namespace) -> int:
    check_targets([(args.text_out, "--text-out"), (args.section_out, "--section-out")], [args.file])
    doc = load_source(args.file, read_options(args))
    print_warnings(doc)
    if args.text_out:
        write_target(args.text_out, doc.converted_text)
    if args.section_out:
        write_target(args.section_out, doc.text)
    if args.json:
        print(json.dumps(_summary(doc), indent=2, ensure_ascii=False))
        return 0
    print(f"{doc.name}: {doc.kind}, sha256 {doc.filing_sha256}")
    if doc.kind == "item1-text" and doc.end_heading:
        print(
            "already an Item 1 text (no whole-filing structure found): used up to its "
            f"executive officers section, characters 0..{doc.section_end}"
        )
        print(f"ends before: {doc.end_heading!r}")
    elif doc.kind == "item1-text":
        print("already an Item 1 text (no whole-filing structure found): used unchanged")
    else:
        print(
            f"Item 1: characters {doc.section_start}..{doc.section_end} of the converted "
            f"text ({len(doc.converted_text):,} characters)"
        )
        print(f"starts at: {doc.heading!r}")
        print(f"ends before: {doc.end_heading!r}" if doc.end_heading else "ends at: end of text")
    print(f"length: {len(doc.text):,} characters, {len(doc.text.split()):,} words")
    head = " ".join(doc.text[:_PREVIEW].split())
    tail = " ".join(doc.text[-_PREVIEW:].split()) if len(doc.text) > 2 * _PREVIEW else ""
    print(f"preview: {head}" + (f"\n     ...: {tail}" if tail else ""))
    return 0
