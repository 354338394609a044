"""How many threads the embedded model's server gets: what this process may use, shared.

llama.cpp's threads spin while they wait for one another, so two servers
whose threads outnumber the cores do not share them gracefully: both slow down
many-fold (measured: about twentyfold on two cores). The count is

* the setting (``--threads``, else ``$EXTRACTOR_THREADS``), else the CPUs this
  process may run on: its CPU affinity, lowered by a cgroup CPU quota (a
  container's ``--cpus``), at most ``MAX_THREADS`` (llama.cpp gains little past it);
* lowered to the cores no other embedded server of this machine has claimed.
  Each running server holds a claim file under the model cache, locked while
  it runs; the kernel drops the lock when its process dies, so a crashed run
  frees its cores. A server already running keeps its threads (llama.cpp
  cannot change them): the one started second gets what is left, and waits for
  a core where none is left.
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import secrets
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import ArgumentError

THREADS_ENV = "EXTRACTOR_THREADS"
MAX_THREADS = 8
_CGROUP = Path("/sys/fs/cgroup")


def quota_cpus(quota: str, period: str | None = None) -> int | None:
    """CPUs a cgroup quota allows, rounded up; None when unlimited or unreadable.

    cgroup v2 writes ``"QUOTA PERIOD"`` (``"max 100000"`` when unlimited) in
    ``cpu.max``; v1 keeps them in two files, ``-1`` when unlimited.
    """
    parts = quota.split()
    if period is None and len(parts) == 2:
        parts, period = parts[:1], parts[1]
    try:
        q, p = int(parts[0]), int(str(period).strip())
    except (IndexError, ValueError):
        return None
    return max(1, math.ceil(q / p)) if q > 0 and p > 0 else None


def _cgroup_cpus(root: Path = _CGROUP) -> int | None:
    with contextlib.suppress(OSError):
        return quota_cpus((root / "cpu.max").read_text())
    with contextlib.suppress(OSError):
        v1 = root / "cpu"
        return quota_cpus(
            (v1 / "cpu.cfs_quota_us").read_text(), (v1 / "cpu.cfs_period_us").read_text()
        )
    return None


def available_cpus() -> int:
    """CPUs this process may use: its affinity, lowered by a cgroup quota."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    quota = _cgroup_cpus()
    return max(1, min(cpus, quota) if quota else cpus)


def threads_setting(
    explicit: int | None = None, environ: Mapping[str, str] = os.environ
) -> int | None:
    """The threads asked for: ``explicit`` (``--threads``), else ``$EXTRACTOR_THREADS``."""
    if explicit is not None:
        if explicit < 1:
            raise ArgumentError("--threads must be a positive integer")
        return explicit
    raw = environ.get(THREADS_ENV, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ArgumentError(f"{THREADS_ENV} must be a positive integer, got {raw!r}")
    return int(raw)


def wanted_threads(explicit: int | None = None, cpus: int | None = None) -> int:
    """Threads one server should have, before sharing with other servers."""
    setting = threads_setting(explicit)
    return setting if setting is not None else min(cpus or available_cpus(), MAX_THREADS)


@dataclass(frozen=True)
class Share:
    threads: int  # what this server runs with
    others: int  # embedded servers already running on this machine
    claimed: int  # their threads


def _claims(folder: Path, own: Path, mine: list[int] | None = None) -> list[int]:
    """Threads of every live claim but ``own``; stale claims (owner gone) are removed.
    ``mine`` collects the threads of those this process holds itself."""
    live = []
    for path in folder.glob("*.claim"):
        if path == own:
            continue
        try:
            with open(path, "r+", encoding="ascii") as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:  # its server runs
                    threads = max(1, int(fh.read().strip() or 1))
                    live.append(threads)
                    if mine is not None and path.name.startswith(f"{os.getpid()}-"):
                        mine.append(threads)
                    continue
            path.unlink(missing_ok=True)  # its process died without removing it
        except (OSError, ValueError):
            continue
    return live


def split_cores(wanted: int, cpus: int, claimed: int) -> int:
    """What is left of ``cpus`` after ``claimed``, at most ``wanted``, at least one."""
    return max(1, min(wanted, cpus - claimed))


def _no_note(_: str) -> None:
    pass


@contextlib.contextmanager
def claim_cores(
    wanted: int,
    folder: Path,
    cpus: int | None = None,
    note: Callable[[str], None] = _no_note,
    poll: float = 1.0,
    wait: bool = True,
) -> Iterator[Share]:
    """Hold a claim on this machine's cores for as long as the block runs.

    Where other servers hold every core, wait until one is free rather than
    oversubscribe: a server started on a taken core slows both runs many-fold,
    while waiting costs the second run at most the first one's time (``note`` says
    so once). Servers of this same process are shared with, never waited for; with
    ``wait`` false (threads set explicitly) it takes what is left, at least one.
    Never fails a run: a folder that cannot be written gives ``wanted`` unshared.
    """
    cpus = cpus or available_cpus()
    own = folder / f"{os.getpid()}-{secrets.token_hex(6)}.claim"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        registry = open(folder / "registry.lock", "a+")  # noqa: SIM115 - held below
    except OSError:
        yield Share(wanted, 0, 0)
        return
    holder = None
    told = False
    try:
        with registry:
            while True:
                fcntl.flock(registry, fcntl.LOCK_EX)  # one claim at a time: no double count
                mine: list[int] = []
                others = _claims(folder, own, mine)
                # A process never waits for a server it runs itself: it would wait forever.
                if not wait or cpus - sum(others) >= 1 or len(mine) == len(others):
                    break
                fcntl.flock(registry, fcntl.LOCK_UN)
                if not told:
                    note(
                        f"waiting for a free CPU: {len(others)} other embedded model "
                        f"server(s) on this machine use all {cpus}"
                    )
                    told = True
                time.sleep(poll)
            threads = split_cores(wanted, cpus, sum(others))
            holder = open(own, "w", encoding="ascii")  # noqa: SIM115 - held while the block runs
            fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            holder.write(f"{threads}\n")
            holder.flush()
        share = Share(threads, len(others), sum(others))
    except OSError:
        share = Share(wanted, 0, 0)
    try:
        yield share
    finally:
        if holder is not None:
            with contextlib.suppress(OSError):
                own.unlink(missing_ok=True)
                holder.close()
