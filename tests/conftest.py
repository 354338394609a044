from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def sonm_text() -> str:
    return (EXAMPLES / "SONM_2022_item1.txt").read_text(encoding="utf-8")
