"""Output targets (issue 15 item 2): checked before any model work, ``-`` is stdout, special
files written in place, regular files whole and with the permissions a plain open gives."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.cli_run import one_line_error
from tests.conftest import EXAMPLES
from tests.providers.fault_server import fault_server

OUTPUT = EXAMPLES / "AMCR_2023_item1.out.json"
SOURCE = EXAMPLES / "AMCR_2023_item1.txt"
# An Item 1 text with no executive-officers section: `locate` writes it whole.
WHOLE = EXAMPLES / "SONM_2022_item1.txt"


def run(*args: str, cwd: Path, stdin: bytes | None = None, stdout=subprocess.PIPE):
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        input=stdin,
        timeout=180,
    )


@pytest.fixture()
def src(tmp_path: Path, sonm_text: str) -> Path:
    path = tmp_path / "in.txt"
    path.write_text(sonm_text[:3000], encoding="utf-8")
    return path


def test_summarize_targets_are_checked_before_the_model_is_asked(tmp_path: Path, src: Path):
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    bad = [(tmp_path, "is a folder"), (afile / "x.json", "is not a folder")]
    if os.geteuid() != 0:  # root writes anywhere
        bad.append((locked / "x.json", "not writable"))
    with fault_server() as srv:
        for option in ("--json", "--html"):
            for target, needle in bad:
                proc = run("summarize", str(src), option, str(target), "--base-url",
                           srv.base_url, cwd=tmp_path)  # fmt: skip
                message = one_line_error(proc, 4)
                assert option in message and needle in message
        assert srv.requests == []  # refused before the model was asked anything
    assert afile.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_summarize_json_to_stdout_is_the_json_alone(tmp_path: Path, src: Path, target: str):
    # `--json - | jq` must parse: the paragraph is in the JSON, not printed after it.
    with fault_server() as srv:
        proc = run("summarize", str(src), "--json", target, "--base-url", srv.base_url, "-q",
                   cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout.decode())
    assert data["document"]["chars"] == 3000 and data["summary"]["text"]
    assert not (tmp_path / "-").exists()


def test_summarize_html_to_stdout_is_the_page_alone(tmp_path: Path, src: Path):
    with fault_server() as srv:
        proc = run("summarize", str(src), "--html", "-", "--base-url", srv.base_url, "-q",
                   cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().rstrip().endswith("</html>")


def test_locate_writes_dash_and_dev_stdout_to_stdout(tmp_path: Path, sonm_text: str):
    src = tmp_path / "in.txt"
    src.write_text(sonm_text, encoding="utf-8")
    for option in ("--section-out", "--text-out"):
        message = one_line_error(run("locate", str(src), option, str(tmp_path), cwd=tmp_path), 4)
        assert "is a folder" in message
        for target in ("-", "/dev/stdout"):
            proc = run("locate", str(src), option, target, cwd=tmp_path)
            assert proc.returncode == 0, proc.stderr.decode()
            assert proc.stdout.decode().startswith(sonm_text)
        assert not (tmp_path / "-").exists()


def test_dev_stdout_redirected_to_a_file_is_written_into_not_replaced(tmp_path: Path):
    # A rename over what /dev/stdout resolves to would replace the shell's file and
    # lose everything printed after it.
    captured = tmp_path / "captured.txt"
    with captured.open("wb") as fh:
        proc = run("locate", str(WHOLE), "--section-out", "/dev/stdout", cwd=tmp_path, stdout=fh)
    assert proc.returncode == 0, proc.stderr.decode()
    text = captured.read_text(encoding="utf-8")
    assert text.startswith(WHOLE.read_text(encoding="utf-8"))
    assert "already an Item 1 text" in text  # the report printed after it is there too


def test_new_and_replaced_files_get_the_permissions_open_gives(tmp_path: Path):
    new = tmp_path / "made" / "item1.txt"
    kept = tmp_path / "kept.txt"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    old = os.umask(0o022)
    try:
        for target in (new, kept):
            proc = run("locate", str(WHOLE), "--section-out", str(target), cwd=tmp_path)
            assert proc.returncode == 0, proc.stderr.decode()
    finally:
        os.umask(old)
    assert new.read_text(encoding="utf-8") == WHOLE.read_text(encoding="utf-8")
    assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not mkstemp's 0600
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640  # a replaced file keeps its mode
    assert [p.name for p in tmp_path.rglob(".*.tmp")] == []


def test_report_and_export_read_stdin_and_write_stdout(tmp_path: Path):
    message = one_line_error(
        run("report", str(OUTPUT), str(SOURCE), "--html", str(tmp_path), cwd=tmp_path), 4
    )
    assert "--html" in message and "is a folder" in message
    proc = run("report", "-", str(SOURCE), "--html", "-", cwd=tmp_path, stdin=OUTPUT.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.lstrip().lower().startswith(b"<!doctype html")
    proc = run("export", "-", "--jsonl", "-", cwd=tmp_path, stdin=OUTPUT.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    facts = json.loads(OUTPUT.read_text(encoding="utf-8"))["facts"]
    assert len(proc.stdout.decode().splitlines()) == len(facts)
    assert not (tmp_path / "-").exists()


def _file_outputs(tmp_path: Path) -> list[tuple[str, list[str]]]:
    """Each command's file option, as (option, argv up to the file name)."""
    gold = tmp_path / "gold.json"
    gold.write_text('{"doc": "SONM_2022_item1.txt"}', encoding="utf-8")
    sonm_out = str(EXAMPLES / "SONM_2022_item1.out.json")
    return [
        ("--html", ["report", str(OUTPUT), str(SOURCE), "--html"]),
        ("--text-out", ["locate", str(WHOLE), "--text-out"]),
        ("--section-out", ["locate", str(WHOLE), "--section-out"]),
        ("--jsonl", ["export", str(OUTPUT), "--jsonl"]),
        ("--json", ["eval", sonm_out, "--gold", str(gold), "--source", str(WHOLE), "--json"]),
        ("--output", ["schema", "--output"]),
    ]


def test_every_output_file_option_creates_missing_folders_or_refuses_in_one_line(
    tmp_path: Path,
):
    # One rule for every file a command writes: missing folders on the way are created
    # (as `batch --out` and `fetch --out` create theirs); a folder, or a file where a
    # folder should be, is one line and exit 4 before any work.
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    for option, argv in _file_outputs(tmp_path):
        target = tmp_path / "new" / option.strip("-") / "deeper" / "file.out"
        proc = run(*argv, str(target), cwd=tmp_path)
        assert proc.returncode == 0, (option, proc.stderr.decode())
        assert target.stat().st_size > 0, option
        for bad, needle in ((tmp_path, "is a folder"), (afile / "x", "is not a folder")):
            proc = run(*argv, str(bad), cwd=tmp_path)
            message = one_line_error(proc, 4)
            assert option in message and needle in message, message
    assert afile.read_text(encoding="utf-8") == "x"


def _unchanged(paths: dict[Path, bytes]) -> None:
    for path, before in paths.items():
        assert path.read_bytes() == before, path


def test_no_output_overwrites_an_input_or_another_output(tmp_path: Path, src: Path):
    """Issue 25 item 6: refused before any work, one line, exit 4, every file as it was."""
    out = tmp_path / "doc.out.json"
    out.write_bytes(OUTPUT.read_bytes())
    link = tmp_path / "link.txt"
    link.symlink_to(src)
    hard = tmp_path / "hard.txt"
    os.link(src, hard)
    (tmp_path / "sub").mkdir()
    kept = {src: src.read_bytes(), out: out.read_bytes()}
    cases = [
        (["summarize", str(src), "--json", str(src)], "is the input"),
        (["summarize", str(src), "--html", str(src)], "is the input"),
        (["summarize", str(src), "--json", str(link)], "is the input"),  # through a symlink
        (["summarize", str(link), "--html", str(src)], "is the input"),
        (["summarize", str(src), "--json", str(hard)], "is the input"),  # a hard link
        (["summarize", "in.txt", "--json", "sub/../in.txt"], "is the input"),
        (["summarize", str(src), "--json", "x.json", "--html", "x.json"], "same file"),
        (["report", str(out), str(SOURCE), "--html", str(out)], "is the input"),
        (["report", str(OUTPUT), str(src), "--html", str(link)], "is the input"),
        (["export", str(out), "--jsonl", str(out)], "is the input"),
        (["export", str(tmp_path), "--jsonl", str(out)], "is the input"),  # a folder's file
        (["locate", str(src), "--text-out", str(src)], "is the input"),
        (["locate", str(src), "--text-out", "a.txt", "--section-out", "a.txt"], "same file"),
    ]
    with fault_server() as srv:
        for argv in cases:
            args, expected = argv
            if args[0] == "summarize":
                args = [*args, "--base-url", srv.base_url, "-q"]
            proc = run(*args, cwd=tmp_path)
            assert expected in one_line_error(proc, 4), args
            _unchanged(kept)
            assert not (tmp_path / "x.json").exists() and not (tmp_path / "a.txt").exists()
        assert not srv.requests  # refused before the model was asked
