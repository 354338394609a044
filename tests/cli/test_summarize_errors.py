"""CLI error paths: one line on stderr, non-zero exit, no traceback, no output file."""

import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True, timeout=120
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, needle: str) -> None:
    err = proc.stderr.decode()
    assert proc.returncode != 0
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert needle in err


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"Revenue was \xff\xfe 5 million", "byte offset 12"),
    ],
)
def test_bad_input_files(tmp_path: Path, content: bytes, needle: str):
    src = tmp_path / "in.txt"
    src.write_bytes(content)
    out = tmp_path / "out.json"
    proc = run("summarize", str(src), "--json", str(out))
    assert_one_line_error(proc, needle)
    assert proc.returncode == 2
    assert not out.exists()


def test_missing_file_and_directory(tmp_path: Path):
    assert_one_line_error(run("summarize", str(tmp_path / "nope.txt")), "no such file")
    assert_one_line_error(run("summarize", str(tmp_path)), "directory")


def test_empty_stdin():
    assert_one_line_error(run("summarize", "-", stdin=b""), "empty")


def test_unreachable_model_fails_cleanly_without_output(tmp_path: Path, sonm_text: str):
    src = tmp_path / "in.txt"
    src.write_text(sonm_text[:3000], encoding="utf-8")
    out = tmp_path / "out.json"
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    proc = run(
        "summarize", str(src), "--json", str(out), "--base-url", "http://127.0.0.1:9/v1", "--quiet"
    )
    assert_one_line_error(proc, "unreachable")
    assert proc.returncode == 3
    assert not out.exists()
    assert not list(tmp_path.glob(".out.json.*"))


def test_bad_model_string():
    proc = run("summarize", "examples/SONM_2022_item1.txt", "--model", "gpt4")
    assert_one_line_error(proc, "provider/name")


def test_schema_command_prints_json():
    proc = run("schema")
    assert proc.returncode == 0 and proc.stdout.startswith(b"{")
