"""The embedded server's threads: what the process may use, and shared between servers.

No model is started: the claims are the ones a ``LocalServer`` takes, held by
this process or by a child standing in for another run on the machine.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from extractor.errors import ArgumentError
from extractor.providers.llama_cpp import threads
from extractor.providers.llama_cpp.threads import (
    MAX_THREADS,
    claim_cores,
    quota_cpus,
    split_cores,
    threads_setting,
    wanted_threads,
)
from extractor.providers.spec import ModelSpec


@pytest.mark.parametrize(
    ("quota", "period", "cpus"),
    [
        ("max 100000\n", None, None),  # cgroup v2, unlimited
        ("200000 100000\n", None, 2),  # v2, docker --cpus=2
        ("150000 100000", None, 2),  # 1.5 CPUs: two threads, rounded up
        ("50000 100000", None, 1),
        ("-1\n", "100000\n", None),  # v1, unlimited
        ("100000\n", "100000\n", 1),  # v1, one CPU
        ("garbage", None, None),
    ],
)
def test_a_cgroup_quota_is_read_as_cpus(quota, period, cpus):
    assert quota_cpus(quota, period) == cpus


def test_available_cpus_follow_affinity_and_quota(monkeypatch, tmp_path):
    monkeypatch.setattr(threads.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    (tmp_path / "cpu.max").write_text("200000 100000\n")
    monkeypatch.setattr(threads, "_CGROUP", tmp_path)
    monkeypatch.setattr(threads, "_cgroup_cpus", lambda root=tmp_path: quota_cpus("200000 100000"))
    assert threads.available_cpus() == 2  # the container's quota, not the four CPUs
    monkeypatch.setattr(threads, "_cgroup_cpus", lambda root=tmp_path: None)
    assert threads.available_cpus() == 4
    monkeypatch.setattr(threads.os, "sched_getaffinity", lambda pid: {3})  # taskset -c 3
    assert threads.available_cpus() == 1


def test_the_setting_is_the_option_else_the_environment():
    assert threads_setting(3, {"EXTRACTOR_THREADS": "5"}) == 3
    assert threads_setting(None, {"EXTRACTOR_THREADS": " 5 "}) == 5
    assert threads_setting(None, {}) is None
    for bad in ("0", "two", "-2", "1.5"):
        with pytest.raises(ArgumentError, match="EXTRACTOR_THREADS"):
            threads_setting(None, {"EXTRACTOR_THREADS": bad})
    with pytest.raises(ArgumentError, match="--threads"):
        threads_setting(0, {})


def test_without_a_setting_a_server_wants_the_cpus_up_to_the_cap(monkeypatch):
    monkeypatch.delenv("EXTRACTOR_THREADS", raising=False)
    assert wanted_threads(None, cpus=2) == 2
    assert wanted_threads(None, cpus=64) == MAX_THREADS
    assert wanted_threads(3, cpus=64) == 3
    monkeypatch.setenv("EXTRACTOR_THREADS", "1")
    assert wanted_threads(None, cpus=2) == 1


def test_split_cores_leaves_what_others_hold_and_never_zero():
    assert split_cores(wanted=2, cpus=2, claimed=0) == 2
    assert split_cores(wanted=2, cpus=2, claimed=2) == 1
    assert split_cores(wanted=8, cpus=8, claimed=4) == 4
    assert split_cores(wanted=2, cpus=8, claimed=4) == 2


def test_servers_side_by_side_split_the_cores_and_a_finished_one_frees_them(tmp_path):
    with claim_cores(3, tmp_path, cpus=4) as first:
        assert (first.threads, first.others) == (3, 0)
        with claim_cores(2, tmp_path, cpus=4) as second:
            assert (second.threads, second.others, second.claimed) == (1, 1, 3)
    with claim_cores(1, tmp_path, cpus=4) as first, claim_cores(4, tmp_path, cpus=4) as second:
        assert (second.threads, second.claimed) == (3, 1)
    with claim_cores(4, tmp_path, cpus=4) as alone:
        assert (alone.threads, alone.others) == (4, 0)
        # A second server of the same process shares what is left, never waits for itself.
        with claim_cores(2, tmp_path, cpus=4) as again:
            assert (again.threads, again.others) == (1, 1)
    assert not list(tmp_path.glob("*.claim"))


def _hold_claim(folder: Path, wanted: int) -> subprocess.Popen[str]:
    """Another process on this machine holding a claim until its stdin closes."""
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from extractor.providers.llama_cpp.threads import claim_cores
        with claim_cores({wanted}, Path({str(folder)!r}), cpus=2) as share:
            print(share.threads, flush=True)
            sys.stdin.read()
        """
    )
    root = str(Path(__file__).resolve().parents[2])
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": root, "PATH": "/usr/bin:/bin"},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == str(wanted)
    return proc


def test_a_run_in_another_process_is_seen_and_a_killed_one_frees_its_cores(tmp_path):
    other = _hold_claim(tmp_path, 1)
    try:
        with claim_cores(2, tmp_path, cpus=2) as share:
            assert (share.threads, share.others) == (1, 1)  # not 1 + 2 threads on 2 cores
    finally:
        other.kill()  # no cleanup at all: the kernel drops its lock
        other.wait()
    assert list(tmp_path.glob("*.claim"))  # its stale claim is still on disk
    with claim_cores(2, tmp_path, cpus=2) as share:
        assert (share.threads, share.others) == (2, 0)
    assert not list(tmp_path.glob("*.claim"))


def test_with_every_core_taken_a_server_waits_for_one_and_says_so(tmp_path):
    """Two runs side by side on 2 cores: the second waits for the first instead of
    running 2 + 1 threads on 2 cores, where both would slow down many-fold."""
    other = _hold_claim(tmp_path, 2)
    notes: list[str] = []
    got: list[int] = []

    def second() -> None:
        with claim_cores(2, tmp_path, cpus=2, note=notes.append, poll=0.05) as share:
            got.append(share.threads)

    waiting = threading.Thread(target=second)
    try:
        waiting.start()
        time.sleep(0.5)
        assert got == [] and len(notes) == 1 and "waiting for a free CPU" in notes[0]
    finally:
        assert other.stdin is not None
        other.stdin.close()  # the first run ends: its cores are free
        other.wait()
    waiting.join(timeout=10)
    assert got == [2] and len(notes) == 1


def test_an_unwritable_claims_folder_never_fails_a_run(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with claim_cores(2, blocker / "sub", cpus=2) as share:
        assert share.threads == 2


def test_the_model_spec_decides_local_once():
    assert ModelSpec().is_local and ModelSpec(model="local").is_local
    assert not ModelSpec(base_url="http://h/v1").is_local
    assert not ModelSpec(model="openai/gpt-4o-mini").is_local
    assert ModelSpec(base_url="http://h/v1").caches_responses
    assert not ModelSpec(model="openai/gpt-4o-mini").caches_responses
    with pytest.raises(ArgumentError, match="provider/name"):
        ModelSpec(model="gpt4")
    with pytest.raises(ArgumentError, match="--threads"):
        ModelSpec(threads=0)


def test_a_server_that_fails_to_start_gives_its_cores_back(tmp_path, monkeypatch):
    """The claim lives exactly as long as the server: a junk model file (no model is
    loaded) fails the start, and the cores are free again."""
    from extractor.errors import ModelSetupError
    from extractor.providers.llama_cpp.server import LocalServer, claims_dir

    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path / "cache"))
    junk = tmp_path / "not-a-model.gguf"
    junk.write_bytes(b"not a model")
    server = LocalServer(junk, threads=1, startup_timeout=60)
    with pytest.raises(ModelSetupError):
        server.start()
    assert server.threads == 1
    assert claims_dir().is_dir() and not list(claims_dir().glob("*.claim"))


def test_threads_set_by_hand_never_wait(tmp_path):
    other = _hold_claim(tmp_path, 2)
    try:
        with claim_cores(1, tmp_path, cpus=2, wait=False) as share:
            assert (share.threads, share.others) == (1, 1)
    finally:
        other.kill()
        other.wait()
