"""Hostile input at the door: size limits, encodings, binary data, whitespace."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import time
from inspect import signature
from pathlib import Path

import pytest

from extractor.config import DEFAULT_MAX_BYTES, ReadOptions
from extractor.documents import load_source
from extractor.errors import InputError
from tests.cli.test_summarize_errors import assert_one_line_error, run

FIVE_MB = 5 * 1024 * 1024


def read_document(
    path: str, encoding: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> tuple[str, str]:
    """The one reader every command uses, as (name, text)."""
    doc = load_source(path, ReadOptions(encoding, max_bytes))
    return doc.name, doc.text


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory, sonm_text: str) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.txt"
    block = sonm_text.encode("utf-8")
    with path.open("wb") as fh:
        for _ in range(FIVE_MB // len(block) + 1):
            fh.write(block)
    return path


def test_default_limit_is_documented_in_help():
    proc = run("summarize", "--help")
    help_text = " ".join(proc.stdout.decode().split())
    assert f"{DEFAULT_MAX_BYTES:,}" in help_text and "--force" in help_text


def test_five_megabytes_is_refused_before_reading(big_file: Path, tmp_path: Path):
    out = tmp_path / "out.json"
    proc = run("summarize", str(big_file), "--json", str(out))
    assert_one_line_error(proc, "input limit")
    assert "--force" in proc.stderr.decode()
    assert proc.returncode == 2 and not out.exists()


def test_oversized_file_is_rejected_having_read_only_its_head(big_file: Path, monkeypatch):
    # The size comes from stat(); only the head is read, to tell a filing's markup
    # (which gets a larger limit) from text.
    served: list[int] = []
    real_open = Path.open

    class Counted:
        def __init__(self, fh) -> None:
            self.fh = fh

        def read(self, n: int = -1) -> bytes:
            data = self.fh.read(n)
            served.append(len(data))
            return data

        def __enter__(self) -> Counted:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

    monkeypatch.setattr(Path, "open", lambda self, *a, **kw: Counted(real_open(self, *a, **kw)))
    with pytest.raises(InputError, match="over the 2,097,152-byte input limit"):
        read_document(str(big_file))
    assert 0 < sum(served) <= 4096


def test_oversized_stdin_is_cut_off_with_bounded_memory(monkeypatch):
    # A pipe has no size: reading stops one byte past the limit.
    class Endless(io.RawIOBase):
        served = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buf) -> int:
            n = len(buf)
            buf[:n] = b"a" * n
            Endless.served += n
            return n

    class FakeStdin:
        buffer = io.BufferedReader(Endless())

    monkeypatch.setattr(sys, "stdin", FakeStdin)
    with pytest.raises(InputError, match="<stdin>: is over the 1,000-byte input limit"):
        read_document("-", max_bytes=1000)
    assert Endless.served < 64 * 1024


def test_forced_five_megabytes_reads_in_bounded_time_and_memory(big_file: Path):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # CPU time, not wall time: the bound is on work done, not on machine load.
    started = time.process_time()
    name, text = read_document(str(big_file), max_bytes=None)
    assert name == "big.txt" and len(text) >= FIVE_MB
    # The pure stages a summarize run starts with are linear in the text.
    from extractor.core.select.rank import select_candidates
    from extractor.core.text.segment import split_sentences

    cap = signature(select_candidates).parameters["max_per_area"].default

    candidates = select_candidates(split_sentences(text), per_area=6)
    assert all(len(c) <= cap for c in candidates.values())  # model work stays bounded
    assert time.process_time() - started < 60
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 400


def test_max_bytes_option_raises_the_limit(tmp_path: Path):
    src = tmp_path / "in.txt"
    src.write_text("Revenue grew. " * 100, encoding="utf-8")
    proc = run("summarize", str(src), "--max-bytes", "100", "--base-url", "http://127.0.0.1:9/v1")
    assert_one_line_error(proc, "1,400 bytes, over the 100-byte input limit")
    # Forced: the input is accepted and the run gets as far as the (absent) model.
    proc = run(
        "summarize", str(src), "--max-bytes", "100", "--force", "--base-url",
        "http://127.0.0.1:9/v1", "-q",
    )  # fmt: skip
    assert_one_line_error(proc, "unreachable")


def test_non_utf8_names_the_offset_and_encoding_option_decodes(tmp_path: Path):
    src = tmp_path / "in.txt"
    src.write_bytes("Net sales were €5 million – up 3%.".encode("cp1252"))
    with pytest.raises(InputError, match=r"bad byte 0x80 at byte offset 15.*--encoding"):
        read_document(str(src))
    _, text = read_document(str(src), encoding="cp1252")
    assert text == "Net sales were €5 million – up 3%."
    proc = run("summarize", str(src), "--encoding", "no-such-codec")
    assert_one_line_error(proc, "not a known text encoding")
    # Bytes that are invalid in the named encoding too: the offset is reported.
    src.write_bytes(b"abc\x81def")
    with pytest.raises(InputError, match=r"not valid cp1252 .*offset 3"):
        read_document(str(src), encoding="cp1252")


def test_utf16_needs_the_encoding_option(tmp_path: Path):
    src = tmp_path / "in.txt"
    src.write_bytes("Item 1. Business\nWe sell rugged phones.".encode("utf-16"))
    with pytest.raises(InputError, match=r"binary|UTF-8"):
        read_document(str(src))
    _, text = read_document(str(src), encoding="utf-16")
    assert text.startswith("Item 1. Business")


@pytest.mark.parametrize(
    "content",
    [
        "\u00a0\u3000\u2003\n".encode(),  # Unicode-only whitespace
        "\ufeff  \n".encode(),  # a BOM and nothing else
    ],
)
def test_unicode_whitespace_only_is_empty(tmp_path: Path, content: bytes):
    src = tmp_path / "in.txt"
    src.write_bytes(content)
    with pytest.raises(InputError, match="empty"):
        read_document(str(src))


def test_nul_hidden_after_the_first_64k_is_still_binary(tmp_path: Path):
    src = tmp_path / "in.txt"
    src.write_bytes(b"a" * 70_000 + b"\x00\x01\x02")
    with pytest.raises(InputError, match="binary"):
        read_document(str(src))


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_unreadable_file_is_one_line():
    # Reading /proc/self/mem from offset 0 fails with EIO, even for root.
    proc = run("summarize", "/proc/self/mem", "--base-url", "http://127.0.0.1:9/v1")
    assert_one_line_error(proc, "cannot read")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize(
    "argv",
    [
        ["export", "/dev/zero", "--jsonl", "-"],
        ["report", "/dev/zero", "examples/SONM_2022_item1.txt", "--html", "-"],
    ],
)
def test_an_endless_output_file_is_refused_with_bounded_memory(argv: list[str]):
    # Under an address-space limit an unbounded read ends in a MemoryError traceback
    # (without one it never ends); the read stops a byte past the output size cap.
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (800 << 20, 800 << 20))

    proc = subprocess.run(
        [sys.executable, "-m", "extractor", *argv],
        capture_output=True,
        timeout=120,
        preexec_fn=limit,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 2
    assert_one_line_error(proc, "/dev/zero: over 67,108,864 bytes, not an extractor output")
    assert proc.stdout == b""


@pytest.mark.parametrize("command", [["summarize", "AAPL"], ["batch", "AAPL", "--out", "o"]])
def test_a_symlink_loop_named_like_a_ticker_is_a_file_problem(tmp_path: Path, command):
    # Path.exists() is False for a loop, which made the name a ticker to fetch.
    (tmp_path / "AAPL").symlink_to("AAPL")
    env = {k: v for k, v in os.environ.items() if k != "EXTRACTOR_SEC_USER_AGENT"}
    env["EDGAR_BASE_URL"] = env["EDGAR_DATA_URL"] = "http://127.0.0.1:9"  # never reached
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    proc = subprocess.run(
        [sys.executable, "-m", "extractor", *command, "-q"],
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    assert proc.returncode == 2
    assert_one_line_error(proc, "AAPL: a symbolic link loop")


def test_a_dangling_symlink_says_where_it_leads(tmp_path: Path):
    (tmp_path / "item1.txt").symlink_to(tmp_path / "gone.txt")
    with pytest.raises(InputError, match=r"a symbolic link to a missing file .*gone\.txt"):
        read_document(str(tmp_path / "item1.txt"))


def test_a_long_line_is_never_sent_whole_to_the_model():
    # Issue 25 item 9: 200 KB with no newline and no sentence end was one passage.
    from extractor.config import RunConfig
    from extractor.core.text.segment import MAX_SENTENCE_CHARS
    from extractor.pipeline import summarize
    from extractor.providers.router import open_llm
    from extractor.providers.spec import ModelSpec
    from tests.providers.fault_server import Reply, fact_json, fault_server, passages

    def short_note(body: dict) -> Reply:
        return Reply(content=fact_json(" ".join(passages(body)[0].split()[:7])))

    words = "we sell our products to customers through distributors and our revenue grew "
    text = (words * (200_000 // len(words) + 1))[:200_000]
    with (
        fault_server(default=short_note) as srv,
        open_llm(ModelSpec(base_url=srv.base_url, timeout_s=5.0)) as llm,
    ):
        out = summarize(text, llm, RunConfig(per_area=2, batch_size=2), name="long")
    shown = [p for r in srv.requests for p in r.passages]
    assert shown and max(map(len, shown)) <= MAX_SENTENCE_CHARS
    assert max(len(r.body["messages"][1]["content"]) for r in srv.requests) < 3 * MAX_SENTENCE_CHARS
    for f in out.facts:
        for c in f.citations:
            assert text[c.start : c.end] == c.quote and len(c.quote) <= MAX_SENTENCE_CHARS
