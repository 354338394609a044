"""The one batch policy both runners follow: when to stop, and what to say meanwhile."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extractor.batch import MAX_UNAVAILABLE_IN_A_ROW, BatchPolicy, DocumentResult, RunSettings
from extractor.errors import ModelUnavailableError


def _doc(stem: str, status: str = "failed", reason: str = "") -> DocumentResult:
    return DocumentResult(source=f"{stem}.txt", stem=stem, status=status, reason=reason)  # type: ignore[arg-type]


def test_unavailable_in_a_row_stops_and_stays_stopped():
    policy = BatchPolicy()
    for n in range(MAX_UNAVAILABLE_IN_A_ROW - 1):
        policy.finished(_doc(f"d{n}", reason="down"), unavailable=True)
    policy.finished(_doc("ok", status="done"))  # a success breaks the streak
    assert not policy.stopping
    for n in range(MAX_UNAVAILABLE_IN_A_ROW):
        policy.finished(_doc(f"e{n}", reason=f"down {n}"), unavailable=True)
    assert policy.stopping
    policy.finished(_doc("late", status="done"))  # one already running that then succeeds
    assert policy.stopping  # what was left "not run" stays explained by the error
    error = policy.error()
    assert isinstance(error, ModelUnavailableError)
    assert f"after {MAX_UNAVAILABLE_IN_A_ROW} documents in a row" in str(error)
    assert f"down {MAX_UNAVAILABLE_IN_A_ROW - 1}" in str(error)


def test_other_failures_neither_count_nor_break_the_streak():
    policy = BatchPolicy()
    policy.finished(_doc("a", reason="down"), unavailable=True)
    policy.finished(_doc("bad", reason="unreadable"))
    policy.finished(_doc("b", reason="down"), unavailable=True)
    assert not policy.stopping
    policy.finished(_doc("c", reason="down"), unavailable=True)
    assert policy.stopping


def test_still_running_names_the_documents_when_due():
    policy = BatchPolicy(every_s=0.05)
    assert policy.still_running() is None  # nothing runs
    policy.started(_doc("alpha", "pending"))
    policy.started(_doc("beta", "pending"))
    assert policy.still_running() is None  # not yet due
    time.sleep(0.06)
    line = policy.still_running()
    assert line is not None and line.startswith("still running: alpha (")
    assert "beta (" in line
    assert policy.still_running() is None  # said; due again later
    policy.finished(_doc("alpha", "done"))
    policy.finished(_doc("beta", "done"))
    time.sleep(0.06)
    assert policy.still_running() is None


@pytest.mark.parametrize(
    ("cpus", "threads", "expected"),
    [
        (2.0, None, [(2.0, 2)]),  # one server with the node's cores
        (16.0, None, [(8.0, 8), (8.0, 8)]),  # past the cap: two servers, cores split
        (4.0, 1, [(1.0, 1)] * 4),  # --threads 1: one server per core
        (4.0, 3, [(3.0, 3)]),
        (0.5, None, [(0.5, 1)]),
    ],
)
def test_ray_embedded_workers_reserve_the_cores_their_threads_use(cpus, threads, expected):
    pytest.importorskip("ray")
    from extractor.distributed.driver import WorkerSpec
    from extractor.providers.spec import ModelSpec

    spec = WorkerSpec(ModelSpec(threads=threads), RunSettings(out_dir=Path(".")))
    assert [(n, m.threads) for n, m in spec.layout(cpus)] == expected


def test_ray_endpoint_workers_keep_the_model_spec_whole():
    pytest.importorskip("ray")
    from extractor.distributed.driver import WorkerSpec
    from extractor.providers.spec import ModelSpec

    model = ModelSpec(base_url="http://h/v1", timeout_s=2.0)
    layout = WorkerSpec(model, RunSettings(Path(".")), jobs=2).layout(2.0)
    assert len(layout) == 4 and all(m == model for _, m in layout)  # --timeout included
