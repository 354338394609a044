"""``extractor fetch TICKER|CIK``: the 10-K from EDGAR into the cache (and ``--out``)."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable
from pathlib import Path

from extractor.cli._io import progress_printer
from extractor.errors import InputError
from extractor.filings.load import LoadedDocument


def add_reference_options(p: argparse.ArgumentParser) -> None:
    """``--year``, ``--accession``, ``--form``, ``--offline``: shared by fetch, summarize, batch."""
    p.add_argument("--year", type=int, help="fiscal year of the 10-K (default: the latest)")
    p.add_argument("--accession", help="this filing, e.g. 0000320193-24-000123 (10-K/A too)")
    p.add_argument(
        "--form",
        default="10-K",
        help="10-K (default; includes 10-K405 and 10-KT), or 10-K/A for an amendment",
    )
    p.add_argument("--offline", action="store_true", help="use only the EDGAR cache, no request")


def register(sub: argparse._SubParsersAction) -> None:
    f = sub.add_parser(
        "fetch",
        help="download a company's 10-K from SEC EDGAR (needs EXTRACTOR_SEC_USER_AGENT)",
    )
    f.add_argument("reference", help="ticker (AAPL) or CIK (320193), optionally TICKER:YEAR")
    add_reference_options(f)
    f.add_argument("--out", type=Path, help="also copy the document into this folder")
    f.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    f.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extractor.edgar.fetch import describe, fetch_filing, parse_reference

    ref = parse_reference(args.reference, year=args.year, accession=args.accession, form=args.form)
    fetched = fetch_filing(ref, offline=args.offline, progress=progress_printer(args.quiet))
    path = fetched.path
    if args.out is not None:
        if args.out.exists() and not args.out.is_dir():
            raise InputError(f"{args.out}: exists and is not a folder")
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / fetched.path.name
        shutil.copyfile(fetched.path, path)
    print(describe(fetched))
    print(path)
    return 0


def load_file_or_reference(
    args: argparse.Namespace,
    raw: str,
    progress: Callable[[str], None],
    load_file: Callable[[], LoadedDocument],
) -> LoadedDocument:
    """A file as before; a ticker or CIK (not an existing path) fetched from EDGAR first."""
    from extractor.edgar.fetch import (
        is_path,
        load_reference,
        looks_like_reference,
        parse_reference,
    )

    wants_edgar = args.year is not None or args.accession is not None or args.offline
    if raw == "-" or not (looks_like_reference(raw) or (wants_edgar and not is_path(raw))):
        if wants_edgar and raw != "-" and is_path(raw):
            raise InputError(
                f"{raw}: a file; --year/--accession/--offline apply to a ticker or CIK"
            )
        return load_file()
    ref = parse_reference(raw, year=args.year, accession=args.accession, form=args.form)
    return load_reference(ref, offline=args.offline, progress=progress)
