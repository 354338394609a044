"""Many documents, one model: plan what is left to do, run it, record every outcome.

A document is done iff ``OUT/<stem>.out.json`` exists and records the sha256
of the document's current text; outputs are written whole (temporary file,
then rename), so a run killed at any point is resumed by running it again:
finished documents are skipped, and the calls the interrupted document had
already made are answered by the response cache. A failure is recorded in
``OUT/<stem>.error.json`` with its reason and does not stop the others.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import stat
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from extractor.config import ReadOptions, RunConfig

# The file helpers are the CLI's, so batch and summarize read and write alike.
from extractor.documents import broken_link, load_source, write_atomic
from extractor.errors import InputError, ModelUnavailableError
from extractor.filings.load import LoadedDocument
from extractor.pipeline import summarize
from extractor.providers.base import LLM

Status = Literal["pending", "done", "skipped", "failed", "not run"]
OUT_SUFFIX = ".out.json"
ERROR_SUFFIX = ".error.json"
SUMMARY_FILE = "batch.summary.json"
# An endpoint that fails this many documents in a row is down, not unlucky:
# stop instead of failing every remaining document one by one.
MAX_UNAVAILABLE_IN_A_ROW = 3
# A document on the embedded model takes minutes: say which are still running this often.
STILL_RUNNING_EVERY_S = 60.0
_MAX_LIST_BYTES = 1 << 20


class BatchPolicy:
    """What both runners (threads here, Ray in ``extractor.distributed``) do between documents.

    * Stop: after ``MAX_UNAVAILABLE_IN_A_ROW`` documents in a row could not reach
      the model, the endpoint is down; what has not started is left ``not run``
      and ``error()`` is raised once the running documents have finished.
    * Tell: a line when a document starts and ends (``on_start``/``on_finish``
      are the caller's) and, every ``STILL_RUNNING_EVERY_S``, which are still running.
    """

    def __init__(self, every_s: float = STILL_RUNNING_EVERY_S) -> None:
        self._unavailable: list[str] = []  # reasons, consecutive, newest last
        self._stopped: list[str] = []  # the streak that stopped the run; stays stopped
        self._running: dict[str, float] = {}  # stem: when it started
        self._every_s = every_s
        self._last_said = time.monotonic()
        self._lock = threading.Lock()

    def started(self, result: DocumentResult) -> None:
        with self._lock:
            self._running[result.stem] = time.monotonic()

    def finished(self, result: DocumentResult, unavailable: bool = False) -> None:
        """``unavailable``: it failed because the model could not be reached."""
        with self._lock:
            self._running.pop(result.stem, None)
            if unavailable:
                self._unavailable.append(result.reason)
                if len(self._unavailable) >= MAX_UNAVAILABLE_IN_A_ROW and not self._stopped:
                    self._stopped = list(self._unavailable)
            elif result.status == "done":
                self._unavailable.clear()

    @property
    def stopping(self) -> bool:
        return bool(self._stopped)

    def error(self) -> ModelUnavailableError:
        return ModelUnavailableError(
            f"stopped after {len(self._stopped)} documents in a row could not reach the "
            f"model endpoint; run again to resume ({self._stopped[-1]})"
        )

    def still_running(self) -> str | None:
        """Which documents run and for how long, when that is due; else None."""
        now = time.monotonic()
        with self._lock:
            if now - self._last_said < self._every_s or not self._running:
                return None
            self._last_said = now
            running = sorted(self._running.items(), key=lambda item: item[1])
        shown = ", ".join(f"{stem} ({_duration(now - t)})" for stem, t in running[:5])
        more = f" and {len(running) - 5} more" if len(running) > 5 else ""
        return f"still running: {shown}{more}"


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


@dataclass
class DocumentResult:
    source: str
    stem: str
    status: Status = "pending"
    sha256: str = ""
    facts: int = 0
    paragraph_tokens: int = 0
    seconds: float = 0.0
    calls: int = 0
    cache_hits: int = 0
    tokens: int = 0  # prompt + completion tokens the model processed
    reason: str = ""

    def out_path(self, out_dir: Path) -> Path:
        return out_dir / f"{self.stem}{OUT_SUFFIX}"

    def error_path(self, out_dir: Path) -> Path:
        return out_dir / f"{self.stem}{ERROR_SUFFIX}"


def _list_file_paths(path: Path) -> list[Path] | None:
    """The paths a list file names, or None if ``path`` is a document.

    A file is a list when every non-blank, non-comment line looks like a path: an
    existing file, or one word with a folder separator or a file extension. No
    Item 1 text looks like that. Paths that do not exist stay in the list, so a
    mistyped one fails alone instead of the list being read as a filing.
    Relative paths resolve against the list's folder.
    """
    if path.stat().st_size > _MAX_LIST_BYTES:
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    entries = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not entries:
        return None
    paths = [p if p.is_absolute() else path.parent / p for p in map(Path, entries)]
    try:
        looks = all(
            _PATH_LIKE.match(e) is not None or p.is_file()
            for e, p in zip(entries, paths, strict=True)
        )
    except OSError:  # a line of prose too long to be a file name: a document
        return None
    return paths if looks else None


_PATH_LIKE = re.compile(r"\S*(?:[/\\]\S*|\.[A-Za-z0-9]{1,5})\Z")


def expand_inputs(inputs: Iterable[str]) -> list[Path]:
    """Files as given, folders as their ``*.txt`` files (recursively), list files as their paths."""
    found: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.is_file():
            listed = _list_file_paths(path)
            found.extend(listed if listed is not None else [path])
        elif path.exists():  # a FIFO or device: planned, then refused alone
            found.append(path)
        else:
            raise InputError(broken_link(raw) or f"{raw}: no such file or folder")
    unique: dict[Path, Path] = {}
    for p in found:
        # realpath, not Path.resolve: a listed link loop fails alone when read.
        unique.setdefault(Path(os.path.realpath(p)), p)
    if not unique:
        raise InputError("no input documents found (folders are searched for *.txt)")
    stems: dict[str, Path] = {}
    for p in unique.values():
        other = stems.setdefault(p.stem, p)
        if other is not p:
            raise InputError(f"{other} and {p} would both write {p.stem}{OUT_SUFFIX}; rename one")
    return list(unique.values())


def _recorded_sha(out_path: Path) -> str | None:
    try:
        data = json.loads(out_path.read_text(encoding="utf-8"))
        return str(data["document"]["sha256"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


_SPECIAL = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _special_file(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file: reading a FIFO nothing writes,
    or a terminal, would block the whole batch before any document runs."""
    try:
        return _SPECIAL.get(stat.S_IFMT(path.stat().st_mode))
    except OSError:
        return None  # missing or unreadable: reading it says why


def plan(
    sources: list[Path],
    out_dir: Path,
    options: ReadOptions = ReadOptions(),  # noqa: B008 - frozen
    filings: dict[Path, dict[str, object]] | None = None,
) -> tuple[list[DocumentResult], dict[str, LoadedDocument]]:
    """Status of each document (``skipped`` if done, ``failed`` if unreadable) and the
    texts still to run, by stem. ``filings``: EDGAR identity of fetched documents."""
    results: list[DocumentResult] = []
    texts: dict[str, LoadedDocument] = {}
    for source in sources:
        result = DocumentResult(source=str(source), stem=source.stem)
        results.append(result)
        if (special := _special_file(source)) is not None:
            result.status = "failed"
            result.reason = f"{source}: is {special}, not a regular file; batch reads files only"
            continue
        try:
            # The same reading as `summarize`: a whole 10-K is cut down to its Item 1.
            loaded = load_source(str(source), options)
        except InputError as exc:
            result.status, result.reason = "failed", str(exc)
            continue
        loaded.filing = (filings or {}).get(source)
        result.sha256 = hashlib.sha256(loaded.text.encode("utf-8")).hexdigest()
        if _recorded_sha(result.out_path(out_dir)) == result.sha256:
            result.status = "skipped"
        else:
            texts[result.stem] = loaded
    return results, texts


@dataclass(frozen=True)
class RunSettings:
    out_dir: Path
    jobs: int = 1
    config: RunConfig = field(default_factory=RunConfig)


def summarize_document(
    result: DocumentResult, doc: LoadedDocument, llm: LLM, settings: RunSettings
) -> str:
    """Run one document and fill in ``result``; returns the text of its output file.

    Nothing is written here, so a runner on another machine (extractor.distributed)
    can hand the text back to the one process that writes outputs.
    """
    started = time.perf_counter()
    output = summarize(
        doc.text,
        llm.fork(),  # own counters: other threads' calls must not count here
        settings.config,
        name=Path(result.source).name,
        document_extra=doc.document_fields(),
    )
    result.facts = len(output.facts)
    result.paragraph_tokens = output.summary.tokens
    result.seconds = round(time.perf_counter() - started, 2)
    result.calls = output.run.llm_calls
    result.cache_hits = output.run.cache_hits
    result.tokens = output.run.prompt_tokens + output.run.completion_tokens
    return output.model_dump_json(indent=2) + "\n"


def _run_one(
    result: DocumentResult, doc: LoadedDocument, llm: LLM, settings: RunSettings
) -> DocumentResult:
    text = summarize_document(result, doc, llm, settings)
    write_atomic(result.out_path(settings.out_dir), text)
    result.error_path(settings.out_dir).unlink(missing_ok=True)
    result.status = "done"
    return result


def failure_record(result: DocumentResult, reason: str, detail: str = "") -> str:
    """Mark ``result`` failed; returns the text of its error file."""
    result.status, result.reason = "failed", reason
    record = {"source": result.source, "sha256": result.sha256, "reason": reason}
    if detail:
        record["detail"] = detail
    return json.dumps(record, indent=2) + "\n"


def record_failure(result: DocumentResult, out_dir: Path, reason: str, detail: str = "") -> None:
    write_atomic(result.error_path(out_dir), failure_record(result, reason, detail))


def run_batch(
    results: list[DocumentResult],
    texts: dict[str, LoadedDocument],
    llm: LLM,
    settings: RunSettings,
    on_start: Callable[[DocumentResult], None] = lambda r: None,
    on_finish: Callable[[DocumentResult], None] = lambda r: None,
    note: Callable[[str], None] = lambda line: None,
    policy: BatchPolicy | None = None,
) -> list[DocumentResult]:
    """Run the pending documents ``settings.jobs`` at a time; returns ``results`` updated.

    An unreachable endpoint fails the document like any other error; the
    ``BatchPolicy`` decides when the endpoint is down and what is said meanwhile.
    """
    pending = [r for r in results if r.stem in texts and r.status == "pending"]
    policy = policy or BatchPolicy()
    interrupted = threading.Event()

    def task(result: DocumentResult) -> DocumentResult:
        if policy.stopping or interrupted.is_set():
            result.status = "not run"
            return result
        policy.started(result)
        on_start(result)
        started = time.perf_counter()
        unavailable = False
        try:
            _run_one(result, texts[result.stem], llm, settings)
        except ModelUnavailableError as exc:
            if interrupted.is_set():  # the server went down because we are stopping
                result.status = "not run"
                return result
            unavailable = True
            record_failure(result, settings.out_dir, str(exc))
        except Exception as exc:  # one document's failure, whatever it is, must not stop the rest
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            record_failure(result, settings.out_dir, str(exc) or type(exc).__name__, detail)
        if result.status != "done":
            result.seconds = round(time.perf_counter() - started, 2)
        policy.finished(result, unavailable)
        return result

    # Daemon threads, not a ThreadPoolExecutor: the interpreter joins an
    # executor's threads at exit, so Ctrl-C against a hung endpoint would wait
    # for the stuck request (and a second Ctrl-C print a threading traceback).
    todo: queue.SimpleQueue[DocumentResult | None] = queue.SimpleQueue()
    finished: queue.SimpleQueue[DocumentResult] = queue.SimpleQueue()
    workers = max(1, min(settings.jobs, len(pending)))
    for r in pending:
        todo.put(r)

    def worker() -> None:
        while (result := todo.get()) is not None:
            try:
                task(result)
            finally:  # the main thread counts every document back
                finished.put(result)

    for n in range(workers):
        todo.put(None)
        threading.Thread(target=worker, name=f"batch-{n}", daemon=True).start()
    try:
        done = 0
        while done < len(pending):
            try:
                result = finished.get(timeout=0.5)  # a short wait: Ctrl-C lands between
            except queue.Empty:
                if line := policy.still_running():
                    note(line)
                continue
            on_finish(result)
            done += 1
    except BaseException:
        # Ctrl-C: what has not started is not run, and the running documents
        # are not waited for (minutes); they write nothing partial.
        interrupted.set()
        raise
    if policy.stopping:
        raise policy.error()
    return results


def write_summary(results: list[DocumentResult], out_dir: Path) -> Path:
    path = out_dir / SUMMARY_FILE
    rows = [asdict(r) for r in results]
    write_atomic(path, json.dumps({"documents": rows}, indent=2) + "\n")
    return path
