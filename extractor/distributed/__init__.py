"""``extractor batch --ray``: the batch runner on a Ray cluster (optional extra ``ray``).

Ray is imported only by :mod:`extractor.distributed.driver`, and that only when a
run asks for a cluster, so the base install and a plain ``extractor batch``
never load it (an import-linter contract keeps it so).
"""

from __future__ import annotations

from extractor.errors import ModelUnavailableError
from extractor.extras import install_hint


class ClusterError(ModelUnavailableError):
    """The Ray cluster could not be reached, or lost every worker (like a model endpoint)."""


def require_ray() -> None:
    """Fail in one line, before any work, when the ``ray`` extra is not installed."""
    try:
        import ray  # noqa: F401
    except ImportError as exc:
        raise ClusterError(
            f"--ray needs Ray: {install_hint('ray')}, on the driver and every node"
        ) from exc
