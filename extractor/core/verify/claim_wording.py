"""Checks on a statement's wording, beyond its figures.

A statement can carry every figure of its passage and most of its words and
still say something the passage does not: "does not own" where the passage
says "owns", another company's name as the subject, markup for whoever shows
the paragraph, or control characters that reorder or hide text. These run in
``verify`` (post hoc), so cached model answers replay unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from extractor.core.lexicon.words import HEDGE_WORDS, MODAL_WORDS
from extractor.core.text.clauses import NEGATOR, main_clauses

# Markup a browser, a terminal or a spreadsheet would act on.
_MARKUP = re.compile(
    r"<\s*/?\s*[a-z!?%]|\bjavascript\s*:|\bon[a-z]{3,}\s*=|\bdata\s*:\s*text/html", re.I
)
# Bidirectional overrides and isolates reorder what a reader sees.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ALLOWED_CONTROLS = frozenset("\t\n\r")
# Words of any script: an ASCII-only pattern reads "Мicrosoft" (Cyrillic М) as "icrosoft",
# a lower-case word, and lets a look-alike name through.
_WORD = re.compile(r"[^\W\d_][^\W_]*")
# Capitalised for grammar, not names.
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "its",
        "this",
        "these",
        "those",
        "they",
        "their",
        "he",
        "she",
        "we",
        "our",
        "us",
        "in",
        "on",
        "at",
        "for",
        "of",
        "and",
        "or",
        "but",
        "as",
        "by",
        "to",
        "from",
        "with",
        "through",
        "company",
        "group",
    ]
)


def _is_control(ch: str, allowed: str = "") -> bool:
    cat = unicodedata.category(ch)
    return (
        (cat == "Cc" and ch not in _ALLOWED_CONTROLS)
        or cat in ("Zl", "Zp", "Co", "Cs")
        or ch in _BIDI
        or (cat == "Cf" and ch not in allowed)
    )


def control_characters(text: str, allowed: str = "") -> list[str]:
    """Control, format, line/paragraph-separator and private characters in ``text``
    (as ``U+XXXX``), except tabs/newlines and format characters ``allowed`` holds."""
    found = [f"U+{ord(ch):04X}" for ch in text if _is_control(ch, allowed)]
    return list(dict.fromkeys(found))


def escape_controls(text: str) -> str:
    """``text`` with each character ``control_characters`` names written as ``<U+XXXX>``:
    kept for audit, a model's wording must not reorder or hide what a reader sees."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(f"<U+{ord(ch):04X}>" if _is_control(ch) else ch for ch in text)


def has_markup(text: str) -> bool:
    return _MARKUP.search(text) is not None


def negation_unsupported(statement: str, cited: str) -> bool:
    """The statement negates ("does not", "never") where its passage has no negation."""
    return NEGATOR.search(statement) is not None and NEGATOR.search(cited) is None


_DETERMINER = frozenset(["a", "an", "the", "any", "our", "its", "their", "we", "it", "do", "does"])
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'’-]*")


def negation_dropped(statement: str, cited: str) -> bool:
    """The passage denies what the statement asserts: "No single customer accounted for
    more than 10%" stated as "A single customer accounted for more than 10%", "we do not
    sell online" as "we sell online". The words the passage negates (up to three after
    the negator) stand in the statement, which has no negation of its own."""
    if NEGATOR.search(statement):
        return False
    kept = [w for w in _TOKEN.findall(statement.lower()) if w not in _DETERMINER]
    said = " " + " ".join(kept) + " "
    for m in NEGATOR.finditer(cited):
        after = _TOKEN.findall(cited[m.end() : m.end() + 80].lower())
        words = [w for w in after[:5] if w not in _DETERMINER][:3]
        if len(words) >= 2 and f" {' '.join(words)} " in said:
            return True
    return False


# A modal in the main clause ("It may dilute ..."), not in a subordinate one ("cash flow
# limitations which may affect its progress"); lower-case, so not "May 2022".
_SPECULATIVE = re.compile(
    r"^(?:(?!\b(?:which|that|who|if|when|whether|because|unless)\b)[^,;])*"
    rf"\b(?!would\b){MODAL_WORDS}\b"
)
_LISTED_SUBJECT = re.compile(r"^(?:[A-Za-z-]+,\s+)+(?:and|or)\s+[A-Za-z-]+\b")
_HEDGE = re.compile(
    rf"\b(?:{HEDGE_WORDS}|can|should|will|potential(?:ly)?|possibl[ey])\b",
    re.I,
)


def speculative(text: str) -> bool:
    """The main clause says what may be, not what is: "We may also offer ..."."""
    # A subject that is a list of words ("Statutes, regulations, and policies could ...")
    # is one noun phrase: its commas do not end the main clause.
    text = _LISTED_SUBJECT.sub(lambda m: m[0].replace(",", ""), text)
    return _SPECULATIVE.search(text) is not None


def hedge_dropped(statement: str, cited: str) -> bool:
    """ "We may also offer NRE services" stated as "We offer NRE services": the clause of
    the passage that carries the statement says what may be, and the statement, with no
    hedge of its own, says it is ("We may acquire ..., but we are well-positioned ..."
    stated as "We are well-positioned ..." is fine)."""
    if _HEDGE.search(statement):
        return False
    said = set(_TOKEN.findall(statement.lower()))
    clauses = [cited[a:b].strip() for a, b in main_clauses(cited)]
    best = max(clauses, key=lambda c: len(said & set(_TOKEN.findall(c.lower()))), default="")
    return speculative(best)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(unicodedata.normalize("NFC", text))}


def _script(ch: str) -> str:
    # The first word of a letter's Unicode name: LATIN, CYRILLIC, GREEK, FULLWIDTH ...
    return unicodedata.name(ch, "?").split(" ", 1)[0]


def mixed_script(word: str) -> bool:
    """Letters of two scripts in one word ("Micrоsoft" with a Cyrillic о): a look-alike,
    never a word of a filing, so it must be in the passage as written to pass."""
    return len({_script(ch) for ch in word if ch.isalpha()}) > 1


def _known(word: str, known: set[str]) -> bool:
    w = word.lower()
    return w in known or w.rstrip("s") in known or f"{w}s" in known


def _acronym_of(word: str, cited: str) -> bool:
    """ "CEO" for "Chief Executive Officer": initials of consecutive words of the span."""
    if not (len(word) >= 2 and word.isupper() and word.isalpha()):
        return False
    initials = "".join(w[0] for w in _WORD.findall(cited) if w[0].isupper())
    return word in initials


def names_not_in_span(statement: str, cited: str, company: str, source: str = "") -> list[str]:
    """Capitalised words of the statement (names) that its passage does not contain.

    The company's own name is allowed anywhere (the passage may say "we"). A
    statement's first word is capitalised anyway: it counts as a name only if
    the document never uses it in lower case.
    """
    known = _words(cited) | _words(company) | _FUNCTION_WORDS
    statement = unicodedata.normalize("NFC", statement)
    missing = []
    for m in _WORD.finditer(statement):
        word = m.group()
        if mixed_script(word):
            if word.lower() not in known:
                missing.append(word)
            continue
        if len(word) < 2 or not word[0].isupper() or _known(word, known):
            continue
        if _acronym_of(word, cited):
            continue
        first = statement[: m.start()].strip(" \"'“‘(") == ""
        if first and re.search(rf"(?<![A-Za-z]){re.escape(word.lower())}(?![A-Za-z])", source):
            continue  # an ordinary word that starts the sentence
        missing.append(word)
    return list(dict.fromkeys(missing))


def clean_names(names: Sequence[str]) -> list[str]:
    """Names the model listed, without any carrying markup or control characters."""
    return [n for n in names if not control_characters(n) and not has_markup(n)]
