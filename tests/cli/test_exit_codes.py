"""Exit status by cause: 2 bad input or arguments, 3 model or endpoint, 4 output target.

In-process (``main``) where no model is involved; one line on stderr each time.
"""

from __future__ import annotations

import pytest

from extractor.cli import main
from tests.conftest import EXAMPLES

OUTPUT = EXAMPLES / "AMCR_2023_item1.out.json"
TEXT = EXAMPLES / "AMCR_2023_item1.txt"


def _exit(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize(
    "argv",
    [
        ["export", str(OUTPUT), "--db", "mysql://user@host/db"],
        ["export", str(OUTPUT), "--db", "sqlite://relative.db"],
        ["summarize", str(TEXT), "--model", "gpt4"],
        ["summarize", str(TEXT), "--max-tokens", "0"],
        ["batch", str(TEXT), "--out", "OUT", "--token-budget", "0"],
        ["batch", str(TEXT), "--out", "OUT", "--max-bytes", "0"],
        ["report", str(OUTPUT), "no-such-source.txt", "--html", "x.html"],
    ],
)
def test_bad_input_or_arguments_exit_2(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, err = _exit(capsys, *argv)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1


def test_missing_database_folder_exits_4(capsys, tmp_path):
    code, err = _exit(capsys, "export", str(OUTPUT), "--db", f"sqlite:///{tmp_path}/missing/x.db")
    assert code == 4 and "does not exist" in err
    code, err = _exit(capsys, "export", str(OUTPUT), "--db", "sqlite:////missing/dir/x.db")
    assert code == 4


def test_unwritable_output_file_exits_4(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, err = _exit(capsys, "locate", str(TEXT), "--section-out", str(blocker / "item1.txt"))
    assert code == 4 and "cannot write" in err
    code, err = _exit(capsys, "export", str(OUTPUT), "--jsonl", str(blocker / "facts.jsonl"))
    assert code == 4


def test_batch_out_that_is_a_file_exits_4(capsys, tmp_path):
    out = tmp_path / "out"
    out.write_text("", encoding="utf-8")
    code, err = _exit(capsys, "batch", str(TEXT), "--out", str(out))
    assert code == 4 and "not a folder" in err


def test_unreachable_endpoint_exits_3(capsys, tmp_path):
    src = tmp_path / "in.txt"
    src.write_text(TEXT.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    code, err = _exit(
        capsys, "summarize", str(src), "--base-url", "http://127.0.0.1:9/v1", "--quiet"
    )
    assert code == 3 and "unreachable" in err


def test_batch_has_every_reading_and_budget_option(capsys, tmp_path):
    # The same options as summarize, read the same way: a cp1252 file needs --encoding.
    src = tmp_path / "doc.txt"
    src.write_bytes("Net sales were €5 million.".encode("cp1252"))
    code, _ = _exit(capsys, "batch", str(src), "--out", str(tmp_path / "out"), "-q")
    assert code == 1  # recorded as a failed document, not a crash
    assert "--encoding" in (tmp_path / "out" / "doc.error.json").read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("Revenue grew. " * 100, encoding="utf-8")
    code, _ = _exit(capsys, "batch", str(big), "--out", str(tmp_path / "o2"), "--max-bytes", "100")
    assert code == 1
    assert "input limit" in (tmp_path / "o2" / "big.error.json").read_text(encoding="utf-8")
