from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Wall-clock deadlines make property tests flaky on a loaded 2-core CI machine.
settings.register_profile("extractor", deadline=None)
settings.load_profile("extractor")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def sonm_text() -> str:
    return (EXAMPLES / "SONM_2022_item1.txt").read_text(encoding="utf-8")
