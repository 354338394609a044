"""``extractor batch --ray`` on Ray's multi-node test cluster against the loopback fake endpoint.

The fake endpoint only answers (it quotes the first passage it is shown, so
citations are real); the cluster, the workers, the node loss and the writes
are Ray's and ours.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from extractor.batch import SUMMARY_FILE
from extractor.cli import main
from extractor.core.schema import Output
from tests.batch.fake_openai import fake_server
from tests.distributed.conftest import copies, need_ray

need_ray()

TIMEOUT_S = 300


def _argv(inputs: Path, out: Path, base_url: str, cache: Path, *extra: str) -> list[str]:
    return [
        "batch",
        str(inputs),
        "--out",
        str(out),
        "--base-url",
        base_url,
        "--cache-dir",
        str(cache),
        "-q",
        *extra,
    ]


def _summary(out: Path) -> dict[str, dict]:
    rows = json.loads((out / SUMMARY_FILE).read_text())["documents"]
    return {r["stem"]: r for r in rows}


def _without_clock(data: bytes) -> dict:
    """The output with its wall-clock timings zeroed: the one thing two runs never share."""

    def scrub(node):
        if isinstance(node, dict):
            return {
                k: (0 if k == "seconds" else {s: 0 for s in v} if k == "stages" else scrub(v))
                for k, v in node.items()
            }
        return [scrub(v) for v in node] if isinstance(node, list) else node

    return scrub(json.loads(data))


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.out.json"))}


def _assert_cited(out: Path, inputs: Path) -> None:
    for path in out.glob("*.out.json"):
        output = Output.model_validate_json(path.read_text())
        source = (inputs / path.name.replace(".out.json", ".txt")).read_text()
        assert output.facts
        for fact in output.facts:
            for c in fact.citations:
                assert source[c.start : c.end] == c.quote


def test_a_run_across_two_nodes(cluster, tmp_path, capsys):
    inputs = copies(tmp_path / "in", 8)
    out = tmp_path / "out"
    with fake_server(delay=0.05) as server:
        rc = main(_argv(inputs, out, server.base_url, tmp_path / "cache", "--ray", cluster.address))
        assert rc == 0
        outputs = _outputs(out)
        assert server.requests == sum(
            Output.model_validate_json(o).run.llm_calls for o in outputs.values()
        )
    assert len(outputs) == 8
    _assert_cited(out, inputs)
    assert {r["status"] for r in _summary(out).values()} == {"done"}
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*.error.json"))
    err = capsys.readouterr().err
    per_node = next(ln for ln in err.splitlines() if "documents per Ray node" in ln)
    assert per_node.count(",") == 1, per_node  # both worker nodes ran documents


def test_a_node_lost_mid_run_loses_and_repeats_nothing(cluster, tmp_path, capsys):
    inputs = copies(tmp_path / "in", 40)
    cache, reference, out = tmp_path / "cache", tmp_path / "single", tmp_path / "cluster"
    with fake_server() as server:
        # One machine, today's batch: a first run fills the cache, a second one from the
        # cache is the reference, as the cluster run below is answered from it too.
        assert main(_argv(inputs, tmp_path / "warm", server.base_url, cache)) == 0
        calls = server.requests
        assert main(_argv(inputs, reference, server.base_url, cache)) == 0
        assert server.requests == calls
        capsys.readouterr()

        rc: list[int] = []
        run = threading.Thread(
            target=lambda: rc.append(
                main(_argv(inputs, out, server.base_url, cache, "--ray", cluster.address))
            )
        )
        run.start()
        deadline = time.monotonic() + TIMEOUT_S
        while len(list(out.glob("*.out.json"))) < 4:  # both workers are busy by now
            assert run.is_alive() and time.monotonic() < deadline
            time.sleep(0.02)
        cluster.remove_node(cluster.workers[-1])
        run.join(TIMEOUT_S)
        assert rc == [0]
        assert server.requests == calls  # every answer came from the cache
    cluster.add_node()  # for the tests after this one

    err = capsys.readouterr().err
    assert "its Ray worker died" in err and "running it again" in err, err
    ran = _outputs(out)
    single = _outputs(reference)
    assert sorted(ran) == sorted(single) and len(ran) == 40  # each document exactly once
    for name, data in ran.items():
        # Byte for byte, but for wall-clock seconds: the same facts, paragraph, run record.
        assert _without_clock(data) == _without_clock(single[name]), name
        assert len(data.splitlines()) == len(single[name].splitlines())
    assert {r["status"] for r in _summary(out).values()} == {"done"}
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*.error.json"))


def test_a_killed_cluster_run_resumes_where_it_stopped(cluster, tmp_path):
    inputs = copies(tmp_path / "in", 12)
    out, cache = tmp_path / "out", tmp_path / "cache"
    with fake_server(delay=0.1) as server:
        argv = _argv(inputs, out, server.base_url, cache, "--ray", cluster.address)
        cmd = [sys.executable, "-m", "extractor", *argv]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        deadline = time.monotonic() + TIMEOUT_S
        try:
            while len(list(out.glob("*.out.json"))) < 2:
                assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
                assert time.monotonic() < deadline
                time.sleep(0.02)
        finally:
            os.kill(proc.pid, signal.SIGKILL)  # the driver dies; its workers go with it
            proc.communicate()
        first = _outputs(out)
        assert 2 <= len(first) < 12

        again = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, env=env)
        assert again.returncode == 0, again.stderr[-2000:]
    summary = _summary(out)
    assert len(_outputs(out)) == 12
    for name, data in first.items():
        assert (out / name).read_bytes() == data  # finished before the kill: untouched
        assert summary[name.removesuffix(".out.json")]["status"] == "skipped"
    assert sum(r["status"] == "done" for r in summary.values()) == 12 - len(first)
    _assert_cited(out, inputs)


def test_a_failing_document_is_recorded_and_the_rest_finish(cluster, tmp_path):
    inputs = copies(tmp_path / "in", 3)
    broken = inputs / "broken.txt"
    broken.write_text("The company sells zqxfault policies through brokers.\n")
    out = tmp_path / "out"
    with fake_server() as server:
        argv = _argv(inputs, out, server.base_url, tmp_path / "cache", "--ray", cluster.address)
        assert main(argv) == 1
    error = json.loads((out / "broken.error.json").read_text())
    assert "unreachable" in error["reason"] and error["source"].endswith("broken.txt")
    assert len(_outputs(out)) == 3
    assert _summary(out)["broken"]["status"] == "failed"


def test_workers_that_cannot_start_are_one_line(cluster, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("EXTRACTOR_API_KEY", raising=False)
    inputs = copies(tmp_path / "in", 2)
    argv = ["batch", str(inputs), "--out", str(tmp_path / "out"), "--model", "openai/gpt-4o-mini"]
    assert main([*argv, "--no-cache", "-q", "--ray", cluster.address]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("extractor: no Ray worker could start: "), err
    assert "--model openai/gpt-4o-mini" in err[-1]
    assert not list((tmp_path / "out").glob("*.out.json"))
