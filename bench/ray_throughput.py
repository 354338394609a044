"""Documents per minute of ``extractor batch --ray`` on 1 and 2 nodes, fake endpoint.

    python -m bench.ray_throughput [--docs 60] [--delay 0.5]

Ray's multi-node test cluster on this host (a head without CPUs, worker nodes
of one CPU each) and the loopback fake OpenAI endpoint of the tests, which
answers after ``--delay`` seconds per request (a remote endpoint's latency;
0 measures our own per-document work). Every run calls the endpoint
(``--no-cache``). Prints a row for today's batch (``--jobs 1`` and ``2``) and
one per node count: the rate over the whole command (connect, start workers,
run) and the steady rate between the first and the last output.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import tempfile
import time
from pathlib import Path

from extractor.cli import main
from tests.batch.fake_openai import fake_server
from tests.distributed.conftest import LocalCluster, copies


def _measure(argv: list[str], docs: int, delay: float) -> tuple[float, float]:
    """docs/min of the whole command and between its first and last output."""
    with tempfile.TemporaryDirectory() as tmp, fake_server(delay) as server:
        inputs, out = copies(Path(tmp) / "in", docs), Path(tmp) / "out"
        argv = ["batch", str(inputs), "--out", str(out), "--base-url", server.base_url, *argv]
        started = time.time()
        with contextlib.redirect_stdout(io.StringIO()):
            assert main([*argv, "--no-cache", "-q"]) == 0
        wall = time.time() - started
        times = sorted(os.path.getmtime(p) for p in out.glob("*.out.json"))
    steady = (len(times) - 1) / (times[-1] - times[0]) * 60 if len(times) > 1 else 0.0
    return docs / wall * 60, steady


def _on_cluster(nodes: int, docs: int, delay: float) -> tuple[float, float]:
    cluster = LocalCluster(nodes)
    try:
        return _measure(["--ray", cluster.address], docs, delay)
    finally:
        cluster.cluster.shutdown()


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--delay", type=float, default=0.5, help="seconds per request")
    parser.add_argument("--nodes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(
        f"{args.docs} documents, fake endpoint {args.delay} s per request, load {os.getloadavg()}"
    )
    print("run                    docs/min (whole command)  docs/min (steady)")
    for jobs in (1, 2):
        whole, steady = _measure(["--jobs", str(jobs)], args.docs, args.delay)
        print(f"{f'no Ray, --jobs {jobs}':21}  {whole:24.1f}  {steady:17.1f}", flush=True)
    for nodes in args.nodes:
        whole, steady = _on_cluster(nodes, args.docs, args.delay)
        print(f"{f'Ray, {nodes} node(s)':21}  {whole:24.1f}  {steady:17.1f}", flush=True)


if __name__ == "__main__":
    main_bench()
