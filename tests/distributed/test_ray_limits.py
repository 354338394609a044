"""A Ray batch against a stuck endpoint: ``--timeout`` reaches the workers, and SIGTERM stops it.

A stuck endpoint (it takes the request and never answers) must fail its
document within the run's ``--timeout``, as the thread runner does, not hang
the batch for the backend's default deadline; and a batch waiting on it must
say what runs and stop cleanly when terminated.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from extractor.cli import main
from tests.distributed.conftest import copies, need_ray
from tests.providers.fault_server import Reply, echo_first_passage, fault_server

need_ray()

STUCK_MARKER = "qzxstuck"


def _stuck_on_marker(body: dict[str, Any]) -> Reply:
    if STUCK_MARKER in json.dumps(body):
        return Reply(delay=3600)  # accepted, never answered (released when the server stops)
    return echo_first_passage(body)


def test_a_stuck_endpoint_fails_its_document_within_the_timeout(cluster, tmp_path, capsys):
    inputs = copies(tmp_path / "in", 2)
    (inputs / "stuck.txt").write_text(
        f"The company sells {STUCK_MARKER} policies through brokers.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    with fault_server(default=_stuck_on_marker) as srv:
        argv = ["batch", str(inputs), "--out", str(out), "--base-url", srv.base_url]
        started = time.monotonic()
        rc = main([*argv, "--no-cache", "-q", "--timeout", "2", "--ray", cluster.address])
        took = time.monotonic() - started
    assert rc == 1
    error = json.loads((out / "stuck.error.json").read_text())
    assert "within 2 s" in error["reason"], error
    assert len(list(out.glob("*.out.json"))) == 2  # the others finished
    assert took < 90, took  # the backend's default deadline (120 s) was not used


def _processes_with(marker: str) -> list[int]:
    """Pids of live processes whose environment carries ``marker`` (the run's descendants)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker.encode() in (proc / "environ").read_bytes():
                state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(proc.name))
        except OSError:
            continue
    return found


def test_sigterm_stops_a_ray_batch_with_its_workers_and_it_told_what_ran(tmp_path):
    """Each document's start is printed as it is handed out; SIGTERM ends the driver,
    its workers and the one-machine cluster it started, leaving no process behind."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("alpha", "beta"):
        (inputs / f"{name}.txt").write_text(
            f"The company sells {STUCK_MARKER} {name} policies through brokers.\n",
            encoding="utf-8",
        )
    marker = f"EXTRACTOR_TEST_RUN={uuid.uuid4().hex}"
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        marker.split("=")[0]: marker.split("=")[1],
    }
    with fault_server(default=_stuck_on_marker) as srv:
        argv = ["batch", str(inputs), "--out", str(tmp_path / "out"), "--base-url", srv.base_url]
        proc = subprocess.Popen(
            [sys.executable, "-m", "extractor", *argv, "--no-cache", "--ray"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert proc.stderr is not None
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
        reader.start()
        deadline = time.monotonic() + 240
        while sum(": started on " in ln for ln in list(lines)) < 2:  # both handed out
            assert proc.poll() is None, "".join(lines)[-2000:]
            assert time.monotonic() < deadline, "".join(lines)[-2000:]
            time.sleep(0.2)
        assert _processes_with(marker)  # the cluster and its workers run
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=60)
        finally:
            proc.kill()
        reader.join(10)
    err = "".join(lines)
    assert rc == 128 + signal.SIGTERM, err[-2000:]
    assert "extractor: terminated" in err and "Traceback" not in err, err[-2000:]
    assert {"alpha", "beta"} <= {ln.split(":")[1].strip() for ln in lines if "started on" in ln}
    deadline = time.monotonic() + 30
    while (left := _processes_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not left, [Path(f"/proc/{p}/cmdline").read_text().replace("\0", " ") for p in left]
    assert not list((tmp_path / "out").glob("*.out.json"))
