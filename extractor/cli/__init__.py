"""Command line entry point.

Each command lives in its own module with ``register(subparsers)`` and a
``run(args) -> int``; add a module to ``COMMANDS`` to add a command.

Every failure the user can cause or fix prints one line on stderr and exits
non-zero; output files are written to a temporary name and renamed only once
complete, so a file that exists is always a whole result.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import threading
from types import FrameType

from extractor.cli import batch, export, fetch, locate, report, schema, summarize
from extractor.cli import eval as eval_cmd
from extractor.cli._io import EXIT_INTERRUPTED, exit_code, shown
from extractor.cli.schema import schema_json
from extractor.errors import ExtractorError

__all__ = ["COMMANDS", "build_parser", "main", "schema_json"]

# Order here is the order in `extractor --help`.
COMMANDS = [summarize, batch, fetch, locate, report, export, eval_cmd, schema]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Auditable business-model summaries of 10-K Item 1 texts.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so ``with`` blocks stop the model server and clean up."""


# Set when SIGTERM arrived: code between us and the handler (Ray's) may turn the
# _Terminated it raised into a plain KeyboardInterrupt.
_sigterm = threading.Event()


def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    # Once: a second SIGTERM must not interrupt the cleanup the first one started.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _sigterm.set()
    raise _Terminated


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # instructor and httpx log each failed attempt; the CLI reports one line itself.
    for noisy in ("instructor", "httpx", "openai"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    previous = None
    if threading.current_thread() is threading.main_thread():
        _sigterm.clear()
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return int(args.func(args))
    except KeyboardInterrupt as exc:
        if isinstance(exc, _Terminated) or _sigterm.is_set():
            print("extractor: terminated", file=sys.stderr)
            return 128 + signal.SIGTERM
        if threading.current_thread() is threading.main_thread():
            # We are stopping: a second Ctrl-C must not interrupt that with a traceback.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("extractor: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ExtractorError as exc:
        print(f"extractor: {shown(str(exc))}", file=sys.stderr)  # names from the input
        return exit_code(exc)
    finally:
        if previous is not None:
            with contextlib.suppress(ValueError):
                signal.signal(signal.SIGTERM, previous)
