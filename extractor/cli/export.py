"""``extractor export OUTPUTS... --db URL | --jsonl FILE``: outputs into a database.

Each document is loaded in its own transaction, replacing whatever rows the
database holds for the same (document sha256, schema version): loading twice
gives the same rows, and a document that fails leaves nothing behind. Exit
status 1 when any document failed to load, 4 when the database cannot be
written at all (read-only, corrupt).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractor.cli.report import read_output
from extractor.cli.targets import check_target, refuse_overlap, write_target
from extractor.core.schema import Output
from extractor.errors import InputError
from extractor.export.integrity import integrity_problem


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser("export", help="load outputs into SQLite/PostgreSQL or a JSONL file")
    e.add_argument("outputs", nargs="+", help="*.out.json files (- for stdin), or folders of them")
    e.add_argument(
        "--db",
        metavar="URL",
        help="sqlite:///facts.db (relative path), sqlite:////abs/facts.db, "
        "or postgresql://USER[:PASSWORD]@HOST[:PORT]/DB",
    )
    e.add_argument("--jsonl", metavar="FILE", help="write one fact per line here (- for stdout)")
    e.set_defaults(func=run)


def read_outputs(paths: list[str]) -> list[tuple[str, Output]]:
    """Every output parsed before anything is loaded: a bad file stops the run up front."""
    files: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(str(f) for f in sorted(p.glob("*.out.json")))
        elif raw == "-" or p.exists():  # - is stdin; a pipe or FIFO is read like a file
            files.append(raw)
        else:
            raise InputError(f"{raw}: no such file or folder")
    if not files:
        raise InputError("no outputs found (folders are searched for *.out.json)")
    if files.count("-") > 1:
        raise InputError("- (stdin) can be given once")
    outputs = []
    for f in files:
        output = read_output(f)
        if problem := integrity_problem(output):
            raise InputError(f"{f}: not loaded: {problem}")
        outputs.append((f, output))
    return outputs


def run(args: argparse.Namespace) -> int:
    from extractor.export.load import load_all, open_database
    from extractor.export.redact import redact
    from extractor.export.rows import jsonl_lines

    if not args.db and not args.jsonl:
        raise InputError("give --db URL and/or --jsonl FILE")
    check_target(args.jsonl, "--jsonl")
    outputs = read_outputs(args.outputs)
    # Against the files read, folders expanded: `export out/ --jsonl out/a.out.json`.
    refuse_overlap([(args.jsonl, "--jsonl")], [f for f, _ in outputs])
    if args.jsonl:
        lines = [line for _, output in outputs for line in jsonl_lines(output)]
        write_target(args.jsonl, "".join(f"{line}\n" for line in lines))
        print(f"extractor export: {len(lines)} facts to {args.jsonl}", file=sys.stderr)
    if not args.db:
        return 0
    db = open_database(args.db)
    try:
        results = load_all(db, outputs)
    finally:
        db.close()
    failed = [r for r in results if r.error]
    for r in failed:
        print(f"extractor export: {r.name}: not loaded: {r.error}", file=sys.stderr)
    print(
        f"extractor export: {len(results) - len(failed)} of {len(results)} documents "
        f"loaded into {redact(args.db)}",
        file=sys.stderr,
    )
    return 1 if failed else 0
