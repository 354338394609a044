"""What every command shares: exit codes, progress and warning lines, atomic writes."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable

from extractor.documents import write_atomic
from extractor.errors import ExtractorError, InputError, OutputError
from extractor.filings.load import LoadedDocument

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_MODEL",
    "EXIT_OUTPUT",
    "exit_code",
    "print_warnings",
    "progress_printer",
    "shown",
    "write_atomic",
]

EXIT_INPUT = 2  # bad input or arguments
EXIT_MODEL = 3  # the model or its endpoint failed
EXIT_OUTPUT = 4  # an output file or database target cannot be written
EXIT_INTERRUPTED = 130


def exit_code(error: ExtractorError) -> int:
    """The exit status of a run that ended with ``error``: decided here only."""
    if isinstance(error, InputError):
        return EXIT_INPUT
    if isinstance(error, OutputError):
        return EXIT_OUTPUT
    return EXIT_MODEL


def shown(text: str) -> str:
    """``text`` safe on a terminal: control and format characters (escape sequences,
    bidi overrides, newlines) as ``\\x1b``-style escapes; other letters as they are."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in ("Cc", "Cf")
        else ch
        for ch in text
    )


def progress_printer(quiet: bool) -> Callable[[str], None]:
    def emit(line: str) -> None:
        if not quiet:
            print(line, file=sys.stderr, flush=True)

    return emit


def print_warnings(doc: LoadedDocument) -> None:
    for w in doc.warnings:
        print(f"warning: {w}", file=sys.stderr, flush=True)
