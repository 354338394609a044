"""Checks that a statement, rewritten for the paragraph, keeps what its cited span says.

A verified statement may still bend its span: the company made the subject of
what another party does ("It may require ... to provide financial support" where
the regulator may require the company), an amount from a table said without the
table's unit ("$ 6,620" of a table "in millions"), or the span's words stopped
inside a noun phrase ("... delivery of high volumes of low-weight."). Each check
says so; ``paragraph.plan`` then says the span's own words or nothing (the fact stays in
the JSON), as it does for negation and other companies' facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from lemminflect import getAllLemmas, getLemma

from extractor.core.text.figures import find_figures

__all__ = [
    "bent",
    "cut_in_phrase",
    "cut_short",
    "cut_within",
    "label_lost",
    "subject_changed",
    "table_row",
    "unit_lost",
]

_TOKEN = re.compile(r"[A-Za-z0-9][\w&'’-]*")
_ALNUM = re.compile(r"[A-Za-z0-9]+")
_COMPANY_SUBJECT = re.compile(
    r"^(?:(?:We|It|The [Cc]ompany)\b|(?P<name>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}))\s+"
)
_SOFT = re.compile(
    r"^(?:also|currently|primarily|principally|generally|only|now|still|directly|mainly"
    r"|typically|often|further|\w+ly)$",
    re.I,
)
# What may stand right before the verb in the span with the company still its doer.
_COMPANY_WORDS = frozenset(
    ["we", "it", "company", "itself", "and", "or", "that", "which", "who", "also", "to", "not"]
)
_DETERMINER = frozenset(["the", "a", "an", "its", "their", "his", "her", "this", "each", "any"])


def _lower(text: str) -> list[str]:
    return [w.lower() for w in _TOKEN.findall(text)]


@lru_cache(maxsize=8192)
def _base(word: str) -> str:
    """ "purchases" and "purchase" alike: the statement re-inflects the span's verb."""
    if word in _OURS:
        return _OURS[word]  # "our devices" said as "its devices"
    return getLemma(word, "VERB")[0] if word.isalpha() else word


_OURS = {"our": "its", "its": "its", "we": "it", "us": "it", "ours": "its", "it": "it"}


def subject_changed(statement: str, span: str, names: list[str]) -> str | None:
    """The span's subject of the statement's predicate, where the statement makes the
    company the subject and the span gives another party ("The Federal Reserve may
    require the Parent to ..." stated as "The company may require ..."); else None."""
    text = " ".join(statement.split())
    lead = next((n for n in names if n and text.startswith(n + " ")), None)
    if lead is None:
        m = _COMPANY_SUBJECT.match(text)
        if m is None or m["name"]:
            return None
        lead = m[0].strip()
    predicate = _lower(text[len(lead) :])
    while predicate and _SOFT.match(predicate[0]):
        predicate = predicate[1:]
    if len(predicate) < 2:
        return None
    tokens = list(_TOKEN.finditer(span))
    source = [t[0].lower() for t in tokens]
    own = {w for n in names for w in _lower(n)} | _COMPANY_WORDS
    probe = [_base(w) for w in predicate[:2]]
    for k in range(1, len(source) - 1):
        if [_base(w) for w in source[k : k + 2]] != probe:
            continue
        # Back over adverbs to the word before the predicate, within the clause.
        j = k - 1
        while j >= 0 and _SOFT.match(source[j]):
            j -= 1
        if j < 0:
            return None
        gap = span[tokens[j].end() : tokens[k].start()]
        if re.search(r"[,;:.()]", gap) or source[j] in own:
            return None  # a clause opens there, or the company itself is the doer
        if not (_noun(source[j]) or tokens[j][0][:1].isupper()):
            return None
        # A noun phrase of another party: "the Federal Reserve", "customers", "Globex".
        start = j
        while start > 0 and j - start < 5 and source[start - 1] not in own:
            if re.search(r"[,;:.()]", span[tokens[start - 1].end() : tokens[start].start()]):
                break
            start -= 1
            if source[start] in _DETERMINER:
                break
        return span[tokens[start].start() : tokens[j].end()]
    return None


def bent(statement: str, span: str, names: list[str]) -> bool:
    """Any of the checks below: the statement, said in the paragraph, would not mean what
    its span says."""
    return (
        subject_changed(statement, span, names) is not None
        or unit_lost(statement, span)
        or label_lost(statement, span)
    )


def _noun(word: str) -> bool:
    lemmas = getAllLemmas(word)
    return "NOUN" in lemmas or "PROPN" in lemmas


# A row of a table: a label, then two or more figures and nothing else ("Total operating
# revenues $ 6,620 $ 5,511 $ 4,611"), or cells set apart by bars.
_ROW = re.compile(r"^[A-Za-z][^$\d|]{1,80}?(?:\s+\(?\$?\s?\(?[\d][\d,.]*\)?%?){2,}\s*$")
_SCALE = re.compile(r"\b(?:thousands?|millions?|billions?|trillions?|[MB]n?)\b", re.I)


def table_row(span: str) -> bool:
    return "|" in span or _ROW.match(" ".join(span.split())) is not None


def unit_lost(statement: str, span: str) -> bool:
    """Amounts read from a table row that the statement gives without the table's unit
    ("Total operating revenues were $ 6,620, ..." of a table "in millions"): the row
    carries no unit of its own, so the statement cannot say how much it is."""
    if not table_row(span):
        return False
    amounts = [f for f in find_figures(statement) if f.kind in ("amount", "number")]
    return bool(amounts) and not _SCALE.search(statement)


def label_lost(statement: str, span: str) -> bool:
    """A table row's figures said under words other than its row label."""
    if not table_row(span) or "|" in span:
        return False
    label = re.match(r"^[^$\d(]+", " ".join(span.split()))
    return label is not None and label[0].strip().lower() not in statement.lower()


# ", e-commerce, and business services": the list the statement stopped in goes on.
_LIST_GOES_ON = re.compile(r"^(?:[\w'’-]+,?\s+){1,3}(?:and|or)\s+(?!we\b|it\b|they\b)[\w'’-]+")


def _run_ends(
    said: list[str], source: list[str], tokens: list[re.Match[str]], span: str
) -> Iterator[tuple[int, str]]:
    """Where the statement's words run in the span's and the span goes on: the index of
    the span's next word and the text between (its punctuation)."""
    n = len(said)
    if n < 3 or n >= len(source):
        return
    for k in range(len(source) - n):
        if source[k : k + n] == said:
            yield k + n, span[tokens[k + n - 1].end() : tokens[k + n].start()]


def cut_in_phrase(statement: str, span: str) -> bool:
    """The statement is its span's words stopped at a comma inside a noun phrase: on a
    modifier ("... of low-weight." of "low-weight, less time-sensitive packages") or on
    the first item of a list the span goes on with ("a portfolio of transportation." of
    "transportation, e-commerce, and business services")."""
    said = _lower(statement)
    tokens = list(_TOKEN.finditer(span))
    for end, gap in _run_ends(said, [t[0].lower() for t in tokens], tokens, span):
        if gap.strip() not in (",", ".,"):
            continue
        raw = re.split(r"[.;:()]", span[tokens[end].start() :], maxsplit=1)[0]
        clause = _lower(raw)
        if _modifier(said[-1]) or (
            clause and _adjective(clause[0]) and not any(_verb_only(w) for w in clause[:6])
        ):
            return True  # "of low-weight, less time-sensitive packages": more modifiers
        items = _LIST_GOES_ON.match(raw)
        if items and not any(_verb_only(w) for w in _lower(items[0])):
            return True  # "of transportation, e-commerce, and business services"
    return False


def _modifier(word: str) -> bool:
    """An adjective or adverb that is no noun or verb ("less", "low-cost")."""
    lemmas = getAllLemmas(word)
    return ("ADJ" in lemmas or "ADV" in lemmas) and not {"NOUN", "VERB"} & set(lemmas)


def _adjective(word: str) -> bool:
    lemmas = getAllLemmas(word)
    return "ADJ" in lemmas and not {"NOUN", "VERB"} & set(lemmas)


def _verb_only(word: str) -> bool:
    lemmas = getAllLemmas(word)
    return ("VERB" in lemmas or "AUX" in lemmas) and "NOUN" not in lemmas


def _words(text: str) -> list[str]:
    # The company's pronouns alike: "We"/"It", "our"/"its" say the same thing.
    words = re.findall(r"[a-z0-9]+", text.lower())
    return ["_" if w in ("we", "our", "us", "it", "its") else w for w in words]


def cut_short(statement: str, span: str) -> bool:
    """The statement is the span's own words with its last few dropped ("imposes
    restrictive covenants, including financial." of "... including financial covenants.")."""
    said, source = _words(statement), _words(span)
    n = len(said)
    if n < 4 or n >= len(source):
        return False
    ends = [k + n for k in range(len(source) - n + 1) if source[k : k + n] == said]
    return any(0 < len(source) - end <= 4 for end in ends)


_BOUNDARY_WORDS = frozenset(["but", "which", "that", "while", "whereas", "including", "as", "with"])


def cut_within(statement: str, span: str) -> bool:
    """The statement is a run of its span's words that stops before the clause does ("...
    and is obligated to pay." of "... obligated to pay royalties of 5%"; "... in target
    markets helps." of "... helps us win contracts"): its object or complement was cut."""
    said = _words(statement)
    tokens = list(_ALNUM.finditer(span))
    source = _words(" ".join(t[0] for t in tokens))
    for end, gap in _run_ends(said, source, tokens, span):
        if not re.search(r"[,;:.!?()—–]|\s-\s", gap) and source[end] not in _BOUNDARY_WORDS:
            return True
    return cut_in_phrase(statement, span)  # "... of low-weight." of "low-weight, less ..."
