"""Shared options refused before any work (issue 15 item 17: a paragraph cap too small for
any sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.cli import main
from extractor.core.tokens import MIN_TOKEN_CAP
from tests.conftest import EXAMPLES

TEXT = EXAMPLES / "AMCR_2023_item1.txt"


@pytest.mark.parametrize("command", ["summarize", "batch"])
def test_a_token_cap_too_small_for_one_sentence_is_refused(command: str, tmp_path: Path, capsys):
    out = tmp_path / "out"
    argv = [command, str(TEXT), "--base-url", "http://127.0.0.1:9/v1", "-q"]
    if command == "batch":
        argv += ["--out", str(out)]
    assert main([*argv, "--max-tokens", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--max-tokens 1 is too small" in err
    assert f"at least {MIN_TOKEN_CAP}" in err
    assert not out.exists()  # refused before anything was made
