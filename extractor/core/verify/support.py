"""Whether a cited span supports a statement, and about whom it speaks.

Each check takes the statement, the cited text and the document's ``Company``;
``supports`` (the statement's words and figures are in the span) is the one
test every citation must pass, whichever way it was found.
"""

from __future__ import annotations

import re

from extractor.core.lexicon.words import FIRST_PERSON_WORDS, IS_YEAR
from extractor.core.text.clauses import other_party_subject, periods_swapped
from extractor.core.text.company import CONTENT_WORD, Company, content_stems
from extractor.core.text.figures import Figure, find_figures, unsupported_figures

__all__ = ["periods_swapped"]

_FIRST_PERSON = re.compile(rf"\b(?:{FIRST_PERSON_WORDS}|the company|the group)\b", re.I)


# Words of a filer's own accounts: its segments, its dividends per share, its capital spending.
_OWN_BUSINESS = re.compile(
    r"\b(?:consolidated|segments?|subsidiar(?:y|ies)|per (?:common )?share"
    r"|capital expenditures)\b",
    re.I,
)
_FIGURE_HINT = re.compile(r"\d")


_THIRD_PARTY = re.compile(
    r"\b(?:the|a|this|that|each|these|such)\s+(?:customers?|clients?|competitors?|suppliers?"
    r"|partners?|licensees?|distributors?|buyers?|purchasers?|carriers?)\b"
    r"|\b(?:companies|firms|manufacturers|providers|competitors) such as\b"
    r"|\b(?:other|competing|rival) (?:companies|firms|manufacturers|providers)\b",
    re.I,
)


def mentions_company(cited: str, company: Company) -> bool:
    """Whether a span can be the company's own fact.

    The small model labels competitors' revenue or a customer's plans as the
    company's. A span with figures, or one whose actor is a third party ("the
    customer is now developing ..."), must speak of the company (first person,
    its name, or its own segments / consolidated accounts) to be its fact.
    """
    if not _FIGURE_HINT.search(cited) and not _THIRD_PARTY.search(cited):
        return True
    if _FIRST_PERSON.search(cited) or _OWN_BUSINESS.search(cited):
        return True
    return company.named_in(cited)


def _company_is_subject(statement: str, company: Company) -> bool:
    """The statement speaks of the company as its actor, not of another party."""
    if other_party_subject(statement, 0, company.head, any_party=True) is not None:
        return False
    return company.named_as_word_in(statement) or _FIRST_PERSON.search(statement) is not None


def _not_year(f: Figure) -> bool:
    return not (f.kind == "number" and IS_YEAR.match(f.value))


def other_party_clause(statement: str, cited: str, company: Company) -> str | None:
    """The other company whose clause of the span carries the statement's figures, even
    where the span also says "we": each of them occurs only in clauses whose subject is
    another company ("Globex Inc. reported revenue of $36.7 billion, while we ...")."""
    parties = []
    for f in (f for f in find_figures(statement) if _not_year(f)):
        places = [g for g in find_figures(cited) if g.value == f.value and g.kind == f.kind]
        owners = [other_party_subject(cited, g.start, company.head) for g in places]
        if not owners or None in owners:
            return None
        parties.append(owners[0])
    return parties[0] if parties else None


def credits_company(statement: str, cited: str, company: Company) -> bool:
    """ "Sonim has achieved over $3.0 billion in revenue" cited to "certain major LMR
    providers have ... achieved over $3.0 billion": the span (or the clause of it that
    carries the statement) is not the company's, yet the statement makes the company its
    actor. Relabelling would keep a false sentence."""
    if not _company_is_subject(statement, company):
        return False
    # Only figures are at stake: "the company's customers build homes" is fine.
    if _FIGURE_HINT.search(cited) and not mentions_company(cited, company):
        return True
    return other_party_clause(statement, cited, company) is not None


_COMMON = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "been",
        "their",
        "which",
        "were",
        "will",
        "also",
        "into",
        "such",
        "than",
        "they",
        "these",
        "company",
        "company's",
        "companys",
        "including",
        "include",
        "includes",
        "other",
        "more",
        "most",
        "over",
        "about",
        "through",
        "its",
        "it's",
        "provide",
        "provides",
        "provided",
        "offer",
        "offers",
    ]
)
MIN_WORD_SUPPORT = 0.5


def word_support(statement: str, cited: str, company: Company) -> float:
    """Share of the statement's content words (by 5-letter stem) found in the cited span.

    Catches statements that drift from their quote, e.g. one sentence repeated
    for several unrelated passages.
    """
    words = {w[:5] for w in CONTENT_WORD.findall(statement.lower()) if w not in _COMMON}
    words -= company.stems
    if not words:
        return 1.0
    return len(words & content_stems(cited)) / len(words)


def words_missing(statement: str, cited: str, company: Company) -> set[str]:
    """The statement's content stems (as ``word_support`` counts them) the span lacks."""
    words = {w[:5] for w in CONTENT_WORD.findall(statement.lower()) if w not in _COMMON}
    return words - company.stems - content_stems(cited)


def words_support(statement: str, cited: str, company: Company) -> bool:
    return word_support(statement, cited, company) >= MIN_WORD_SUPPORT


def supports(statement: str, cited: str, company: Company) -> bool:
    """The span carries the statement: enough of its words, and every figure it states."""
    return words_support(statement, cited, company) and not unsupported_figures(statement, cited)


_UP = re.compile(
    r"\b(?:increas|grow|grew|rose|rise|risen|higher|gain|expand|doubl|jump|soar|surg|climb"
    r"|rebound|up (?:from|by|over)\b)",
    re.I,
)
_DOWN = re.compile(
    r"\b(?:decreas|declin|fell|fall|lower|drop|reduc|shrank|shrink|plung|plummet|slump|tumbl"
    r"|sank|sink|slid|down (?:from|by|over)\b)",
    re.I,
)


def direction_unsupported(statement: str, cited: str) -> bool:
    """A statement saying something went up (or down) where its passage never does.

    The model reads "$14.1 million and $38.6 million in 2022 and 2021" as an
    increase; the figures check passes, the direction must be checked too.
    """
    return any(p.search(statement) and not p.search(cited) for p in (_UP, _DOWN))


_INCOME = re.compile(
    r"\b(?:net|operating|pre-?tax) (?:income|earnings|profits?)\b|\bprofit(?:able| of)\b", re.I
)
_LOSS = re.compile(
    r"\b(?:net|operating|pre-?tax) loss(?:es)?\b|\bunprofitable\b|\bloss of (?:\$|US\$)", re.I
)


def result_flipped(statement: str, cited: str) -> bool:
    """ "Net income of $14.1 million" where the passage reports a net loss (or a loss
    where it reports income): the figure checks pass, the sign of the result is bent."""
    return any(
        said.search(statement) and not said.search(cited) and other.search(cited)
        for said, other in ((_INCOME, _LOSS), (_LOSS, _INCOME))
    )


_MINUS = re.compile(r"(?:(?<![\w.,%])[-−–]\s?|\(\s?)$")


def sign_unsupported(statement: str, cited: str) -> bool:
    """A figure the statement writes negative ("-35%", "(35%)") that its passage writes
    only without a sign: "a 35% increase" must not become "-35%"."""
    for f in find_figures(statement):
        if not _MINUS.search(statement[: f.start]):
            continue
        same = [g for g in find_figures(cited) if g.value == f.value and g.kind == f.kind]
        if same and not any(_MINUS.search(cited[: g.start]) for g in same):
            return True
    return False
