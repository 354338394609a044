"""The shape of a statement: cleaned, clipped to its longest true clause, or cut off."""

from __future__ import annotations

import re

from extractor.core.lexicon.words import MONTH, YEAR
from extractor.core.text.figures import visible

MAX_STATEMENT_WORDS = 45

_DANGLING = re.compile(
    r"(?:,|;|:|\b(?:and|or|but|nor|the|a|an|of|to|for|with|in|on|at|by|as|from|into|including"
    r"|such as|as well as|which|that|whose|our|its|their))\W*$",
    re.I,
)


def looks_truncated(statement: str) -> bool:
    """ "... concentrated among our top customers, and." is a sentence cut short."""
    return bool(_DANGLING.search(statement.rstrip(" .")))


# Where a sentence can end and its first part still be true on its own: before a
# coordinated or subordinate clause, or before the last items of a list.
_CLAUSE_BREAK = re.compile(
    r"(?:,|;)\s+(?=(?:and|but|which|while|whereas|including|due to|as well as|such as"
    r"|in addition|although|because|with)\b)|;\s+",
    re.I,
)
_MIN_CLIPPED_WORDS = 6
# "consists of A, B" cut before "and C" would claim a complete list.
_EXHAUSTIVE = re.compile(r"\b(?:consist|compris|only|solely|entirely|exclusively|all of)", re.I)


def clip_statement(statement: str, max_words: int = MAX_STATEMENT_WORDS) -> str:
    """The statement, or its longest leading clause within ``max_words`` if it is too long
    or trails off ("..., and."): the small model copies whole 10-K sentences and sometimes
    stops mid-clause. A clipped list ("providing A, B, and C" -> "providing A, B") still says
    something true; one that claims to be complete ("consists of", "only") is never clipped.
    Returns the input unchanged if no clause fits.
    """
    body = statement.rstrip().rstrip(".").rstrip()
    if len(body.split()) <= max_words and not looks_truncated(statement):
        return statement
    best = ""
    for m in _CLAUSE_BREAK.finditer(body):
        head = body[: m.start()].rstrip(" ,;:")
        words = len(head.split())
        if words > max_words:
            break
        if words < _MIN_CLIPPED_WORDS or looks_truncated(head) or _EXHAUSTIVE.search(head):
            continue
        best = head
    return best + "." if best else statement


def clean_statement(text: str) -> str:
    # Zero-width characters (copied from the source or planted) would reach the paragraph
    # unseen, inside a word or a figure.
    text = " ".join(visible(text).split())
    # A sentence may end inside its closing quote: 'or "donut hole."' has its full stop.
    if text and text.rstrip("\"”’')")[-1:] not in (".", "!", "?"):
        text += "."
    return text[:1].upper() + text[1:]


# "At December 31, 2024, ..." leading a statement: a date of record, not an event.
_DATE_LEAD = re.compile(
    rf"^(?P<lead>(?:At|As of|As at) (?:{MONTH}) \d{{1,2}}, {YEAR}),"
    r"\s+(?P<rest>\S.*?)(?P<end>[.!])$",
    re.S,
)


def date_last(statement: str) -> str | None:
    """The statement with its leading date of record moved to its end ("Acme Bank was
    its principal subsidiary ..., at December 31, 2024."): the same words, so that two
    sentences in a row do not open alike. None when it opens otherwise."""
    m = _DATE_LEAD.match(statement.strip())
    if m is None:
        return None
    rest = m["rest"].rstrip(" ,")
    return f"{rest[:1].upper()}{rest[1:]}, {m['lead'][:1].lower()}{m['lead'][1:]}{m['end']}"


_PAIRS = (("(", ")"), ("“", "”"), ("[", "]"))


def balanced(text: str) -> str:
    """``text`` up to its first bracket or quote left open ("... intelligence (" where a
    length cap cut "(“AI”)"): a phrase must not end inside one."""
    for left, right in _PAIRS:
        depth, cut = 0, len(text)
        for i, ch in enumerate(text):
            if ch == left:
                if depth == 0:
                    cut = i  # where the outermost open one starts
                depth += 1
            elif ch == right:
                if depth == 0:
                    return balanced(text[:i])  # closes what the phrase never opened
                depth -= 1
        if depth > 0:
            text = text[:cut]
    return text
