"""List files (issue 15 item 10): a mistyped path fails alone, the valid ones run, exit 1;
a document is never taken for a list, nor a list for a document."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.batch import SUMMARY_FILE, expand_inputs
from tests.batch.fake_openai import fake_server
from tests.batch.test_batch_runs import _batch, _outputs


def test_a_mistyped_path_fails_alone_and_the_rest_run(tmp_path: Path, docs: Path, capsys):
    listing = tmp_path / "list.txt"
    listing.write_text(
        f"{docs / 'ASFI_2005_excerpt.txt'}\nin/GAN_2009_exerpt.txt\nin/FASC_2009_excerpt.txt\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    with fake_server() as server:
        rc = _batch([listing], out, server.base_url, tmp_path / "cache")
    assert rc == 1
    assert set(_outputs(out)) == {"ASFI_2005_excerpt", "FASC_2009_excerpt"}  # not "list"
    error = json.loads((out / "GAN_2009_exerpt.error.json").read_text())
    assert "GAN_2009_exerpt.txt: no such file" in error["reason"]
    summary = json.loads((out / SUMMARY_FILE).read_text())["documents"]
    assert {d["stem"]: d["status"] for d in summary}["GAN_2009_exerpt"] == "failed"
    err = capsys.readouterr().err
    assert "GAN_2009_exerpt failed" in err and "1 of 3 documents failed" in err


def test_a_list_whose_paths_all_miss_is_still_a_list(tmp_path: Path):
    listing = tmp_path / "list.txt"
    listing.write_text("# moved since\nold/a.txt\nold/b.htm\n", encoding="utf-8")
    assert expand_inputs([str(listing)]) == [tmp_path / "old/a.txt", tmp_path / "old/b.htm"]


def test_a_document_is_not_taken_for_a_list(docs: Path, tmp_path: Path):
    text = docs / "ASFI_2005_excerpt.txt"
    assert expand_inputs([str(text)]) == [text]
    # One line naming an existing file, the rest prose: a document, not a list.
    mixed = tmp_path / "mixed.txt"
    mixed.write_text(f"{text}\nWe sell widgets to manufacturers.\n", encoding="utf-8")
    assert expand_inputs([str(mixed)]) == [mixed]
    # Short lines of a real text are not paths either.
    short = tmp_path / "short.txt"
    short.write_text("Item 1.\nBusiness\nOverview\nU.S. Inc.\n", encoding="utf-8")
    assert expand_inputs([str(short)]) == [short]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_listed_fifo_fails_alone_without_blocking(tmp_path: Path, docs: Path):
    # Nothing ever writes the FIFO: opening it to read would wait forever, before
    # any document ran. It fails alone; the real document runs.
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    listing = tmp_path / "list.txt"
    listing.write_text(f"{fifo}\n{docs / 'ASFI_2005_excerpt.txt'}\n", encoding="utf-8")
    out = tmp_path / "out"
    with fake_server() as server:
        argv = ["batch", str(listing), "--out", str(out), "--base-url", server.base_url]
        proc = subprocess.run(
            [sys.executable, "-m", "extractor", *argv, "--no-cache", "-q"],
            capture_output=True,
            timeout=120,
        )
    assert proc.returncode == 1, proc.stderr.decode()
    assert set(_outputs(out)) == {"ASFI_2005_excerpt"}
    reason = json.loads((out / "pipe.error.json").read_text())["reason"]
    assert "is a named pipe (FIFO), not a regular file" in reason


def test_a_listed_symlink_loop_fails_alone(tmp_path: Path, docs: Path, capsys):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    listing = tmp_path / "list.txt"
    listing.write_text(f"a.txt\n{docs / 'ASFI_2005_excerpt.txt'}\n", encoding="utf-8")
    out = tmp_path / "out"
    with fake_server() as server:
        assert _batch([listing], out, server.base_url, tmp_path / "cache") == 1
    assert set(_outputs(out)) == {"ASFI_2005_excerpt"}
    reason = json.loads((out / "a.error.json").read_text())["reason"]
    assert "a symbolic link loop" in reason
    assert "Traceback" not in capsys.readouterr().err


def test_escape_sequences_in_a_file_name_are_shown_escaped(tmp_path: Path, docs: Path, capsys):
    # A name that would recolour or retitle the terminal, hide text, or read as markup.
    evil = "report\x1b[31m\x1b]0;pwned\x07\u202e[bold]x"
    (docs / f"{evil}.txt").write_bytes((docs / "ASFI_2005_excerpt.txt").read_bytes())
    (docs / f"{evil}2.txt").write_bytes(b"\x00\x01binary")  # fails: its reason names it too
    out = tmp_path / "out"
    with fake_server() as server:
        assert _batch([docs], out, server.base_url, tmp_path / "cache") == 1
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
    assert "report\\x1b[31m\\x1b]0;pwned\\x07\\u202e[bold]x" in captured.out
    assert "\\x1b[31m" in captured.err
