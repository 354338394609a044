"""Whether a cited span supports a statement, and about whom it speaks.

Each check takes the statement, the cited text and the document's ``Company``;
``supports`` (the statement's words and figures are in the span) is the one
test every citation must pass, whichever way it was found.
"""

from __future__ import annotations

import re

from extractor.core.company import CONTENT_WORD, Company, content_stems
from extractor.core.figures import unsupported_figures

_FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us|the company|the group)\b", re.I)


_OWN_BUSINESS = re.compile(r"\b(?:consolidated|segments?|subsidiar(?:y|ies))\b", re.I)
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


def credits_company(statement: str, cited: str, company: Company) -> bool:
    """ "Sonim has achieved over $3.0 billion in revenue" cited to "certain major LMR
    providers have ... achieved over $3.0 billion": the span is not the company's, yet
    the statement makes the company its actor. Relabelling would keep a false sentence."""
    # Only figures are at stake: "the company's customers build homes" is fine.
    if not _FIGURE_HINT.search(cited) or mentions_company(cited, company):
        return False
    return company.named_as_word_in(statement) or _FIRST_PERSON.search(statement) is not None


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


_UP = re.compile(r"\b(?:increas|grow|grew|rose|rise|risen|higher|gain|expand|doubl)", re.I)
_DOWN = re.compile(r"\b(?:decreas|declin|fell|fall|lower|drop|reduc|shrank|shrink)", re.I)


def direction_unsupported(statement: str, cited: str) -> bool:
    """A statement saying something went up (or down) where its passage never does.

    The model reads "$14.1 million and $38.6 million in 2022 and 2021" as an
    increase; the figures check passes, the direction must be checked too.
    """
    return any(p.search(statement) and not p.search(cited) for p in (_UP, _DOWN))
