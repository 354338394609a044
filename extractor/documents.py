"""Reading inputs and writing outputs, shared by every command and the batch runner.

``load_source`` is the one way an input is read: it checks and decodes the
file (size, binary, encoding, as ``ReadOptions`` say) and recognises a whole
10-K and cuts it down to Item 1, so ``summarize``, ``batch``, ``report``,
``eval`` and ``locate`` all see the same text for the same file.
``write_atomic`` makes a file appear whole or not at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from extractor.config import FILING_MAX_BYTES, ReadOptions
from extractor.errors import InputError, OutputError
from extractor.filings.load import LoadedDocument, load_document


def _read_limited(stream: BinaryIO, name: str, max_bytes: int | None) -> bytes:
    """Read at most ``max_bytes`` (+1 to detect overflow) so memory stays bounded."""
    if max_bytes is None:
        return stream.read()
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(_too_big(name, None, max_bytes))
    return data


def _too_big(name: str, size: int | None, max_bytes: int) -> str:
    what = f"is {size:,} bytes, over" if size is not None else "is over"
    return (
        f"{name}: {what} the {max_bytes:,}-byte input limit (an Item 1 text is far "
        "smaller); pass --max-bytes N or --force to read it anyway"
    )


def _decode(data: bytes, name: str, encoding: str | None) -> str:
    codec = encoding or "utf-8"
    try:
        text = data.decode(codec)
    except LookupError as exc:
        raise InputError(f"--encoding {encoding!r} is not a known text encoding") from exc
    except UnicodeDecodeError as exc:
        hint = "" if encoding else "; pass --encoding (e.g. cp1252) if the file is not UTF-8"
        raise InputError(
            f"{name}: not valid {codec} (bad byte 0x{data[exc.start]:02x} "
            f"at byte offset {exc.start}){hint}"
        ) from exc
    return text


def _read_text(path: str, encoding: str | None, max_bytes: int | None) -> tuple[str, str]:
    """Return ``(name, text)`` of the input as decoded.

    ``max_bytes=None`` lifts the size limit (``--force``). The size is checked
    before reading a regular file and while reading a pipe, never after.
    """
    if path == "-":
        name = "<stdin>"
        data = _read_limited(sys.stdin.buffer, name, max_bytes)
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{path}: no such file")
        if p.is_dir():
            raise InputError(f"{path}: is a directory, expected a text file")
        name = p.name
        try:
            size = p.stat().st_size
            if max_bytes is not None and size > max_bytes:
                raise InputError(_too_big(name, size, max_bytes))
            with p.open("rb") as fh:
                data = _read_limited(fh, name, max_bytes)
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise InputError(f"{name}: the input is empty")
    # UTF-16/32 text legitimately contains NUL bytes; with an explicit encoding
    # the check runs on the decoded text instead.
    if encoding is None and b"\x00" in data[:65536]:
        raise InputError(f"{name}: looks binary (contains NUL bytes); expected UTF-8 text")
    text = _decode(data, name, encoding)
    if "\x00" in text:
        raise InputError(f"{name}: looks binary (contains NUL characters); expected text")
    # A BOM is not part of the text the analyst sees; dropping it keeps offsets natural.
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: the input is empty (only whitespace)")
    return name, text


def write_atomic(path: Path, content: str) -> None:
    """Write to a temporary sibling and rename: a file at ``path`` is always whole."""
    path = path.resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_MARKUP_HEAD = re.compile(rb"<(?:!doctype|html|\?xml|sec-document|document|ims-header)\b", re.I)


def load_source(path: str, options: ReadOptions = ReadOptions()) -> LoadedDocument:  # noqa: B008
    """Read ``path`` (or - for stdin) and locate Item 1; ``.text`` is what offsets index."""
    limit = options.max_bytes
    if limit is not None and path != "-" and limit < FILING_MAX_BYTES:
        with contextlib.suppress(OSError), open(path, "rb") as fh:
            if _MARKUP_HEAD.search(fh.read(4096)):
                limit = FILING_MAX_BYTES
    name, text = _read_text(path, options.encoding, limit)
    doc = load_document(name, text)
    if path != "-":
        # Record the file's own hash (a BOM is dropped from the text; the bytes are the filing).
        with contextlib.suppress(OSError):  # else keep the hash of the text as read
            doc.filing_sha256 = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return doc
