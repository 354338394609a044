"""Batch inputs that name filings instead of files: ``AAPL``, ``AAPL:2023``, ``320193``.

An argument is a reference when it is not an existing path and reads as one;
a list file is a reference list when every non-blank, non-comment line does.
Each reference is fetched (or found in the cache) before the batch is planned;
one that cannot be fetched fails alone, like an unreadable file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.edgar.fetch import fetch_filing, is_path, looks_like_reference, parse_reference
from extractor.errors import ExtractorError

_MAX_LIST_BYTES = 1 << 20


@dataclass
class Resolved:
    reference: str
    path: Path | None = None
    filing: dict[str, Any] | None = None
    error: str = ""


def _reference_lines(path: Path) -> list[str] | None:
    try:
        if path.stat().st_size > _MAX_LIST_BYTES:
            return None
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    entries = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return entries if entries and all(looks_like_reference(e) for e in entries) else None


def split_inputs(inputs: Iterable[str]) -> tuple[list[str], list[str]]:
    """(file inputs, references) in the order given."""
    files: list[str] = []
    refs: list[str] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_file():
            listed = _reference_lines(path)
            if listed is not None:
                refs.extend(listed)
                continue
        if not is_path(raw) and looks_like_reference(raw):
            refs.append(raw)
        else:
            files.append(raw)
    return files, refs


def resolve_all(
    refs: list[str], *, form: str, offline: bool, progress: Callable[[str], None]
) -> list[Resolved]:
    out: list[Resolved] = []
    for raw in dict.fromkeys(refs):  # each once, in order
        try:
            fetched = fetch_filing(
                parse_reference(raw, form=form), offline=offline, progress=progress
            )
        except ExtractorError as exc:
            out.append(Resolved(raw, error=str(exc)))
            continue
        out.append(Resolved(raw, fetched.path, fetched.info))
    return out


def expand_references(
    inputs: Iterable[str],
    *,
    form: str,
    offline: bool,
    progress: Callable[[str], None],
    expand_files: Callable[[list[str]], list[Path]],
) -> tuple[list[Path], dict[Path, dict[str, Any]], list[tuple[str, str]]]:
    """Batch inputs as ``(documents, EDGAR identity by fetched path, [(reference, error)])``;
    ``expand_files`` expands the file inputs (and the fetched documents) as before."""
    files, refs = split_inputs(inputs)
    resolved = resolve_all(refs, form=form, offline=offline, progress=progress)
    fetched = {r.path: r.filing or {} for r in resolved if r.path is not None}
    sources = expand_files([*files, *map(str, fetched)]) if files or fetched else []
    return sources, fetched, [(r.reference, r.error) for r in resolved if r.path is None]
