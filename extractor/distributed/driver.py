"""The driver of a cluster run: workers on every node, documents handed out, outputs kept.

Ray places the workers (actors), moves documents and outputs, and tells the
driver when a worker or its node dies; the driver keeps the queue. Exactly
once, by construction:

* only the driver writes, each output whole (``LocalStore``), named for its
  document and recording the sha256 of the document's text; a document
  counts as done only through such a file (``extractor.batch.plan``), so a
  resumed run skips exactly the finished documents;
* a document whose worker died (process crash, node lost) goes back to the
  front of the queue and runs on another worker; the response cache answers
  the calls it had already made. A document is with one worker at a time,
  so it has one result.
"""

from __future__ import annotations

import dataclasses
import logging
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ray
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

from extractor.batch import (
    ERROR_SUFFIX,
    OUT_SUFFIX,
    BatchPolicy,
    DocumentResult,
    RunSettings,
    failure_record,
)
from extractor.distributed import ClusterError
from extractor.distributed.store import LocalStore
from extractor.distributed.worker import DocumentWorker, Outcome
from extractor.errors import ModelSetupError
from extractor.filings.load import LoadedDocument
from extractor.providers.llama_cpp.threads import MAX_THREADS
from extractor.providers.spec import ModelSpec

LOCAL = "local"  # ray.init's own word for "start a cluster for this run"
# A document whose worker dies this often is taken to be what kills it.
MAX_ATTEMPTS = 3
# How long to wait for a node with CPUs when none is left (an autoscaler may add one).
WAIT_FOR_WORKERS_S = 120.0
_POLL_S = 1.0
_CLOSE_S = 30.0


@dataclass
class WorkerSpec:
    """How to start workers: ``jobs`` per node CPU for an endpoint; for the embedded
    model, as many as the node's CPUs hold servers of ``model.threads`` threads
    (default: all its CPUs, up to ``MAX_THREADS``), each reserving that many CPUs
    from Ray so that no two servers share a core."""

    model: ModelSpec
    settings: RunSettings
    jobs: int = 1  # endpoint workers per node CPU

    def layout(self, cpus: float) -> list[tuple[float, ModelSpec]]:
        """(Ray CPUs, model spec) of each worker to start on a node with ``cpus``."""
        whole = max(1, int(cpus))
        if self.model.is_local:
            threads = min(self.model.threads or MAX_THREADS, whole)
            spec = dataclasses.replace(self.model, threads=threads)
            return [(min(float(threads), cpus), spec)] * max(1, whole // threads)
        count = whole * max(1, self.jobs)
        return [(cpus / count, self.model)] * count


@dataclass
class _Pool:
    spec: WorkerSpec
    idle: list[Any] = field(default_factory=list)
    starting: dict[Any, tuple[Any, str]] = field(default_factory=dict)  # ready ref: actor, node
    on_node: Counter[str] = field(default_factory=Counter)
    node_of: dict[Any, str] = field(default_factory=dict)
    where: dict[Any, str] = field(default_factory=dict)  # actor: its host and pid
    setup_errors: list[str] = field(default_factory=list)
    bad_nodes: set[str] = field(default_factory=set)

    def grow(self) -> None:
        """Start workers on alive nodes that have fewer than their share (new or after a crash)."""
        remote = ray.remote(DocumentWorker)
        for node in ray.nodes():
            node_id, cpus = node["NodeID"], float(node.get("Resources", {}).get("CPU", 0))
            if not node.get("Alive") or cpus <= 0 or node_id in self.bad_nodes:
                continue
            layout = self.spec.layout(cpus)
            for num_cpus, model in layout[self.on_node[node_id] :]:
                actor = remote.options(
                    num_cpus=num_cpus,
                    max_restarts=0,  # the driver re-queues; a restart would run nothing new
                    scheduling_strategy=NodeAffinitySchedulingStrategy(node_id, soft=False),
                ).remote(model, self.spec.settings)
                self.starting[actor.ready.remote()] = (actor, node_id)
                self.on_node[node_id] += 1
                self.node_of[actor] = node_id

    def started(self, ref: Any) -> None:
        actor, node_id = self.starting.pop(ref)
        try:
            where, error = ray.get(ref)
        except ray.exceptions.RayError:
            self.lost(actor)  # its node went away while it started
            return
        self.where[actor] = where
        if error is None:
            self.idle.append(actor)
            return
        self.setup_errors.append(f"{where}: {error}")
        self.bad_nodes.add(node_id)  # the same setup would fail the same way there
        self.lost(actor)

    def lost(self, actor: Any) -> None:
        node_id = self.node_of.pop(actor, None)
        if node_id is not None:
            self.on_node[node_id] -= 1
        ray.kill(actor, no_restart=True)

    def empty(self) -> bool:
        return not self.idle and not self.starting

    def close(self, busy: set[Any]) -> None:
        """Stop every worker: idle ones cleanly (their embedded servers stopped), busy
        ones at once (an interrupted run must not wait for their documents); a killed
        worker's server ends with it (``llama_cpp.server``: stdin closed, parent-death signal)."""
        actors = list(self.node_of)
        for actor in busy:
            ray.kill(actor, no_restart=True)
        refs = [a.close.remote() for a in actors if a not in busy]
        try:
            if refs:
                ray.wait(refs, num_returns=len(refs), timeout=_CLOSE_S)
        finally:
            for actor in actors:
                ray.kill(actor, no_restart=True)


# Ray announces, as a warning on our stderr, that a cluster it starts (or joins with a
# token) has token authentication on: the safe default, nothing for the user to do. Only
# that notice is dropped; "authentication is disabled" and every error still show.
_AUTH_LOGGER = "ray._private.authentication.authentication_token_setup"
_AUTH_ON_NOTICE = "Token authentication is enabled for this Ray cluster"


def _not_the_auth_on_notice(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.ERROR or not record.getMessage().startswith(_AUTH_ON_NOTICE)


def connect(address: str) -> None:
    """``local`` starts a one-machine cluster for the run; ``auto`` or an address joins one."""
    auth_logger = logging.getLogger(_AUTH_LOGGER)
    if _not_the_auth_on_notice not in auth_logger.filters:
        auth_logger.addFilter(_not_the_auth_on_notice)
    options: dict[str, Any] = {
        "log_to_driver": False,  # workers' logs stay in the session folder, not on our stderr
        "logging_level": logging.WARNING,
        "include_dashboard": False,
    }
    if address != LOCAL:
        options.pop("include_dashboard")  # only for a cluster this run starts
    # Ray's driver installs its own SIGTERM handler (a stack dump, then abort): the
    # CLI's, which stops the run like Ctrl-C (workers, servers, the cluster), is put back.
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        ray.init(address=address, **options)
    except Exception as exc:  # Ray raises bare Exception too (e.g. a node that starts too slowly)
        what = (
            "start a local Ray cluster"
            if address == LOCAL
            else f"reach the Ray cluster at {address!r}"
        )
        raise ClusterError(f"cannot {what}: {_first_line(exc)}") from exc
    finally:
        if threading.current_thread() is threading.main_thread():
            for signum, handler in handlers.items():
                if handler is not None:  # None: set outside Python, nothing to restore
                    signal.signal(signum, handler)


def run_on_ray(
    address: str,
    results: list[DocumentResult],
    texts: dict[str, LoadedDocument],
    spec: WorkerSpec,
    on_start: Callable[[DocumentResult, str], None] = lambda r, where: None,
    on_finish: Callable[[DocumentResult], None] = lambda r: None,
    note: Callable[[str], None] = lambda line: None,
    progress: Callable[[str], None] = lambda line: None,
) -> list[DocumentResult]:
    """Run the pending documents on the cluster at ``address``; returns ``results`` updated.

    Same outcomes and the same ``BatchPolicy`` as ``extractor.batch.run_batch``:
    outputs and error files in ``spec.settings.out_dir``, ``ModelUnavailableError``
    once the policy takes the endpoint to be down. ``on_start`` hears where each
    document runs; ``note`` gets a line for each document run again and, at the
    end, the documents each node ran; ``progress`` which documents still run.
    """
    connect(address)
    try:
        return _run(results, texts, spec, _Hooks(on_start, on_finish, note, progress))
    finally:
        ray.shutdown()


@dataclass
class _Hooks:
    on_start: Callable[[DocumentResult, str], None]
    on_finish: Callable[[DocumentResult], None]
    note: Callable[[str], None]
    progress: Callable[[str], None]


def _run(
    results: list[DocumentResult],
    texts: dict[str, LoadedDocument],
    spec: WorkerSpec,
    hooks: _Hooks,
) -> list[DocumentResult]:
    store = LocalStore(spec.settings.out_dir)
    queue = deque(r for r in results if r.stem in texts and r.status == "pending")
    running: dict[Any, tuple[Any, DocumentResult]] = {}  # output ref: actor, document
    deaths: Counter[str] = Counter()
    per_node: Counter[str] = Counter()
    policy = BatchPolicy()
    pool = _Pool(spec)
    pool.grow()
    last_grow = no_workers_since = time.monotonic()

    def finish(result: DocumentResult, outcome: Outcome) -> None:
        if outcome.output is not None:
            store.put(f"{result.stem}{OUT_SUFFIX}", outcome.output)
            store.delete(f"{result.stem}{ERROR_SUFFIX}")
            result.status = "done"
        else:
            error = failure_record(result, result.reason or "failed", outcome.detail)
            store.put(f"{result.stem}{ERROR_SUFFIX}", error)
        policy.finished(result, outcome.unavailable)
        hooks.on_finish(result)

    try:
        while queue or running:
            if policy.stopping:
                while queue:
                    queue.popleft().status = "not run"
                if not running:
                    break
            while pool.idle and queue:
                actor, result = pool.idle.pop(), queue.popleft()
                running[actor.run.remote(result, texts[result.stem])] = (actor, result)
                policy.started(result)
                hooks.on_start(result, pool.where.get(actor, "?"))
            if line := policy.still_running():
                hooks.progress(line)
            now = time.monotonic()
            if now - last_grow > 2.0:  # nodes that joined, workers that crashed
                pool.grow()
                last_grow = now
            if not running and pool.empty():
                if pool.setup_errors and not any(pool.on_node.values()):
                    raise ModelSetupError(f"no Ray worker could start: {pool.setup_errors[0]}")
                if now - no_workers_since > WAIT_FOR_WORKERS_S:
                    raise ClusterError(
                        f"no Ray node with CPUs has been alive for {WAIT_FOR_WORKERS_S:.0f} s; "
                        "run again to resume"
                    )
                time.sleep(_POLL_S)
                continue
            no_workers_since = now
            ready, _ = ray.wait([*running, *pool.starting], num_returns=1, timeout=_POLL_S)
            for ref in ready:
                if ref in pool.starting:
                    pool.started(ref)
                    continue
                actor, result = running.pop(ref)
                try:
                    outcome: Outcome = ray.get(ref)
                except ray.exceptions.RayTaskError as exc:  # raised in the worker, not by Ray
                    pool.idle.append(actor)
                    result.reason = _first_line(exc, last=True)
                    finish(result, Outcome(result, detail=type(exc).__name__))
                    continue
                except ray.exceptions.RayError as exc:  # the worker or its node is gone
                    pool.lost(actor)
                    deaths[result.stem] += 1
                    why = _first_line(exc)
                    if deaths[result.stem] < MAX_ATTEMPTS:
                        hooks.note(f"{result.stem}: its Ray worker died ({why}); running it again")
                        queue.appendleft(result)
                        continue
                    result.reason = f"its Ray worker died {MAX_ATTEMPTS} times (last: {why})"
                    finish(result, Outcome(result, detail=type(exc).__name__))
                    continue
                pool.idle.append(actor)
                per_node[pool.node_of.get(actor, "?")[:8]] += 1
                _copy(outcome.result, result)  # Ray passed the worker a copy
                finish(result, outcome)
    finally:
        pool.close({actor for actor, _ in running.values()})
    if per_node:
        ran = ", ".join(f"{node} {n}" for node, n in sorted(per_node.items()))
        hooks.note(f"documents per Ray node: {ran}")
    if policy.stopping:
        raise policy.error()
    return results


def _copy(source: DocumentResult, target: DocumentResult) -> None:
    target.__dict__.update(source.__dict__)


def _first_line(exc: BaseException, last: bool = False) -> str:
    lines = [ln.strip() for ln in str(exc).strip().splitlines() if ln.strip()]
    return (lines[-1] if last else lines[0]) if lines else type(exc).__name__


def print_note(line: str) -> None:
    print(f"extractor batch: {line}", file=sys.stderr)
