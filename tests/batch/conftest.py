from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.batch.fake_openai import FAIL_MARKER

DATA = Path(__file__).resolve().parents[1] / "data" / "batch"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """Three short real Item 1 excerpts in a folder."""
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(DATA.glob("*.txt")):
        shutil.copy(p, folder / p.name)
    return folder


@pytest.fixture
def failing_doc(docs: Path) -> Path:
    """A fourth document whose every model request the fake server drops."""
    text = (docs / "ASFI_2005_excerpt.txt").read_text(encoding="utf-8")
    path = docs / "broken.txt"
    path.write_text(text.replace("receivables", f"receivables {FAIL_MARKER}"), encoding="utf-8")
    return path
