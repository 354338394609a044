"""Inputs read exactly once (issue 15 items 1 and 17): pipes, /dev/stdin, - and FIFOs give the
whole text; text that is not UTF-8 or has nothing to read is refused with one line."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest

from tests.cli.cli_run import one_line_error, run
from tests.filings.synthetic import filing, standard_body


def _located(proc: subprocess.CompletedProcess) -> dict:
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def test_piped_input_is_read_once_and_whole(sonm_text: str):
    data = sonm_text.encode("utf-8")  # well over the 4 KB a format sniff looks at
    for arg in ("/dev/stdin", "-"):
        info = _located(run("locate", arg, "--json", stdin=data))
        assert info["chars"] == len(sonm_text), arg
        # The hash is of the bytes as given, read in the same single pass.
        assert info["filing_sha256"] == __import__("hashlib").sha256(data).hexdigest()


def test_piped_markup_gets_the_filing_limit(tmp_path: Path):
    # Over the 2 MB text limit, under the 48 MB one for markup: told from the first
    # bytes of the stream, not by opening the input a second time.
    padding = "<p>" + "Filler paragraph of the annual report. " * 60 + "</p>\n"
    html = filing("<p>ITEM 1. BUSINESS</p>", standard_body() + padding * 1000)
    data = html.encode("utf-8")
    assert len(data) > 2 * 1024 * 1024
    info = _located(run("locate", "-", "--json", stdin=data))
    assert info["source_kind"] == "10-k-html"
    text = "We sell rugged phones to carriers. " * 70_000
    message = one_line_error(run("locate", "-", stdin=text.encode()), 2)
    assert "input limit" in message and "--force" in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_fifo_is_read_once(tmp_path: Path, sonm_text: str):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def write() -> None:
        with fifo.open("wb") as fh:  # blocks until the CLI opens the FIFO, once
            fh.write(sonm_text.encode("utf-8"))

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    assert _located(run("locate", str(fifo), "--json", timeout=120))["chars"] == len(sonm_text)
    writer.join(5)
    assert not writer.is_alive()


@pytest.mark.parametrize(("codec", "named"), [("utf-16", "utf-16"), ("utf-32", "utf-32")])
def test_a_byte_order_mark_names_the_encoding_to_pass(
    tmp_path: Path, sonm_text: str, codec: str, named: str
):
    path = tmp_path / "wide.txt"
    path.write_bytes(sonm_text[:3000].encode(codec))  # Python writes the BOM
    message = one_line_error(run("locate", str(path)), 2)
    assert f"--encoding {named}" in message and "byte-order mark" in message
    info = _located(run("locate", str(path), "--json", "--encoding", named))
    assert info["chars"] == 3000


@pytest.mark.parametrize(
    "content",
    ["\u200b\u200c\u200d\u2060" * 200, "\ufeff\u200b \u200b\n", ". , ; -- \u00b7\n"],
)
def test_nothing_to_read_is_empty_input(tmp_path: Path, content: str):
    path = tmp_path / "blank.txt"
    path.write_text(content, encoding="utf-8")
    # summarize is refused before any model starts (no --base-url needed).
    message = one_line_error(run("summarize", str(path), "-q"), 2)
    assert "empty" in message and "no letters or digits" in message
