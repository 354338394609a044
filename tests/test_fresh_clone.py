"""A clone alone in an empty folder (no ``../shared`` beside it) collects and runs its tests.

The repository is copied file by file (what git tracks or would add, as the
working tree has it) into a temporary folder, and pytest runs there on that
copy's code: its whole collection, and the tests that read real filings and
texts, which must find them in the repository (the gold-dependent one skips,
saying why).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.repo_copy import copy_repository

# Fast tests that read the repository's filings and texts, and one that needs the gold.
DATA_TESTS = [
    "tests/filings/test_real_filings.py::test_every_filing_in_the_folder_is_covered",
    "tests/edgar/test_fetch_cli.py::test_cik_resolves_like_the_ticker",
    "tests/filings/test_officers.py::test_no_gold_fact_is_lost",
]


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = copy_repository(tmp_path_factory.mktemp("fresh") / "extractor")
    assert not (copy.parent / "shared").exists()
    return copy


def _pytest(clone: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    env["PYTHONPATH"] = str(clone)  # the copy's code, not this checkout's
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_collection_has_no_error(clone: Path):
    proc = _pytest(clone, "--collect-only", "-q")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert " error" not in proc.stdout.splitlines()[-1], proc.stdout[-3000:]


def test_tests_on_real_documents_find_them_in_the_repository(clone: Path):
    proc = _pytest(clone, "-q", "-rs", "-m", "not llm and not slow", *DATA_TESTS)
    out = proc.stdout
    assert proc.returncode == 0, out[-3000:] + proc.stderr[-3000:]
    assert "2 passed, 1 skipped" in out, out[-3000:]
    assert "evaluation data not beside the repository" in out, out[-3000:]
