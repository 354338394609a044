"""The install hint of an optional extra is true for a checkout and for an installed package.

``pip install 'extractor[edgar]'`` would fetch whatever PyPI calls "extractor", not this
project: the hint names the extra's pinned requirement and the checkout's form, as the
README does.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")

_WITHOUT = """
import sys
sys.modules[sys.argv[1]] = None  # as if the extra were not installed
from extractor.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _pin(extra: str) -> str:
    found = re.search(rf'^{extra} = \["([^"]+)"\]$', PYPROJECT, re.MULTILINE)
    assert found, extra
    return found.group(1)


@pytest.mark.parametrize(
    ("module", "extra", "argv", "code"),
    [
        ("edgar", "edgar", ["fetch", "AAPL"], 2),
        ("ray", "ray", ["batch", "examples/SONM_2022_item1.txt", "--out", "{out}", "--ray"], 3),
    ],
)
def test_missing_extra_names_its_requirement_and_the_checkout_form(
    tmp_path, module: str, extra: str, argv: list[str], code: int
):
    argv = [a.format(out=tmp_path / "out") for a in argv]
    env = {**os.environ, "EXTRACTOR_SEC_USER_AGENT": "Jane Doe jane@example.com"}
    proc = subprocess.run(
        [sys.executable, "-c", _WITHOUT, module, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == code, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert f"pip install '{_pin(extra)}'" in lines[0]
    assert f"in a checkout: pip install -e '.[{extra}]'" in lines[0]
    assert "extractor[" not in lines[0]


def test_readme_says_the_same_as_the_hints():
    assert "extractor[" not in README
    for extra in ("edgar", "ray"):
        assert f"pip install -e '.[{extra}]'" in README
        assert f"pip install '{_pin(extra)}'" in README, extra
