"""run_bench rejects bad input with one line and exit 2, before any model starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.run_bench import main


def test_unknown_document_is_one_line_and_exit_2(tmp_path: Path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    code = main(["--docs", "NOPE_1999", "--docs-dir", str(docs), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().count("\n") == 0 and "NOPE_1999_item1.txt: no such document" in err
    assert not (tmp_path / "o").exists()


def test_seed_without_the_request_marker_is_rejected(tmp_path: Path, capsys):
    (tmp_path / "A_1_item1.txt").write_text("Item 1. Business. We sell things.", encoding="utf-8")
    seed = tmp_path / "seed.txt"
    seed.write_text("Summarize this.\n\nItem 1.", encoding="utf-8")
    argv = ["--docs", "A_1", "--docs-dir", str(tmp_path), "--seed", str(seed),
            "--systems", "plain", "--out", str(tmp_path / "o")]  # fmt: skip
    assert main(argv) == 2
    assert "does not contain" in capsys.readouterr().err


def test_truncate_below_200_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--docs", "SONM_2022", "--truncate", "50"])
    assert exc.value.code == 2
