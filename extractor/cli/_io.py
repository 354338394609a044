"""What every command shares: reading a document, writing a file atomically, progress."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from extractor.errors import InputError

EXIT_INPUT = 2
EXIT_MODEL = 3
EXIT_INTERRUPTED = 130


def read_document(path: str) -> tuple[str, str]:
    """Return ``(name, text)``; the text is exactly what offsets index into."""
    if path == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{path}: no such file")
        if p.is_dir():
            raise InputError(f"{path}: is a directory, expected a text file")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
        name = p.name
    if not data.strip():
        raise InputError(f"{name}: the input is empty")
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: looks binary (contains NUL bytes); expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 (bad byte 0x{data[exc.start]:02x} at byte offset {exc.start})"
        ) from exc
    # A BOM is not part of the text the analyst sees; dropping it keeps offsets natural.
    return name, text.removeprefix("\ufeff")


def write_atomic(path: Path, content: str) -> None:
    """Write to a temporary sibling and rename: a file at ``path`` is always whole."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def progress_printer(quiet: bool) -> Callable[[str], None]:
    def emit(line: str) -> None:
        if not quiet:
            print(line, file=sys.stderr, flush=True)

    return emit
