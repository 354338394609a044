"""A batch killed with SIGKILL and started again, against the real embedded model.

Three short real paragraphs (one extraction call each) keep this to about a
minute on an idle 2-core machine.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.batch import SUMMARY_FILE
from extractor.core.schema import Output

pytestmark = pytest.mark.llm

DATA = Path(__file__).resolve().parents[1] / "data" / "batch_llm"
STEMS = {p.stem for p in DATA.glob("*.txt")}
TIMEOUT_S = 600  # generous: a busy machine is slow, not wrong


def _command(folder: Path, out: Path, cache: Path) -> list[str]:
    # A narrow reading pool: this is about killing and resuming, not about recall.
    batch = ["batch", str(folder), "--out", str(out), "--cache-dir", str(cache), "-q"]
    batch += ["--read", "4"]
    return [sys.executable, "-m", "extractor", *batch]


def _statuses(out: Path) -> dict[str, dict]:
    rows = json.loads((out / SUMMARY_FILE).read_text())["documents"]
    return {r["stem"]: r for r in rows}


def test_killed_batch_resumes_and_never_repeats_finished_documents(tmp_path):
    folder, out, cache = tmp_path / "in", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(DATA, folder)
    cmd = _command(folder, out, cache)

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + TIMEOUT_S
    try:
        while not list(out.glob("*.out.json")):
            assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
            assert time.monotonic() < deadline, "no document finished in time"
            time.sleep(0.1)
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # as a crash would: no cleanup of any kind
        proc.communicate()
    finished = {p.name: p.read_bytes() for p in out.glob("*.out.json")}
    assert 1 <= len(finished) < len(STEMS)

    second = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert second.returncode == 0, second.stderr[-2000:]
    outputs = {p.name.removesuffix(".out.json"): p for p in out.glob("*.out.json")}
    assert set(outputs) == STEMS  # every document exactly once
    for stem, path in outputs.items():
        output = Output.model_validate_json(path.read_text())
        source = (folder / f"{stem}.txt").read_text()
        for fact in output.facts:
            for c in fact.citations:
                assert source[c.start : c.end] == c.quote
    for name, content in finished.items():
        assert (out / name).read_bytes() == content  # finished before the kill: untouched
    statuses = _statuses(out)
    for stem in STEMS:
        was_done = f"{stem}.out.json" in finished
        assert statuses[stem]["status"] == ("skipped" if was_done else "done")

    # Running a finished document again is answered by the cache, not the model.
    name = sorted(finished)[0]
    original = Output.model_validate_json(finished[name])
    (out / name).unlink()
    third = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert third.returncode == 0, third.stderr[-2000:]
    again = Output.model_validate_json((out / name).read_text())
    assert again.run.llm_calls == 0
    assert again.run.cache_hits == original.run.llm_calls >= 1
    assert (again.facts, again.summary) == (original.facts, original.summary)
