"""Running the CLI as users do, for tests: one line on stderr, the exit code."""

from __future__ import annotations

import subprocess
import sys


def run(
    *args: str, stdin: bytes | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args],
        capture_output=True,
        input=stdin,
        timeout=timeout,
    )


def one_line_error(proc: subprocess.CompletedProcess, code: int) -> str:
    err = proc.stderr.decode()
    assert proc.returncode == code, err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if not ln.startswith("warning:")]
    assert len(lines) == 1, err
    return lines[0]
