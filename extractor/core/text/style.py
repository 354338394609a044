"""What makes a sentence read badly in a paragraph, measured on its words alone.

First-person words, fragments (a sentence cut short), openers and near-duplicate
pairs: the paragraph planner avoids them, and the reader's measures
(``extractor.evaluation.reader``) count them in any prose.
"""

from __future__ import annotations

import re

__all__ = ["FIRST_PERSON", "content_words", "fragment", "near_duplicate", "opener"]

FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Oo]urs|us|[Oo]urselves)\b")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words a sentence cannot end on: articles, prepositions, conjunctions, auxiliaries.
_BAD_END = _words(
    "a an the of to for with in on at by as from into and or but nor including such that "
    "which whose where when while than were was is are be been being our its their his her "
    "this these those"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d.,]*%?")
# Words two sentences may share without saying the same thing.
_STOP = _words(
    """that this with from have been their which were will also into such than they these
    those company company's its it's about through other more most over include includes
    including provide provides offer offers its their there where when what while"""
)
NEAR_DUPLICATE = 0.6


def fragment(sentence: str) -> bool:
    """Under four words, or ending on a word no sentence ends on ("were", "of", "including"),
    or on a lone capital ("the U." cut at an abbreviation)."""
    words = _WORD.findall(sentence)
    if len(words) < 4:
        return True
    body = sentence.rstrip().rstrip('.!?"”’)').rstrip()
    last = body.split()[-1] if body.split() else ""
    if last.lower().strip(",;:") in _BAD_END or re.fullmatch(r"[A-Z]", last):
        return True
    # "... as well as developing." : a gerund left without its object.
    return bool(re.search(r"\b(?:as well as|and|or|of|for|in|by)\s+\w+ing$", body, re.I))


def content_words(sentence: str) -> set[str]:
    words = {w.lower().strip("'’") for w in _WORD.findall(sentence)}
    return {w for w in words if (len(w) >= 4 or w[0].isdigit()) and w not in _STOP}


def near_duplicate(a: str, b: str, threshold: float = NEAR_DUPLICATE) -> bool:
    """Share of the two sentences' content words that both have (2|A∩B| / (|A|+|B|))."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return False
    return 2 * len(wa & wb) / (len(wa) + len(wb)) >= threshold


def opener(sentence: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(sentence)[:3])
