from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Wall-clock deadlines make property tests flaky on a loaded 2-core CI machine.
settings.register_profile("extractor", deadline=None)
settings.load_profile("extractor")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
EXAMPLES = ROOT / "examples"


def needs_eval_data(*paths: Path) -> pytest.MarkDecorator:
    """Skip when evaluation data from outside the repository is absent, never under CI.

    The gold annotations (and the seed) are not part of the repository: a clone without
    ``../shared`` beside it skips these tests with the reason; CI has it and must run them.
    """
    missing = [p for p in paths if not p.exists()]
    return pytest.mark.skipif(
        bool(missing) and not os.environ.get("CI"),
        reason=f"evaluation data not beside the repository: {', '.join(map(str, missing))}",
    )


@pytest.fixture(scope="session")
def sonm_text() -> str:
    return (EXAMPLES / "SONM_2022_item1.txt").read_text(encoding="utf-8")
