"""Several `extractor export` processes loading the same documents at once, as a team's
nightly jobs do: every document loads, and the database holds each document once."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES

PROCESSES = 4
COPIES = 12  # documents per example output: enough loads to overlap on a busy machine


def _outputs(folder: Path) -> int:
    """Copies of the example outputs, each under its own document key."""
    folder.mkdir()
    n = 0
    for example in sorted(EXAMPLES.glob("*.out.json")):
        data = json.loads(example.read_text(encoding="utf-8"))
        for i in range(COPIES):
            data["document"]["sha256"] = hashlib.sha256(f"{example.name}/{i}".encode()).hexdigest()
            (folder / f"{example.stem}.{i}.out.json").write_text(json.dumps(data))
            n += 1
    return n


def _export_at_once(folder: Path, url: str) -> list[tuple[int, str]]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "extractor", "export", str(folder), "--db", url],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    return [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]


def test_concurrent_exports_of_the_same_documents_all_load(db, tmp_path):
    url, dump = db
    folder = tmp_path / "outputs"
    total = _outputs(folder)
    # First into an empty database (both insert the same keys), then over loaded
    # documents (one's deletes meet the other's inserts).
    for _ in range(2):
        for code, err in _export_at_once(folder, url):
            assert code == 0, err
            assert "not loaded" not in err and f"{total} of {total} documents loaded" in err
    rows = dump()
    assert len(rows["documents"]) == total
    one = json.loads(next(folder.glob("*.out.json")).read_text(encoding="utf-8"))
    sha = one["document"]["sha256"]
    assert sum(r[0] == sha for r in rows["facts"]) == len(one["facts"])
