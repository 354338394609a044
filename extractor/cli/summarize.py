"""``extractor summarize FILE``: one document to a cited paragraph (and JSON)."""

from __future__ import annotations

import argparse
from pathlib import Path

from extractor.cli._io import print_warnings, progress_printer
from extractor.cli.fetch import add_reference_options, load_file_or_reference
from extractor.cli.options import add_summary_options, model_spec, read_options, run_config
from extractor.cli.report import write_report
from extractor.cli.targets import check_targets, write_target, writes_stdout
from extractor.documents import load_source


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("summarize", help="extract cited facts and write one paragraph")
    s.add_argument(
        "file",
        help="UTF-8 text of the filing's Item 1, or a whole 10-K (EDGAR HTML or plain "
        "text) whose Item 1 is located first; - for stdin; or a ticker/CIK (AAPL, "
        "AAPL:2023, 320193) whose 10-K is fetched from EDGAR",
    )
    add_reference_options(s)
    s.add_argument(
        "--json", metavar="OUT", help="write the full auditable output here (- for stdout)"
    )
    s.add_argument(
        "--html",
        metavar="PAGE",
        help="write the self-contained HTML audit page here (- for stdout)",
    )
    add_summary_options(s)
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
    from extractor.providers.cache import ResponseCache
    from extractor.providers.router import open_llm

    config = run_config(args)
    options = read_options(args)
    spec = model_spec(args, ResponseCache(args.cache_dir) if args.cache_dir else None)
    check_targets([(args.json, "--json"), (args.html, "--html")], [args.file])
    progress = progress_printer(args.quiet)
    loaded = load_file_or_reference(
        args, args.file, progress, lambda: load_source(args.file, options)
    )
    name, text = loaded.name, loaded.text
    progress(f"reading {name}: {len(text)} characters ({loaded.kind})")
    print_warnings(loaded)
    with open_llm(spec, progress) as llm:
        progress(f"model ready: {llm.label} {llm.model}")
        output = summarize(
            text,
            llm,
            config,
            name=name,
            progress=progress,
            document_extra=loaded.document_fields(),
        )
    if args.json:
        write_target(args.json, output.model_dump_json(indent=2) + "\n")
    if args.html:
        write_report(args.html, output, text)
    if not any(writes_stdout(v) for v in (args.json, args.html)):
        print(output.summary.text)  # else stdout is that file alone (`--json - | jq`)
    return 0
