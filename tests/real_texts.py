"""The public SEC documents the tests read, carried by the repository.

Real 10-K filings (``tests/data/filings/``) and Item 1 texts (``tests/data/docs/``),
gzipped, with their provenance (source repository, path, commit, sha256) in each
folder's ``manifest.json``; the ones in ``examples/`` are read from there. So a
clone runs its tests without the evaluation folder (``../shared/eval``) beside it;
only the gold annotations stay outside (see ``needs_eval_data`` in conftest).
"""

from __future__ import annotations

import atexit
import gzip
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"


@cache
def _manifest(folder: str) -> dict[str, dict]:
    entries = json.loads((DATA / folder / "manifest.json").read_text(encoding="utf-8"))
    return {e["file"]: e for e in entries}


def _read(stored_as: str) -> bytes:
    data = (ROOT / stored_as).read_bytes()
    return gzip.decompress(data) if stored_as.endswith(".gz") else data


def filings_manifest() -> dict[str, dict]:
    """File name -> provenance entry (``sha256`` of the filing as published)."""
    return _manifest("filings")


def filing_bytes(name: str) -> bytes:
    return _read(filings_manifest()[name]["stored_as"])


@cache
def _unpacked() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="extractor-filings-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@cache
def filing_path(name: str) -> Path:
    """A plain file with the filing's bytes, under its original name (as a user has it)."""
    path = _unpacked() / name
    path.write_bytes(filing_bytes(name))
    return path


def doc_names() -> list[str]:
    return sorted(_manifest("docs"))


def doc_text(name: str) -> str:
    return _read(_manifest("docs")[name]["stored_as"]).decode("utf-8")
