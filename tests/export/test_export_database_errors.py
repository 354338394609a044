"""A database that cannot be written at all (read-only, corrupt) is the output target's
fault: one line, exit 4 as documented, not exit 1 with every document "not loaded"."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from extractor.cli import main
from tests.conftest import EXAMPLES, ROOT

SONM = EXAMPLES / "SONM_2022_item1.out.json"
AMCR = EXAMPLES / "AMCR_2023_item1.out.json"


def _loaded_db(path: Path) -> Path:
    assert main(["export", str(SONM), "--db", f"sqlite:///{path}"]) == 0
    return path


def test_a_corrupt_database_exits_4(tmp_path: Path, capsys):
    db = _loaded_db(tmp_path / "facts.db")
    with sqlite3.connect(db) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        roots = [r for (r,) in conn.execute("SELECT rootpage FROM sqlite_master WHERE rootpage")]
    data = bytearray(db.read_bytes())
    for root in roots[:2]:  # the first tables' pages; the schema still reads
        data[(root - 1) * size : root * size] = b"\x5a" * size
    db.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["export", str(AMCR), str(SONM), "--db", f"sqlite:///{db}"]) == 4
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "malformed" in err, err
    assert "cannot be written" in err


AS_ROOT = hasattr(os, "getuid") and os.getuid() == 0


@pytest.mark.skipif(AS_ROOT and not shutil.which("setpriv"), reason="root needs setpriv")
def test_a_read_only_database_exits_4():
    # root writes read-only files anyway: as root the export runs as nobody, in a
    # folder outside pytest's private one.
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if AS_ROOT else []
    folder = Path(tempfile.mkdtemp(prefix="extractor-ro-"))
    try:
        folder.chmod(0o755)
        db = _loaded_db(folder / "facts.db")
        db.chmod(0o444)
        proc = subprocess.run(
            [
                *nobody,
                sys.executable,
                "-m",
                "extractor",
                "export",
                str(AMCR),
                "--db",
                f"sqlite:///{db}",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(folder)},
        )
    finally:
        shutil.rmtree(folder)
    assert proc.returncode == 4, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "cannot be written" in proc.stderr and "readonly" in proc.stderr
