"""``extractor export OUTPUTS... --db URL | --jsonl FILE``: outputs into a database.

Each document is loaded in its own transaction, replacing whatever rows the
database holds for the same (document sha256, schema version): loading twice
gives the same rows, and a document that fails leaves nothing behind. Exit
status 1 when any document failed to load.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import ValidationError

from extractor.cli._io import write_atomic
from extractor.core.schema import Output
from extractor.errors import InputError
from extractor.export.integrity import integrity_problem


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser("export", help="load outputs into SQLite/PostgreSQL or a JSONL file")
    e.add_argument("outputs", nargs="+", help="*.out.json files, or folders of them")
    e.add_argument(
        "--db",
        metavar="URL",
        help="sqlite:///facts.db (relative path), sqlite:////abs/facts.db, "
        "or postgresql://USER[:PASSWORD]@HOST[:PORT]/DB",
    )
    e.add_argument("--jsonl", metavar="FILE", type=Path, help="write one fact per line here")
    e.set_defaults(func=run)


def read_outputs(paths: list[str]) -> list[tuple[str, Output]]:
    """Every output parsed before anything is loaded: a bad file stops the run up front."""
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(p.glob("*.out.json")))
        elif p.is_file():
            files.append(p)
        else:
            raise InputError(f"{raw}: no such file or folder")
    if not files:
        raise InputError("no outputs found (folders are searched for *.out.json)")
    outputs = []
    for f in files:
        try:
            output = Output.model_validate_json(f.read_bytes())
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(map(str, first["loc"])) or "top level"
            raise InputError(f"{f}: not an extractor output ({where}: {first['msg']})") from exc
        except OSError as exc:
            raise InputError(f"{f}: cannot read: {exc.strerror}") from exc
        if problem := integrity_problem(output):
            raise InputError(f"{f}: not loaded: {problem}")
        outputs.append((str(f), output))
    return outputs


def run(args: argparse.Namespace) -> int:
    from extractor.export.load import load_all, open_database, redact
    from extractor.export.rows import jsonl_lines

    if not args.db and not args.jsonl:
        raise InputError("give --db URL and/or --jsonl FILE")
    outputs = read_outputs(args.outputs)
    if args.jsonl:
        lines = [line for _, output in outputs for line in jsonl_lines(output)]
        write_atomic(args.jsonl, "".join(f"{line}\n" for line in lines))
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
