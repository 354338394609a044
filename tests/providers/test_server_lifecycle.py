"""The real local server: it never outlives its owner, and its death mid-run is a clear error.

Complements test_llama_cpp_server.py (key, loopback, CORS, context exit, SIGKILLed
parent) with the CLI's own signals, exits that skip the ``with`` block, and a
server killed while the pipeline is waiting on it.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from extractor.config import RunConfig
from extractor.errors import ModelUnavailableError
from extractor.pipeline import summarize
from extractor.providers.router import open_llm
from tests.providers.test_llama_cpp_server import (
    PROJECT_ROOT,
    _kill_if_alive,
    _pid_alive,
    _wait_gone,
)

pytestmark = pytest.mark.llm


def _ctrl_c_enabled() -> None:
    # A test run started in the background (`pytest &`) inherits SIGINT ignored; the CLI
    # under test must see Ctrl-C as a terminal would deliver it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH")) if p)
    return env


def _wait_for_line(proc: subprocess.Popen, needle: str, timeout: float = 120) -> str:
    """Read the child's stderr until a line contains ``needle``."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stderr], [], [], 1)
        if ready:
            line = proc.stderr.readline()
            if not line:
                break
            seen.append(line)
            if needle in line:
                return line
    raise AssertionError(f"never saw {needle!r}; stderr: {''.join(seen)[-2000:]}")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_cli_signal_stops_the_server_and_exits_cleanly(tmp_path: Path, sonm_text: str, sig):
    src = tmp_path / "in.txt"
    src.write_text(sonm_text[:2500], encoding="utf-8")
    out = tmp_path / "out.json"
    cli = subprocess.Popen(
        [sys.executable, "-m", "extractor", "summarize", str(src), "--json", str(out)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        preexec_fn=_ctrl_c_enabled,
    )
    children: list[int] = []
    try:
        _wait_for_line(cli, "model ready")
        children = _children(cli.pid)
        assert children, "the CLI has no server child"
        cli.send_signal(sig)
        rest = cli.communicate(timeout=20)[1]
        assert cli.returncode == 128 + sig
        assert "Traceback" not in rest
        assert rest.strip().splitlines()[-1] in ("extractor: interrupted", "extractor: terminated")
        for pid in children:
            assert _wait_gone(pid, 10.0), "server child outlived the CLI"
        assert not out.exists()
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.wait()
        for pid in children:
            _kill_if_alive(pid)


_PARENT = """
from extractor.providers.router import open_llm
with open_llm() as backend:
    print("ready", flush=True)
    raise RuntimeError("boom")
"""


def test_server_dies_when_its_owner_fails_with_an_exception():
    # (Ends that skip all cleanup - SIGKILL, os._exit, a plain SIGTERM - leave the
    # child only its stdin pipe and PDEATHSIG; test_llama_cpp_server.py covers SIGKILL.)
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    children: list[int] = []
    try:
        ready, _, _ = select.select([parent.stdout], [], [], 120)
        assert ready and parent.stdout.readline().strip() == "ready"
        children = _children(parent.pid)
        assert children
        _, err = parent.communicate(timeout=30)
        assert parent.returncode == 1 and "RuntimeError: boom" in err
        for pid in children:
            assert _wait_gone(pid, 1.0), "server child outlived its failed owner"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for pid in children:
            _kill_if_alive(pid)


def test_server_killed_mid_document_is_a_clear_error_not_a_hang(sonm_text: str):
    text = sonm_text[:2500]
    with open_llm() as backend:
        server = backend.down_reason.__self__  # the LocalServer behind this backend
        pid = server.pid
        started = threading.Event()

        def progress(line: str) -> None:
            if "pool:" in line:
                started.set()  # the first model call (triage) is about to go out

        def killer() -> None:
            if started.wait(120):
                time.sleep(1.0)  # the request is in flight now
                os.kill(pid, signal.SIGKILL)

        threading.Thread(target=killer, daemon=True).start()
        began = time.monotonic()
        with pytest.raises(ModelUnavailableError) as info:
            summarize(text, backend, RunConfig(per_area=3, batch_size=3), progress=progress)
        elapsed = time.monotonic() - began
    message = str(info.value)
    assert "local model server exited" in message and "signal 9" in message
    assert "\n" not in message
    assert elapsed < 60
    assert not _pid_alive(pid)
