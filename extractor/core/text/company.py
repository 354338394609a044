"""The company a document is about, worked out once per document.

``Company.from_text`` guesses the legal-entity name near the top of the text;
the checks of ``verify`` and the selection of passages use its name, its
distinctive first word and the word stems of its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractor.core.lexicon.words import LEGAL_SUFFIX

_COMPANY = re.compile(
    r"\b((?:(?:[A-Z][\w&'’.\-]*|&)\s){0,5}?(?:[A-Z][\w&'’.\-]*|(?<=[a-z] )&),?\s"
    rf"{LEGAL_SUFFIX}(?!\w))"
)


# "(collectively ..., “we,” “our,” “us,” “Worthington” or the “Company”)": the name the
# text defines for itself where no legal-entity name is written.
_DEFINED = re.compile(r"\([^()]{0,200}?[“\"]we,?[”\"][^()]{0,200}\)", re.I)
_ALIAS = re.compile(r"[“\"]([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,3}),?[”\"]")


def guess_company(text: str) -> str:
    """The first legal-entity name near the top of the text, else the name the text
    defines for "we", else a neutral fallback."""
    for m in _COMPANY.finditer(text[:4000]):
        name = m.group(1).strip()
        # "The Company" is the defined term, not a name.
        words = name.split()
        if len(words) > 2 or words[0].lower() not in ("the", "our", "this", "each", "a", "an"):
            return name
    for d in _DEFINED.finditer(text[:4000]):
        for alias in _ALIAS.findall(d.group(0)):
            if alias.lower() not in ("we", "our", "us", "company", "the company", "registrant"):
                return alias
    return "the company"


def company_head(company: str) -> str:
    """The distinctive first word of a name: "The Home Depot, Inc." -> "Home"."""
    words = [w.strip(",.") for w in company.split()]
    words = [w for w in words if w.lower() not in ("the", "company")]
    return words[0] if words and len(words[0]) >= 3 else ""


CONTENT_WORD = re.compile(r"[a-z][a-z\-']{3,}")


def content_stems(text: str) -> set[str]:
    """5-letter stems of the words of four letters or more (lower-cased)."""
    return {w[:5] for w in CONTENT_WORD.findall(text.lower())}


# A name as the text writes it: capitalised words, "the" before a defined term ("the Utility").
_NAME = r"(?:[Tt]he )?[A-Z][\w&'’.\-]*(?: +(?:[A-Z0-9][\w&'’.\-]*|&|of|and))*"
# Where the text names the filer's own parts, or itself: "whose primary operating subsidiary
# is Acme Gas Company", "the holding company of the Utility", "we acquired Acme Supply",
# "Acme Supply, our wholly owned subsidiary", and the name its first sentence opens with
# ("ACME is a fully integrated ..."), which may be neither the legal name nor its head.
_UNIT = (
    re.compile(rf"\bsubsidiar(?:y|ies),?\s+(?:is|are|being)\s+(?P<n>{_NAME})"),
    re.compile(rf"\bholding company (?:of|for) (?P<n>{_NAME})"),
    re.compile(rf"\b(?:[Ww]e|[Tt]he Company) (?:acquired|own|owns|formed) (?P<n>{_NAME})"),
    re.compile(rf"(?P<n>{_NAME}),\s+(?:our|its|a|the Company['’]s)\s+wholly[- ]owned subsidiary"),
)
_OPENS = re.compile(rf"(?P<n>{_NAME})(?:,[^.\n]{{0,120}},)?\s+is\s+(?:a|an|one)\b")
_NOT_UNIT = re.compile(r"^(?:The|It|We|Our|This|Each|Item|Part|Note|General|Overview)$")


@lru_cache(maxsize=4)  # read once per text: the pipeline and the paragraph both ask
def own_units(text: str) -> frozenset[str]:
    """Names the text gives its filer's own units (subsidiaries, an acquired business) or
    the filer itself: a statement naming one of them speaks of the company."""
    found = [m["n"] for p in _UNIT for m in p.finditer(text)]
    # The first line of prose (headings are short), not a product's paragraph further down.
    first = next((ln for ln in text[:6000].splitlines() if len(ln.strip()) >= 60), "")
    opening = _OPENS.match(first.strip())
    if opening:
        found.append(opening["n"])
    units = set()
    for n in found:
        n = re.sub(r"^[Tt]he\s+", "", n).strip(" .,")
        n = re.sub(r"\s+(?:and|of|&)$", "", n)
        if len(n) >= 3 and not _NOT_UNIT.match(n):
            units.add(n)
    return frozenset(units)


@dataclass(frozen=True)
class Company:
    name: str  # e.g. "Amcor plc"; "the company" when no name was found
    head: str  # its distinctive first word ("Home" of "The Home Depot, Inc."), or ""
    stems: frozenset[str]  # stems of the name's words: not evidence that a span supports a claim
    units: frozenset[str] = frozenset()  # ``own_units``: its subsidiaries, as the text names them

    @classmethod
    def named(cls, name: str) -> Company:
        return cls(name, company_head(name), frozenset(content_stems(name)))

    @classmethod
    def from_text(cls, text: str) -> Company:
        named = cls.named(guess_company(text))
        return cls(named.name, named.head, named.stems, own_units(text))

    def unit_in(self, text: str) -> bool:
        """One of its own units occurs in ``text`` as written (a whole word, same case)."""
        return any(re.search(rf"(?<![\w&]){re.escape(u)}(?![\w&])", text) for u in self.units)

    def named_in(self, text: str) -> bool:
        """The distinctive word occurs in ``text`` (case-insensitive, anywhere), or a unit."""
        return (bool(self.head) and self.head.lower() in text.lower()) or self.unit_in(text)

    def named_as_word_in(self, text: str) -> bool:
        """The distinctive word occurs in ``text`` as a whole word (case-insensitive), or a
        unit."""
        head = bool(self.head) and re.search(rf"\b{re.escape(self.head)}\b", text, re.I)
        return bool(head) or self.unit_in(text)


UNKNOWN = Company.named("the company")
