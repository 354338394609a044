"""Split a filing into sentences with exact character offsets.

10-K text mixes prose with bullets (``●``, ``•``, ``|``), table rules
(``--+---``) and headings on their own lines, so we split into lines first and
only run the sentence tokenizer (nupunkt) inside a line. Plain-text filings of
the 1990s-2000s are hard-wrapped (every line about 70 columns): there a line that
was broken because it was full continues on the next one, so such lines are
re-flowed into one block before the tokenizer runs, offsets unchanged.
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
# A table row or figure line ("Total revenues $ 15,060 $ 15,131"), never a heading.
_FIGURE_CELL = re.compile(r"[$€£¥]\s?\(?\d|\d\s?%|\d{1,3}(?:,\d{3})+|\(\d[\d,.]*\)")
# Text laid out in columns with runs of spaces: a table row, not wrapped prose.
_COLUMNS = re.compile(r"\S {3,}\S")
# Hard wrapping: nearly every line at most this long, and a line counts as full
# (broken by the wrap, not by the author) above this share of the wrap width.
_WRAPPED_MAX = 100
_FULL_LINE = 0.75
# A passage shown to the model is at most this long (the longest sentence of the
# evaluation filings is under 1,600 characters): a line of text with no sentence
# end (a table flattened to one line, or a hostile file) is cut at spaces, so no
# prompt carries it whole and no check rereads it per item.
MAX_SENTENCE_CHARS = 2_000


@dataclass(frozen=True)
class Sentence:
    """One sentence (or bullet, or heading) of the source."""

    index: int
    start: int
    end: int
    text: str
    heading: str  # nearest heading line above, "" if none
    is_heading: bool = False


def looks_like_heading(line: str) -> bool:
    """Short line without sentence punctuation, e.g. ``Customers`` or ``Item 1. Business``."""
    stripped = line.strip()
    if not stripped or len(stripped) > 90 or _BULLET_START.match(stripped) or "|" in stripped:
        return False
    is_item = re.match(r"^item\s+\d", stripped, re.I)
    if stripped[-1] in ".;:,!?)" and not is_item:
        return False
    if not is_item and _FIGURE_CELL.search(stripped):
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


def wrap_width(text: str) -> int | None:
    """The column a hard-wrapped plain-text filing breaks its prose lines at, or None.

    Measured on prose lines only: tables laid out in columns often run wider than
    the prose (78 columns beside prose wrapped at 60-66), and would put every
    prose line under the "full" mark."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    if len(lines) < 20 or sum(len(n) > _WRAPPED_MAX for n in lines) > 0.02 * len(lines):
        return None
    prose = [
        len(line)
        for line in lines
        if not _COLUMNS.search(line.strip()) and not _RULE_LINE.match(line)
    ]
    if len(prose) < 10:
        return None
    width = sorted(prose)[int(0.9 * (len(prose) - 1))]
    return width if width >= 40 else None


def _continues(prev: str, line: str, width: int) -> bool:
    """Whether ``line`` carries on the paragraph that ``prev`` was wrapped out of: ``prev``
    is full, or the first word of ``line`` would not have fitted after it (a ragged
    wrap), and ``line`` is not indented deeper than ``prev`` (a paragraph's first line)."""
    if not line.strip() or _BULLET_START.match(line) or _RULE_LINE.match(line):
        return False
    if _COLUMNS.search(prev.strip()) or _COLUMNS.search(line.strip()):
        return False
    indent = len(line) - len(line.lstrip())
    if indent > len(prev) - len(prev.lstrip()):
        return False
    used = len(prev.rstrip())
    first_word = line.split(None, 1)[0]
    return used >= _FULL_LINE * width or used + 1 + len(first_word) > width


def _blocks(text: str) -> list[tuple[int, int]]:
    """Lines, with the lines of a hard-wrapped paragraph joined into one span."""
    spans = _line_spans(text)
    width = wrap_width(text)
    if width is None:
        return spans
    blocks: list[tuple[int, int]] = []
    for start, end in spans:
        if blocks:
            b_start, b_end = blocks[-1]
            # The block's last line (rfind gives -1 in a one-line block: its start).
            last_line = text[max(b_start, text.rfind("\n", b_start, b_end - 1) + 1) : b_end]
            if _continues(last_line, text[start:end], width):
                blocks[-1] = (b_start, end)
                continue
        blocks.append((start, end))
    return blocks


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# "see Item 7. Management's Discussion ..." is one sentence: a numbered reference
# ends with a period that does not end the sentence.
_NUMBERED_REF = re.compile(r"\b(?:item|note|part|section|no)\.?\s*\d+[a-z]?\.\W*$", re.I)


def _sentence_spans(piece: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start, end in nupunkt.sent_spans(piece):
        if spans and _NUMBERED_REF.search(piece[spans[-1][0] : spans[-1][1]]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` cut into spans of at most ``MAX_SENTENCE_CHARS``, at a space where
    the second half of each cut allows one."""
    spans = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit), -1)
        cut = cut if cut > start else limit
        spans.append(_trim(text, start, cut))
        start, end = _trim(text, cut, end)
    spans.append((start, end))
    return [(s, e) for s, e in spans if e > s]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in document order; ``text[s.start:s.end] == s.text`` always holds."""
    out: list[Sentence] = []
    heading = ""
    for line_start, line_end in _blocks(text):
        # A re-flowed block reads as one line; same length, so offsets hold.
        line = text[line_start:line_end].rstrip("\r\n").replace("\r", " ").replace("\n", " ")
        if _RULE_LINE.match(line) or _PAGE_NUMBER.match(line):
            continue
        if looks_like_heading(line):
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
            for s_start, s_end in _sentence_spans(piece):
                span = _trim(text, line_start + p_start + s_start, line_start + p_start + s_end)
                for start, end in _bounded(text, *span):
                    if end - start < _MIN_SENTENCE_CHARS:
                        continue
                    out.append(Sentence(len(out), start, end, text[start:end], heading))
    return out
