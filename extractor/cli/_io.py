"""What every command shares: exit codes, progress lines; inputs and outputs from documents."""

from __future__ import annotations

import sys
from collections.abc import Callable

from extractor.documents import DEFAULT_MAX_BYTES, load_input, read_document, write_atomic

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_MODEL",
    "load_input",
    "progress_printer",
    "read_document",
    "write_atomic",
]

EXIT_INPUT = 2
EXIT_MODEL = 3
EXIT_INTERRUPTED = 130


def progress_printer(quiet: bool) -> Callable[[str], None]:
    def emit(line: str) -> None:
        if not quiet:
            print(line, file=sys.stderr, flush=True)

    return emit
