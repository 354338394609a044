"""Output files named on the command line (``--json``, ``--html``, ``--text-out``,
``--section-out``, ``--jsonl``): checked before any work, written as their kind allows.

``-`` is stdout. ``/dev/stdout`` and ``/dev/stderr`` are written through the
process's own streams: opened anew they would start at offset 0 of a file the
shell redirected to and overwrite what is printed there. Other special files
(a FIFO, a terminal) are written directly: a rename would replace them. A
regular file is written whole or not at all (``write_atomic``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from extractor.documents import write_atomic
from extractor.errors import OutputError

STDOUT = "-"
_OWN_STREAMS = {
    **dict.fromkeys(("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"), "stdout"),
    **dict.fromkeys(("/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"), "stderr"),
}


def _special(path: Path) -> bool:
    # /dev/stdout resolves to a pipe or to the very file stdout is redirected to:
    # judge the name as given, not what it resolves to.
    absolute = str(path.absolute())
    return absolute.startswith(("/dev/", "/proc/")) or (path.exists() and not path.is_file())


def check_target(value: str | None, option: str) -> None:
    """One-line ``OutputError`` if ``value`` cannot be written; run before any model work."""
    if value is None or value == STDOUT:
        return
    path = Path(value)
    try:
        if path.is_dir():
            raise OutputError(f"{option} {value}: cannot write: is a folder; give a file name")
        if _special(path):
            if not os.access(path, os.W_OK):
                raise OutputError(f"{option} {value}: cannot write: not writable")
            return
        folder = path.absolute().parent
        while not folder.exists() and not folder.is_symlink():
            folder = folder.parent  # missing folders are created when writing
        if not folder.is_dir():
            raise OutputError(f"{option} {value}: cannot write: {folder} is not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"{option} {value}: cannot write: folder {folder} is not writable")
    except OSError as exc:  # e.g. a name too long for the file system
        raise OutputError(f"{option} {value}: cannot write: {exc.strerror or exc}") from exc


def _same_file(a: str, b: str) -> bool:
    """Whether two names reach one file: through a symlink, a hard link or a relative path."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):  # a symlink loop reaches no file
        return False


def refuse_overlap(targets: Sequence[tuple[str | None, str]], inputs: Sequence[str] = ()) -> None:
    """One-line ``OutputError`` if an output file is one of ``inputs`` or another output's:
    the write would destroy what the command reads, or the other output. Streams and
    special files (stdout, a FIFO) are written in turn and never overwrite: not compared."""
    named = [(v, o) for v, o in targets if v is not None and v != STDOUT and not _special(Path(v))]
    # An input that does not exist (a ticker, a typo) has nothing to lose.
    read = [i for i in inputs if i != STDOUT and os.path.exists(i) and not _special(Path(i))]
    for n, (value, option) in enumerate(named):
        for other, other_option in named[:n]:
            if _same_file(value, other):
                raise OutputError(
                    f"{other_option} {other} and {option} {value} are the same file: one "
                    "would overwrite the other; give two names"
                )
        for source in read:
            if _same_file(value, source):
                raise OutputError(
                    f"{option} {value}: is the input {source}; writing it would overwrite "
                    "what is read, give another name"
                )


def check_targets(targets: Sequence[tuple[str | None, str]], inputs: Sequence[str] = ()) -> None:
    """``check_target`` for each ``(value, option)``, then ``refuse_overlap``."""
    for value, option in targets:
        check_target(value, option)
    refuse_overlap(targets, inputs)


def write_target(value: str, content: str) -> None:
    """Write ``content`` to ``value`` as ``check_target`` accepted it."""
    path = Path(value)
    own = "stdout" if value == STDOUT else _OWN_STREAMS.get(str(path.absolute()))
    if own is not None:
        stream = getattr(sys, own)
        stream.flush()  # after anything printed before, in order
        stream.buffer.write(content.encode("utf-8"))
        stream.buffer.flush()
        return
    if not _special(path):
        write_atomic(path, content)
        return
    try:
        with path.open("w", encoding="utf-8") as fh:
            fh.write(content)
    except OSError as exc:
        raise OutputError(f"{value}: cannot write: {exc.strerror or exc}") from exc


def writes_stdout(value: str | None) -> bool:
    """``value`` names standard output (``-``, ``/dev/stdout``)."""
    return value is not None and (
        value == STDOUT or _OWN_STREAMS.get(str(Path(value).absolute())) == "stdout"
    )
