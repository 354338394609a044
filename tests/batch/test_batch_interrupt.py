"""Ctrl-C stops a batch against a hung endpoint at once: one line, exit 130, no
traceback, no output for the document that was running (a second Ctrl-C too)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.providers.fault_server import Reply, fault_server


def _ctrl_c_enabled() -> None:
    # A test run started in the background (`pytest &`) inherits SIGINT ignored; the CLI
    # under test must see Ctrl-C as a terminal would deliver it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_ends_a_batch_stuck_on_a_hung_endpoint(tmp_path: Path, sonm_text: str):
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(2):
        (docs / f"d{n}.txt").write_text(sonm_text[:3000], encoding="utf-8")
    out = tmp_path / "out"
    with fault_server(default=Reply(delay=600)) as srv:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "extractor",
                "batch",
                str(docs),
                "--out",
                str(out),
                "--base-url",
                srv.base_url,
                "--timeout",
                "600",
                "--no-cache",
                "-q",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
            preexec_fn=_ctrl_c_enabled,
        )
        deadline = time.monotonic() + 240  # start-up is slow on a loaded machine
        while not srv.requests and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        assert srv.requests, "the batch never asked the model"
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        time.sleep(0.2)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # an impatient second Ctrl-C
        _, err = proc.communicate(timeout=60)
        took = time.monotonic() - sent
    assert proc.returncode == 130, err
    assert took < 30  # not the 600 s the hung request would take
    assert "interrupted" in err and "Traceback" not in err
    assert not list(out.glob("*.out.json"))
