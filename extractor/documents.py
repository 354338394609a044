"""Reading inputs and writing outputs, shared by every command and the batch runner.

``load_source`` is the one way an input is read: it checks and decodes the
file (size, binary, encoding, as ``ReadOptions`` say) and recognises a whole
10-K and cuts it down to Item 1, so ``summarize``, ``batch``, ``report``,
``eval`` and ``locate`` all see the same text for the same file.
``write_atomic`` makes a file appear whole or not at all.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from extractor.config import FILING_MAX_BYTES, ReadOptions
from extractor.errors import InputError, OutputError
from extractor.filings.load import LoadedDocument, load_document


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


def broken_link(path: str) -> str | None:
    """Why ``path``, a symbolic link, leads to no file (a loop, a missing target);
    None when it is not a link or leads somewhere."""
    p = Path(path)
    try:
        if not p.is_symlink():
            return None
        p.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{path}: a symbolic link loop (it never reaches a file)"
        if exc.errno == errno.ENOENT:
            return f"{path}: a symbolic link to a missing file ({os.readlink(p)})"
        return f"{path}: cannot read: {exc.strerror or exc}"
    return None


def _open(path: str, limit: int | None) -> tuple[str, BinaryIO, int | None]:
    """``(name, stream, size)``: ``size`` only for a regular file (a pipe, FIFO or
    terminal has none). ``-`` is stdin, which is not closed after reading. A file
    too big even for a filing is refused unopened."""
    if path == "-":
        if sys.stdin is None:  # started with stdin closed
            raise InputError("<stdin>: not open")
        return "<stdin>", sys.stdin.buffer, None
    p = Path(path)
    if not p.exists():
        raise InputError(broken_link(path) or f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, expected a text file")
    try:
        mode = p.stat()
        size = mode.st_size if stat.S_ISREG(mode.st_mode) else None
        if size is not None and limit is not None and size > max(limit, FILING_MAX_BYTES):
            raise InputError(_too_big(p.name, size, limit))
        return p.name, p.open("rb"), size
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def _read_once(path: str, limit: int | None) -> tuple[str, bytes]:
    """``(name, bytes)`` of the input, opened and read exactly once.

    A pipe, ``/dev/stdin`` or a FIFO cannot be read twice, so whether the input is
    markup (which gets the larger filing limit) is told from its first bytes as
    read. ``limit=None`` lifts the size limit (``--force``). The size is checked
    before reading a regular file (beyond its head, which tells markup) and while
    reading a stream, never after.
    """
    name, stream, size = _open(path, limit)
    try:
        with contextlib.ExitStack() as closing:
            if path != "-":
                closing.enter_context(stream)
            head = stream.read(_HEAD_BYTES)
            cap = limit
            if limit is not None and _MARKUP_HEAD.search(head):
                cap = max(limit, FILING_MAX_BYTES)
            if cap is None:
                return name, head + stream.read()
            if size is not None and size > cap:
                raise InputError(_too_big(name, size, cap))
            if len(head) > cap:
                raise InputError(_too_big(name, None, cap))
            # One byte past the cap tells a stream over it; memory stays bounded.
            data = head + stream.read(cap - len(head) + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > cap:
        raise InputError(_too_big(name, None, cap))
    return name, data


_BOMS = {  # longest first: a UTF-32-LE mark starts like a UTF-16-LE one
    b"\xff\xfe\x00\x00": "utf-32",
    b"\x00\x00\xfe\xff": "utf-32",
    b"\xff\xfe": "utf-16",
    b"\xfe\xff": "utf-16",
}


def _nul_hint(data: bytes) -> str:
    """What to do about NUL bytes: UTF-16/32 text has them too, and says so by its BOM."""
    for bom, codec in _BOMS.items():
        if data.startswith(bom):
            return f"it starts with a {codec.upper()} byte-order mark: pass --encoding {codec}"
    return "expected UTF-8 text, or pass its --encoding (e.g. utf-16-le)"


def _text_of(name: str, data: bytes, encoding: str | None) -> str:
    """The checked, decoded text of an input's bytes."""
    if not data.strip():
        raise InputError(f"{name}: the input is empty")
    # UTF-16/32 text legitimately contains NUL bytes; with an explicit encoding
    # the check runs on the decoded text instead.
    if encoding is None and b"\x00" in data[:65536]:
        raise InputError(f"{name}: looks binary (contains NUL bytes); {_nul_hint(data)}")
    text = _decode(data, name, encoding)
    if "\x00" in text:
        raise InputError(f"{name}: looks binary (contains NUL characters); expected text")
    # A BOM is not part of the text the analyst sees; dropping it keeps offsets natural.
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: the input is empty (only whitespace)")
    if not any(ch.isalnum() for ch in text):
        # Zero-width and other format characters are not whitespace to str.strip.
        raise InputError(
            f"{name}: the input is empty (no letters or digits, only invisible "
            "characters, whitespace or punctuation)"
        )
    return text


def write_atomic(path: Path, content: str) -> None:
    """Write to a temporary sibling and rename: a file at ``path`` is always whole.

    The file gets the permissions a plain ``open`` would give: those of the file
    it replaces, else 0666 less the umask (``mkstemp``'s 0600 would hide results
    from the group that reads them).
    """
    path = path.resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _create_sibling(path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with contextlib.suppress(FileNotFoundError):
            os.fchmod(fd, stat.S_IMODE(path.stat().st_mode))
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _create_sibling(path: Path) -> tuple[int, str]:
    """A new, empty temporary file next to ``path``, created 0666 less the umask."""
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), str(tmp)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


_MARKUP_HEAD = re.compile(rb"<(?:!doctype|html|\?xml|sec-document|document|ims-header)\b", re.I)
_HEAD_BYTES = 4096  # where a filing's markup announces itself


def load_source(path: str, options: ReadOptions = ReadOptions()) -> LoadedDocument:  # noqa: B008
    """Read ``path`` (or - for stdin) once and locate Item 1; ``.text`` is what offsets index."""
    name, data = _read_once(path, options.max_bytes)
    doc = load_document(name, _text_of(name, data, options.encoding))
    # The input's own hash (a BOM is dropped from the text; the bytes are the filing).
    doc.filing_sha256 = hashlib.sha256(data).hexdigest()
    return doc
