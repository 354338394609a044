"""Whether a text reads as English: the extractor's prompts, checks and lexicons are for
English 10-K language, so a text in another language yields nothing verifiable, which
must not pass silently for "the filing says nothing".

Told by the share of words that are common English function words (articles,
pronouns, prepositions, auxiliaries): a third or more of any English prose, a few
per cent of a text in another Latin-script language; and by the share of letters
that are ASCII, for scripts (Chinese, Japanese) that do not separate words.
"""

from __future__ import annotations

import re

_FUNCTION_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "each",
        "for",
        "from",
        "had",
        "has",
        "have",
        "if",
        "in",
        "including",
        "into",
        "is",
        "it",
        "its",
        "may",
        "more",
        "most",
        "no",
        "not",
        "of",
        "on",
        "or",
        "other",
        "our",
        "over",
        "such",
        "than",
        "that",
        "the",
        "their",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "under",
        "us",
        "was",
        "we",
        "were",
        "which",
        "while",
        "who",
        "will",
        "with",
        "within",
        "would",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")
MIN_LETTERS = 100  # fewer letters say too little to judge the script
MIN_DISTINCT_WORDS = 40  # fewer (a phrase repeated) say too little to judge the words
MIN_ENGLISH_SHARE = 0.12  # English 10-K prose: 0.3 and more
MIN_ASCII_LETTERS = 0.5  # English with foreign names: nearly all
_SAMPLE = 500_000  # characters looked at: enough to judge, linear time on any input


def english_share(text: str) -> tuple[float, int]:
    """(share of words that are English function words, number of distinct words)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return 0.0, 0
    return sum(w in _FUNCTION_WORDS for w in words) / len(words), len(set(words))


def not_english_warning(text: str) -> str | None:
    """A warning when ``text`` is mostly not English; None when it is, or too short to say."""
    sample = text[:_SAMPLE]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return None
    latin = sum(c.isascii() for c in letters) / len(letters)
    share, distinct = english_share(sample)
    if latin >= MIN_ASCII_LETTERS and (share >= MIN_ENGLISH_SHARE or distinct < MIN_DISTINCT_WORDS):
        return None
    return (
        f"the text does not read as English ({share:.0%} of its words are common English "
        f"words, {latin:.0%} of its letters ASCII; an English filing has "
        f"{MIN_ENGLISH_SHARE:.0%} or more and nearly all): the extractor reads English 10-K "
        "language and will find little or nothing to verify"
    )
