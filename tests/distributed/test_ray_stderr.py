"""``batch --ray local`` says on stderr only what extractor says: Ray's notice that the
cluster it started has token authentication on (its safe default) is not passed on."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from tests.batch.fake_openai import fake_server
from tests.conftest import ROOT
from tests.distributed.conftest import DATA, need_ray

need_ray()


def test_a_local_cluster_run_prints_only_extractor_lines(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}  # Ray's defaults
    env.update(PYTHONPATH=str(ROOT), EXTRACTOR_CACHE_DIR=str(tmp_path / "cache"))
    with fake_server() as server:
        proc = subprocess.run(
            [sys.executable, "-m", "extractor", "batch", str(DATA), "--out", str(tmp_path / "out"),
             "--ray", "local", "--base-url", server.base_url],
            env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Token authentication" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines and all(line.startswith("extractor batch: ") for line in lines), proc.stderr
    assert len(list((tmp_path / "out").glob("*.out.json"))) == 3


def test_only_the_auth_on_notice_is_dropped():
    from extractor.distributed.driver import _not_the_auth_on_notice

    def record(level: int, message: str) -> logging.LogRecord:
        return logging.LogRecord("ray", level, __file__, 1, message, None, None)

    on = "Token authentication is enabled for this Ray cluster. Set RAY_AUTH_MODE=disabled ..."
    assert not _not_the_auth_on_notice(record(logging.WARNING, on))
    assert _not_the_auth_on_notice(record(logging.ERROR, on))
    off = "Token authentication is disabled for this Ray cluster. Anyone with network access ..."
    assert _not_the_auth_on_notice(record(logging.WARNING, off))
