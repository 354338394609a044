"""What a clause of 10-K prose asserts: whether it is negated, who its subject is,
and which period each of its figures belongs to.

Words alone mislead: "We have no retail stores" names stores, "Globex Inc. reported
revenue of $36.7 billion, and we ..." holds a figure in a sentence that says "we".
These are generic rules of English clauses (negators, coordinators, subjects and
"X and Y in 2023 and 2022"), never phrases of one filing; the record's readers,
``verify`` and ``paragraph.plan`` ask them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

from lemminflect import getAllLemmas

from extractor.core.lexicon.words import (
    FIRST_PERSON_WORDS,
    IS_YEAR,
    LEGAL_SUFFIX,
    NEGATION_WORDS,
    YEAR,
)
from extractor.core.text.figures import Figure, find_figures

# "not only ... but also" asserts both; "No. 3" is a number.
NEGATOR = re.compile(rf"\b{NEGATION_WORDS}\b", re.I)
_SUBJECT_WORDS = r"(?:we|it|they|our|its|their|the company|he|she)"
_AUX = r"(?:have|has|had|is|are|was|were|do|does|did|will|would|may|can|could)"
# Where a clause ends: sentence or clause punctuation (not the period of "Inc." or
# "U.S."), a comma before a coordinator, a
# contrastive conjunction, or "and"/"or" before a new subject or a new verb phrase.
_SENTENCE_BREAK = (
    r"(?:[;:!?]|(?<!\bInc)(?<!\bCorp)(?<!\bCo)(?<!\bLtd)(?<!\bNo)(?<!\b[A-Z])\.)(?=\s|$)"
)
_CLAUSE_BREAK = re.compile(
    rf"{_SENTENCE_BREAK}"
    r"|,?\s+(?=(?:but|yet|while|whereas|although|though|except|that|which|who|whose|where)\s)"
    rf"|,?\s+(?=(?:and|or|nor)\s+(?:{_SUBJECT_WORDS}|{_AUX})\b)",
    re.I,
)
# A main clause ends only where another with its own subject starts: "We may also offer
# A, or B" is one, "We may acquire A, but we are ..." two.
_MAIN_BREAK = re.compile(
    rf"{_SENTENCE_BREAK}|,?\s+(?=(?:and|but|or|nor|yet|while|whereas|although|though)\s+"
    rf"{_SUBJECT_WORDS}\b)",
    re.I,
)
# "Dividends have not been paid": a negated predicate after the kind it is said of.
_NEGATED_PREDICATE = re.compile(
    rf"^[^,]{{0,30}}?\b{_AUX}\s+(?:\w+\s+)?(?:not|never|no longer)\b", re.I
)


# How far from a clause the rest of its sentence is looked at: prose sentences are far
# shorter, and a bound keeps a span without punctuation linear.
_REACH = 2000


@lru_cache(maxsize=8)
def _breaks(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the clause breaks of ``text``, found once per text."""
    found = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text)]
    return [a for a, _ in found], [b for _, b in found]


def clause_at(text: str, at: int) -> tuple[int, int]:
    """The bounds of the clause of ``text`` that holds offset ``at`` (at most ``_REACH``
    characters either side of it)."""
    starts, ends = _breaks(text)
    i = bisect_right(ends, at) - 1
    j = bisect_left(starts, at)
    start = ends[i] if i >= 0 else 0
    end = starts[j] if j < len(starts) else len(text)
    return max(start, at - _REACH), min(end, at + _REACH)


def main_clauses(text: str) -> list[tuple[int, int]]:
    """Every main clause of ``text`` (with its subordinate ones) as (start, end), in order."""
    out, start = [], 0
    for m in _MAIN_BREAK.finditer(text):
        if text[start : m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def negated(text: str, start: int, end: int | None = None) -> bool:
    """Whether what ``text[start:end]`` names is denied by its clause: a negator before
    it in the clause ("we do not sell online", "no credit facility", "never paid
    dividends") or a negated predicate right after it ("dividends have not been paid")."""
    end = start if end is None else end
    c_start, c_end = clause_at(text, start)
    if NEGATOR.search(text[c_start:start]):
        return True
    return _NEGATED_PREDICATE.search(text[end:c_end]) is not None


_SUFFIX = rf"(?:,?\s+{LEGAL_SUFFIX})"
_NAME = rf"(?:[A-Z][\w&.’'-]*\s+){{0,3}}[A-Z][\w&.’'-]*{_SUFFIX}?"
_PARTY_NOUN = (
    r"(?:competitors?|customers?|suppliers?|partners?|rivals?|licensees?|distributors?|peers?)"
)
_LEAD = r"(?:(?:In|During|For|As of|By|At|Since)\b[^,]{0,40},\s*)?"
_PARTY = re.compile(
    rf"^\s*(?:and|but|or|while|whereas|although|though)?\s*{_LEAD}"
    rf"(?P<party>(?:(?i:our|its|a|an|one|the|another|each)\s+(?:\w+\s+){{0,2}}?{_PARTY_NOUN}"
    rf"(?:,?\s+{_NAME},?)?)|{_NAME})"
    r"\s+(?:\w+ly\s+)?(?P<verb>[a-z]+)\b"
)
_ANAPHOR = re.compile(
    rf"^\s*(?:and|but|or|while|whereas)?\s*{_LEAD}(?:the (?:company|firm)|it|they)\s+[a-z]+", re.I
)
_OTHER_NAME = re.compile(rf"\b{_NAME}")
_OWN = re.compile(rf"\b{FIRST_PERSON_WORDS}\b", re.I)
_GRAMMAR = frozenset(
    ["we", "our", "it", "its", "the", "this", "these", "they", "in", "for", "as", "by", "at"]
)


@lru_cache(maxsize=4096)
def _dictionary_word(word: str) -> bool:
    return bool(getAllLemmas(word.lower()))


def _is_name(name: str, own_head: str) -> bool:
    """A capitalised name that is not the company's own nor an ordinary word: "Globex",
    "AT&T", "Apple Inc." (a legal suffix makes any words a name)."""
    words = name.replace(",", " ").split()
    if not words or words[0].lower() in _GRAMMAR or words[0].lower() == "company":
        return False
    if own_head and own_head.lower() in name.lower():
        return False
    if re.search(_SUFFIX + r"$", name):
        return True
    return any(not _dictionary_word(w.strip(".’'")) for w in words)


def _verb(word: str) -> bool:
    lemmas = getAllLemmas(word)
    return "VERB" in lemmas or "AUX" in lemmas


_RIVAL = re.compile(r"\b(?:competitors?|rivals?|peers?)\b", re.I)


def other_party_subject(
    text: str, at: int, own_head: str = "", any_party: bool = False
) -> str | None:
    """The subject of the clause holding ``at`` when it is another company: a named one
    ("Globex Inc. reported ...", "Our partner Bosch sells ..."), a competitor, or "the
    company"/"it" referring back to a company the sentence named while calling the filer
    "we". With ``any_party``, also an unnamed customer, supplier or partner ("Our
    customers build ..."). ``own_head`` is the filer's distinctive name word."""
    c_start, c_end = clause_at(text, at)
    clause = text[c_start:c_end]
    m = _PARTY.match(clause)
    if m and _OWN.search(text[c_start + m.end("party") : c_end]):
        return None  # "Walmart accounted for 20% of our revenue": said of the company
    if m and _verb(m["verb"]):
        party = m["party"]
        if re.match(r"(?:our|its|a|an|one|the|another|each)\s", party, re.I):
            named = re.search(rf"{_PARTY_NOUN},?\s+[A-Z]", party)
            if any_party or named or _RIVAL.search(party):
                return party.strip(" ,")
            return None
        # A bare name may be the filer's own segment or venture ("Flexibles accounted
        # for 76% ..."); it is another company's clause where the sentence speaks of the
        # filer as "we" elsewhere, or where the name carries a legal suffix.
        around = text[max(0, c_start - _REACH) : c_start] + " " + text[c_end : c_end + _REACH]
        elsewhere = _OWN.search(around) is not None
        suffixed = re.search(_SUFFIX + r",?$", party.strip()) is not None
        if _is_name(party, own_head) and (elsewhere or suffixed):
            return party.strip(" ,")
    if _ANAPHOR.match(clause):
        sentence_start = max(text.rfind(". ", max(0, c_start - _REACH), c_start) + 1, 0)
        before = text[sentence_start:c_start]
        named = [n for n in _OTHER_NAME.findall(before) if _is_name(n.strip(), own_head)]
        sentence_end = text.find(". ", at, at + _REACH)
        sentence = text[sentence_start : sentence_end if sentence_end >= 0 else at + _REACH]
        if named and _OWN.search(sentence):
            return named[-1].strip(" ,")
    return None


# --- Periods: which year each figure of a span belongs to -------------------------

_AFTER = re.compile(
    rf"^\s*(?:in|for|during)\s+(?:the\s+)?(?P<p>(?:fiscal(?:\s+year)?\s+|FY\s?)?{YEAR})\b",
    re.I,
)


def periods_of(span: str) -> list[str]:
    """The years the span names, with "fiscal" when it says so, first-seen order."""
    out = []
    for f in find_figures(span):
        if f.kind == "number" and IS_YEAR.match(f.value):
            fiscal = re.search(r"(?:fiscal(?: year)?|FY)\s*$", span[: f.start], re.I)
            out.append(span[fiscal.start() : f.end] if fiscal else f.text)
    return list(dict.fromkeys(out))


def figure_periods(span: str, figures: Sequence[Figure]) -> list[str | None]:
    """The period of each figure: the year written right after it ("$120.5 million in
    2023"), else the years in the order of the figures when there are as many ("$120.5
    million and $101.2 million in 2023 and 2022", with or without "respectively"), else
    the one year the span names; None where the span does not say."""
    periods = periods_of(span)
    adjacent = [_AFTER.match(span[f.end :]) for f in figures]
    if figures and all(adjacent):
        return [m["p"] if m else None for m in adjacent]
    if len(figures) > 1 and len(periods) == len(figures):
        return list(periods)
    if len(periods) == 1:
        return [periods[0]] * len(figures)
    return [m["p"] if m else None for m in adjacent]


def _year(period: str | None) -> str | None:
    m = re.search(YEAR, period or "")
    return m[0] if m else None


def periods_swapped(statement: str, cited: str) -> bool:
    """The statement gives a figure another year than its passage does ("$69.8 million in
    2021" where the passage says 2022): the statement's pairing of figures and years
    (``figure_periods``) against the passage's own."""
    said = [f for f in find_figures(statement) if not IS_YEAR.match(f.value) or f.kind != "number"]
    source = [f for f in find_figures(cited) if not IS_YEAR.match(f.value) or f.kind != "number"]
    if not said or not source:
        return False
    source_years = figure_periods(cited, source)
    for f, mine in zip(said, figure_periods(statement, said), strict=True):
        if mine is None:
            continue
        theirs = {
            _year(p)
            for g, p in zip(source, source_years, strict=True)
            if g.kind == f.kind and g.value == f.value and g.scale == f.scale and p
        }
        if theirs and _year(mine) not in theirs:
            return True
    return False
