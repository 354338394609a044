"""Split a filing into sentences with exact character offsets.

10-K text mixes prose with bullets (``●``, ``•``, ``|``), table rules
(``--+---``) and headings on their own lines, so we split into lines first and
only run the sentence tokenizer (nupunkt) inside a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nupunkt

# Characters that open a bullet or separate table cells; a new piece starts after them.
_PIECE_SPLIT = re.compile(r"\s*(?:[●•▪◦■□➢►‣∙·]|\|)\s*")
_BULLET_START = re.compile(r"^\s*(?:[●•▪◦■□➢►‣∙·\-–*]|\|)")
_RULE_LINE = re.compile(r"^[\s\-+=_|:.*]*$")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,3}\s*$", re.I)
_MIN_SENTENCE_CHARS = 3


@dataclass(frozen=True)
class Sentence:
    """One sentence (or bullet, or heading) of the source."""

    index: int
    start: int
    end: int
    text: str
    heading: str  # nearest heading line above, "" if none
    is_heading: bool = False


def _looks_like_heading(line: str) -> bool:
    """Short line without sentence punctuation, e.g. ``Customers`` or ``Item 1. Business``."""
    stripped = line.strip()
    if not stripped or len(stripped) > 90 or _BULLET_START.match(stripped) or "|" in stripped:
        return False
    if stripped[-1] in ".;:,!?)" and not re.match(r"^item\s+\d", stripped, re.I):
        return False
    words = stripped.split()
    return len(words) <= 10


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in document order; ``text[s.start:s.end] == s.text`` always holds."""
    out: list[Sentence] = []
    heading = ""
    for line_start, line_end in _line_spans(text):
        line = text[line_start:line_end]
        if _RULE_LINE.match(line) or _PAGE_NUMBER.match(line):
            continue
        if _looks_like_heading(line):
            start, end = _trim(text, line_start, line_end)
            heading = text[start:end]
            out.append(Sentence(len(out), start, end, heading, heading, is_heading=True))
            continue
        pieces: list[tuple[int, int]] = []
        cursor = 0
        for m in _PIECE_SPLIT.finditer(line):
            pieces.append((cursor, m.start()))
            cursor = m.end()
        pieces.append((cursor, len(line)))
        for p_start, p_end in pieces:
            piece = line[p_start:p_end]
            if not piece.strip():
                continue
            for s_start, s_end in nupunkt.sent_spans(piece):
                start, end = _trim(
                    text, line_start + p_start + s_start, line_start + p_start + s_end
                )
                if end - start < _MIN_SENTENCE_CHARS:
                    continue
                out.append(Sentence(len(out), start, end, text[start:end], heading))
    return out
