"""``extractor batch INPUTS... --out DIR``: many documents, resumable, one model.

Run it again after a crash or Ctrl-C and it finishes the rest: finished
documents are skipped and repeated model requests come from the response
cache. Exit status 0 when every document has an output, 1 when any failed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from extractor.cli._io import progress_printer, shown
from extractor.cli.options import add_summary_options, model_spec, read_options, run_config
from extractor.errors import InputError, ModelUnavailableError, OutputError

if TYPE_CHECKING:  # the runner pulls in the pipeline; import it only when running
    from extractor.batch import DocumentResult


def add_cache_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--cache-dir",
        type=Path,
        help="model response cache (default: responses/ under $EXTRACTOR_CACHE_DIR "
        "or ~/.cache/extractor)",
    )
    p.add_argument("--no-cache", action="store_true", help="always call the model")


_INPUTS_HELP = (
    "text files, folders of *.txt, files listing paths, tickers/CIKs (AAPL, AAPL:2023) or "
    "files listing them, one TICKER[:FY] a line (fetched from EDGAR)"
)


def register(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("batch", help="summarize many documents into a folder; resumable")
    b.add_argument("inputs", nargs="+", help=_INPUTS_HELP)
    b.add_argument("--form", default="10-K", help="form fetched for tickers (10-K)")
    b.add_argument("--offline", action="store_true", help="tickers from the EDGAR cache only")
    b.add_argument("--out", required=True, type=Path, help="folder for <name>.out.json files")
    b.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="documents at a time (1; the embedded model answers one request at a time, "
        "a remote endpoint many)",
    )
    add_summary_options(b)
    add_cache_options(b)
    b.add_argument(
        "--ray",
        nargs="?",
        const="local",
        metavar="ADDRESS",
        help="run on a Ray cluster (extra 'ray'): auto, host:port or ray://host:10001; "
        "alone, a one-machine cluster started for the run",
    )
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=run)


class _Bar:
    """Documents done, failures, tokens and ETA on stderr when it is a terminal, and a
    line when each document starts and ends (and while they run) unless ``quiet``."""

    def __init__(
        self, console: Console, total: int, already: int, enabled: bool, quiet: bool = False
    ) -> None:
        self.quiet = quiet
        self.total = total
        self.finished = 0
        self.failed = 0
        self.tokens = 0
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        if enabled:
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed, {task.fields[tokens]} tokens"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=console,
            )
            label = f"batch ({already} already done)" if already else "batch"
            self.task = self.progress.add_task(label, total=total, failed=0, tokens=0)

    @contextmanager
    def shown(self) -> Iterator[None]:
        if self.progress is None:
            yield
            return
        with self.progress:
            yield

    def note(self, line: str) -> None:
        """One progress line on stderr, above the bar when there is one."""
        if self.quiet:
            return
        if self.progress is not None:
            self.progress.console.print(f"extractor batch: {line}", markup=False, highlight=False)
        else:
            print(f"extractor batch: {line}", file=sys.stderr, flush=True)

    def start(self, result: DocumentResult, where: str = "") -> None:
        self.note(f"{shown(result.stem)}: started{f' on {where}' if where else ''}")

    def finish(self, result: DocumentResult) -> None:
        self.finished += 1
        self.failed += result.status == "failed"
        self.tokens += result.tokens
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, advance=1, failed=self.failed, tokens=self.tokens)
        count = f"[{self.finished}/{self.total}]"
        if result.status == "done":
            self.note(
                f"{count} {shown(result.stem)}: done in {result.seconds:.1f} s, "
                f"{result.facts} facts, {result.calls} model calls, {result.cache_hits} cached"
            )
        elif result.status == "failed":
            self.note(f"{count} {shown(result.stem)}: failed: {shown(result.reason)}")


def _summary_table(results: list[DocumentResult]) -> Table:
    table = Table(title="batch summary")
    # Names in full (they are what users grep for); numbers narrow.
    # A file name may hold escape sequences or markup: shown escaped, as plain text.
    names = [shown(r.stem) for r in results]
    widest = max((len(n) for n in names), default=8)
    table.add_column("document", min_width=min(widest, 48), overflow="fold")
    table.add_column("status", overflow="fold")
    for col in ("facts", "para tokens", "seconds", "calls", "cached"):
        table.add_column(col, justify="right", no_wrap=True)
    for r, name in zip(results, names, strict=True):
        ran = r.status == "done"
        table.add_row(
            Text(name),
            r.status,
            str(r.facts) if ran else "",
            str(r.paragraph_tokens) if ran else "",
            f"{r.seconds:.1f}" if r.status in ("done", "failed") else "",
            str(r.calls) if ran else "",
            str(r.cache_hits) if ran else "",
        )
    return table


def run(args: argparse.Namespace) -> int:
    from extractor.batch import (
        DocumentResult,
        RunSettings,
        expand_inputs,
        plan,
        record_failure,
        run_batch,
    )
    from extractor.providers.cache import ResponseCache, default_cache_dir
    from extractor.providers.router import open_llm

    if args.jobs < 1:
        raise InputError("--jobs must be a positive integer")
    config = run_config(args)
    options = read_options(args)
    cache = None if args.no_cache else ResponseCache(args.cache_dir or default_cache_dir())
    spec = model_spec(args, cache)
    if args.ray is not None:
        from extractor.distributed import require_ray

        require_ray()
    if args.out.exists() and not args.out.is_dir():
        raise OutputError(f"{args.out}: exists and is not a folder")
    from extractor.edgar.references import expand_references

    sources, fetched, unfetched = expand_references(
        args.inputs,
        form=args.form,
        offline=args.offline,
        progress=progress_printer(args.quiet),
        expand_files=expand_inputs,
    )
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{args.out}: cannot create the folder: {exc.strerror or exc}") from exc
    results, texts = plan(sources, args.out, options, fetched)
    # A reference EDGAR could not give fails alone, like an unreadable file.
    results += [DocumentResult(r, r.replace(":", "_"), "failed", reason=e) for r, e in unfetched]
    for r in results:
        if r.status == "failed":  # unreadable input: recorded like any other failure
            record_failure(r, args.out, r.reason)
    err = Console(stderr=True)
    show = not args.quiet and err.is_terminal
    if cache and not spec.caches_responses:
        print(
            "extractor batch: note: the response cache covers the embedded model and "
            "--base-url endpoints only; --model calls are not cached",
            file=sys.stderr,
        )
    done_before = sum(r.status == "skipped" for r in results)
    if not args.quiet:
        # Every document counted once: a reference EDGAR could not give, or a file that
        # cannot be read, is neither done nor run.
        unreadable = sum(r.status == "failed" for r in results)
        print(
            f"extractor batch: {len(results)} documents: {done_before} already done, "
            f"{len(texts)} to run"
            + (f", {unreadable} failed before running" if unreadable else ""),
            file=sys.stderr,
        )
    if texts:  # the model is started only when there is work for it
        settings = RunSettings(args.out, args.jobs, config)
        bar = _Bar(err, len(texts), done_before, show, quiet=args.quiet)
        try:
            if args.ray is not None:
                from extractor.distributed.cli import run_on_cluster

                with bar.shown():
                    run_on_cluster(
                        args.ray, spec, results, texts, settings, bar.start, bar.finish, bar.note
                    )
            else:
                with open_llm(spec) as llm, bar.shown():
                    run_batch(results, texts, llm, settings, bar.start, bar.finish, note=bar.note)
        except ModelUnavailableError:
            _report(results, args.out)  # what finished is kept; say so before giving up
            raise
        except KeyboardInterrupt:
            done = sum(r.status in ("done", "skipped") for r in results)
            print(
                f"extractor batch: stopping; {done} of {len(results)} documents have complete "
                "outputs, the rest none; run again to resume",
                file=sys.stderr,
            )
            raise
    return _report(results, args.out)


def _report(results: list[DocumentResult], out: Path) -> int:
    from extractor.batch import write_summary

    write_summary(results, out)
    Console(soft_wrap=True).print(_summary_table(results))
    failed = sum(r.status == "failed" for r in results)
    for r in results:
        if r.status == "failed":  # reasons below the table: they are long
            print(f"extractor batch: {shown(r.stem)} failed: {shown(r.reason)}", file=sys.stderr)
    if failed:
        print(f"extractor batch: {failed} of {len(results)} documents failed", file=sys.stderr)
    return 1 if failed else 0
