"""Ray's own multi-node test cluster: a head and two one-CPU worker nodes on this host."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "batch"
_STORE_BYTES = 80 * 1024 * 1024  # Ray's minimum is 75 MiB; outputs are a few KB each


def need_ray() -> None:
    """Skip the calling module without the 'ray' extra, except under CI, which installs it."""
    if importlib.util.find_spec("ray") is None and not os.environ.get("CI"):
        pytest.skip("needs the 'ray' extra: pip install -e '.[ray]'", allow_module_level=True)


class LocalCluster:
    """``ray.cluster_utils.Cluster`` with the head kept free of work, so every worker
    runs on a worker node (num_cpus=1 each: small, like the 2-core machine it runs on)."""

    def __init__(self, nodes: int = 2) -> None:
        from ray.cluster_utils import Cluster

        self.cluster = Cluster(
            initialize_head=True,
            head_node_args={"num_cpus": 0, "object_store_memory": _STORE_BYTES},
        )
        self.workers = [self.add_node() for _ in range(nodes)]

    @property
    def address(self) -> str:
        return self.cluster.address

    def add_node(self):
        node = self.cluster.add_node(num_cpus=1, object_store_memory=_STORE_BYTES)
        self.cluster.wait_for_nodes()
        return node

    def remove_node(self, node) -> None:
        self.cluster.remove_node(node, allow_graceful=False)  # as a lost machine: no goodbye
        self.workers.remove(node)


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    test_cluster = LocalCluster()
    try:
        yield test_cluster
    finally:
        test_cluster.cluster.shutdown()


def copies(folder: Path, count: int) -> Path:
    """``count`` distinct documents from the three short real excerpts (one added sentence each)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(DATA.glob("*.txt"))
    for i in range(count):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8").rstrip("\n")
        (folder / f"{src.stem}_{i:03d}.txt").write_text(
            f"{text}\nThe company has {i + 2} offices.\n", encoding="utf-8"
        )
    return folder
