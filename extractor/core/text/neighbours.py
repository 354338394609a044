"""Whether a statement belongs to the sentence next to the one it cites.

Shown several passages, the small model pairs one passage's quote with its
neighbour's statement: "One other process patent application is pending."
cited to the sentence before it, which shares "process" and "patent" and so
passes a word-overlap threshold. The tell is that the words the cited span
lacks are exactly the neighbour's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*(?=\s|$)|\n")
_REACH = 600


def sentence_bounds(source: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) around ``source[start:end]``, as offsets."""
    lo = max(0, start - _REACH)
    ends = [m.end() for m in _SENTENCE_END.finditer(source, lo, start)]
    hi = _SENTENCE_END.search(source, max(start, end - 1), min(len(source), end + _REACH))
    return (ends[-1] if ends else lo), (hi.end() if hi else min(len(source), end + _REACH))


def around(source: str, start: int, end: int) -> tuple[str, list[str]]:
    """The sentence holding ``source[start:end]`` and the sentences before and after it."""
    own_start, own_end = sentence_bounds(source, start, end)
    out = []
    if own_start > 0:
        p_start, _ = sentence_bounds(source, own_start - 1, own_start - 1)
        out.append(source[p_start:own_start])
    if own_end < len(source):
        out.append(source[slice(*sentence_bounds(source, own_end + 1, own_end + 1))])
    return source[own_start:own_end], [s for s in out if s.strip()]


# One stray word is a stemming accident ("line" / "lines"); two are a statement.
_MIN_MISSING = 2


def belongs_to_neighbour(
    statement: str,
    source: str,
    start: int,
    end: int,
    missing_words: Callable[[str, str], set[str]],
) -> str | None:
    """The neighbouring sentence that holds every word the cited sentence lacks, if any.

    ``missing_words(statement, text)`` is the statement's content words that
    ``text`` does not have (verify's word measure), so both checks agree.
    """
    own, neighbours = around(source, start, end)
    lacking = missing_words(statement, own)
    if len(lacking) < _MIN_MISSING:
        return None
    for sentence in neighbours:
        if not lacking & missing_words(statement, sentence):
            return sentence.strip()
    return None
