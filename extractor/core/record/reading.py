"""Reading a business-model record's values out of cited spans: figures with their
periods and qualifiers, names, list items, descriptions, and which kind of money or
channel a span speaks of. Patterns of 10-K prose in general, never of one filing;
``record.build`` assembles the record from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from extractor.core.lexicon.vocabulary import (
    LINK,
    LINK_AFTER,
    VACUOUS,
)
from extractor.core.lexicon.words import FIRST_PERSON_WORDS, IS_YEAR, LEGAL_SUFFIX
from extractor.core.schema import (
    Fact,
    Kind,
    Measure,
    Phrase,
)
from extractor.core.text.align import normalize
from extractor.core.text.clauses import figure_periods, negated, other_party_subject
from extractor.core.text.figures import Figure, find_figures
from extractor.core.text.statement import balanced
from extractor.core.text.worth import PROMOTIONAL, plain, substance

_LEGAL = re.compile(rf",?\s+{LEGAL_SUFFIX}$")
_AMOUNT_TEXT = re.compile(r"(?:US)?\$\s?[\d.,]+(?:\s?(?:thousand|million|billion|trillion))?", re.I)


def short_name(name: str) -> str:
    """ "Sonim Technologies, Inc." -> "Sonim Technologies"; "The Boeing Company" -> "Boeing"."""
    name = " ".join(name.split())
    short = _LEGAL.sub("", name).strip(" ,")
    short = re.sub(r"\s+&$", "", short)  # "Wells Fargo & Company" -> "Wells Fargo"
    if not short or short.lower() in ("the", "the company"):
        return "The company"
    if short.isupper() and len(short) > 5:
        short = short.title()
    words = short.split()
    if words[0].lower() == "the" and len(words) == 2:
        short = words[1]
    return short


@lru_cache(maxsize=64)
def _normalized(span: str) -> str:
    # The record asks of one span for every item it reads: normalised once.
    return normalize(span)


def in_span(phrase: str, span: str) -> bool:
    p = normalize(phrase).strip()
    return bool(p) and p in _normalized(span)


def span_of(fact: Fact) -> str:
    return " ".join(c.quote for c in fact.citations)


_QUALIFIER = re.compile(
    r"(?:approximately|about|over|more than|less than|nearly|almost|up to)\s+$", re.I
)


def _qualified(span: str, figure: str) -> str:
    """ "over 53%" as the span writes it: the qualifier is part of the value."""
    at = span.find(figure)
    q = _QUALIFIER.search(span[max(0, at - 14) : at]) if at >= 0 else None
    return (q[0] + figure) if q and in_span(q[0] + figure, span) else figure


def measures_in(span: str, figures: Sequence[str], kind: str) -> list[Measure]:
    """Figures paired with periods as the span pairs them (``clauses.figure_periods``):
    "83% and 76% ... 2022 and 2021, respectively", "$120.5 million in 2023"."""
    found = find_figures(span)
    located = []
    for text in figures:
        f = next((x for x in found if x.text == text and x not in located), None)
        if f is not None:
            located.append(f)
    periods: list[str | None] = [None] * len(figures)
    if len(located) == len(figures):
        periods = figure_periods(span, located)
    figures = [_qualified(span, f) if len(figures) == 1 else f for f in figures]
    out = []
    for fig, period in zip(figures, periods, strict=True):
        if kind == "percent":
            out.append(Measure(share=fig, period=period))
        else:
            out.append(Measure(amount=fig, period=period))
    return out


def figures_of(text: str, kind: str) -> list[str]:
    return list(dict.fromkeys(f.text for f in find_figures(text) if f.kind == kind))


_FIRST = re.compile(r"\b(?:our|its|the company's|the)\s+", re.I)


def clean_name(text: str) -> str:
    text = re.sub(r"^.*\b(?:In|For|During)\b[^,]*,\s*", "", text.strip())
    text = re.sub(r"^.*\((?:including|such as|of which)\s+|^(?:including|such as)\s+", "", text)
    text = re.sub(r"^(?:approximately|about)\s+", "", text, flags=re.I)
    text = _FIRST.sub("", text, count=1) if _FIRST.match(text) else text
    # "customers Arrow Electronics, Inc. and ..." -> the names.
    text = re.sub(r"^(?:customers?|clients?)\s+(?=[A-Z])", "", text)
    text = re.split(r"\s+(?:that|which|who|whose|where|in (?:fiscal|the year)|during)\b", text)[0]
    return text.strip(" ,.;:")


_REVENUE = r"(?:total |net |consolidated |annual )*(?:net )?(?:revenues?|net sales|sales)"
SHARE_OF = re.compile(
    r"(?P<figs>\d[\d.,]*\s?%(?:(?:,|,? and)\s+\d[\d.,]*\s?%)*)[^.;%]{0,30}?\bof\s+"
    r"(?:our |its |the company'?s |the company’s )?" + _REVENUE + r"\b"
    r"(?:\s+(?:\w+\s+){0,3}?(?:were|was|came|come|is|are)?\s*(?:derived\s+|generated\s+)?from\s+"
    r"(?P<src>[^,.;]{3,80}))?",
    re.I,
)
ACCOUNTED = re.compile(
    r"(?P<who>[\w&’'.,\- ]{3,80}?)\s+(?:accounted for|accounting for|represented|representing"
    r"|contributed|contributing|generated|generating|comprised)"
    r"\s+(?:approximately |about |over |more than )?"
    r"(?P<figs>\d[\d.,]*\s?%(?:(?:,|,? and)\s+\d[\d.,]*\s?%)*)\s+of\s+(?:our |its |the )?"
    + _REVENUE,
    re.I,
)
NO_CUSTOMER = re.compile(
    r"(?:\bno\s+(?:single\s+|one\s+)?customer|not\s+have\s+(?:sales\s+to\s+)?(?:a|any)\s+"
    r"(?:single\s+)?customer|no\s+(?:individual|single)\s+customer)[^.;]{0,80}?"
    r"(?:10\s?%|ten percent)[^.;]{0,40}?(?P<rev>revenues?|net sales|sales)",
    re.I,
)
TOTAL = re.compile(
    r"(?:total |net |consolidated )*(?:revenues?|net sales)\s+(?:\w+\s+){0,2}?"
    r"(?:was|were|of|totaled|totalled|amounted to|reached)\s+(?:approximately\s+)?\$",
    re.I,
)
_DESCRIPTION = re.compile(r"\b(?:is|are)\s+(?P<d>(?:a|an|the|one of the)\s[^.;:]{5,200})", re.I)
_DESC_CUT = re.compile(
    r",\s+(?:which|that|and\s+(?:we|it|our|the|its)|with|whose|where|through|(?!including)[a-z]+ing)\b"
    r"|\s+(?:that|which)\s",
    re.I,
)

CUSTOMER_WORD = re.compile(r"\b(?:customers?|clients?|largest|top \w+)\b", re.I)
CHANNEL_WORD = re.compile(
    r"\b(?:channels?|distributors?|resellers?|indirect|direct sales|online|e-commerce)\b", re.I
)

PAYS_OUT = re.compile(
    r"\b(?:we|it|the company)\s+(?:\w+\s+)?(?:pay|pays|paid)\b|\b(?:require|obligat\w*)\b[^.]{0,40}"
    r"\b(?:payments?|pay)\b|\bpayments?\b",
    re.I,
)
EARNS = re.compile(r"\b(?:revenues?|sales|income|earn\w*|receiv\w*|pays?\b[^.]{0,60}\bto\b)", re.I)


class Ids:
    """Values in first-seen order, each with the ids of every fact it was found in."""

    def __init__(self) -> None:
        self.ids: dict[str, list[str]] = {}
        self.text: dict[str, str] = {}

    def add(self, text: str, fact_id: str) -> None:
        key = normalize(text).strip()
        if not key:
            return
        self.text.setdefault(key, text)
        ids = self.ids.setdefault(key, [])
        if fact_id not in ids:
            ids.append(fact_id)

    def phrases(self, limit: int = 6) -> list[Phrase]:
        return [Phrase(text=self.text[k], fact_ids=v) for k, v in list(self.ids.items())[:limit]]

    def kinds(self) -> list[Kind]:
        return [Kind(kind=self.text[k], fact_ids=v) for k, v in self.ids.items()]


def _verb_in(item: str) -> bool:
    """A list item with a verb-only word ("monitor and automate data") is a clause."""
    from lemminflect import getAllLemmas

    for w in re.findall(r"[a-z]+", item):
        lemmas = getAllLemmas(w)
        if lemmas and set(lemmas) <= {"VERB", "AUX"}:
            return True
    return False


def list_items(text: str) -> list[str]:
    """ "A, B, and C, in stores" -> ["A", "B", "C"]: a list ends where a clause starts."""
    items = []
    for raw in re.split(r",\s*|;\s*", text):
        item = re.sub(r"^(?:and|or)\s+", "", raw.strip())
        if not item or re.match(
            r"(?:in|at|to|for|through|with|by|from|on|that|which|while|as"
            r"|including|such as|among|across|where|whether)\b",
            item,
            re.I,
        ):
            break
        item = re.split(
            r"\s+(?:which|that|who|for|with|designed|used|in order|to (?!\w+ \w+s\b))\b", item
        )[0]
        item = re.sub(r"^(?:typically|primarily|mainly|generally|mostly|principally)\s+", "", item)
        if re.search(r"[“”\"()]", item) or _verb_in(item):
            break
        if len(item.split()) > 7:
            break
        parts = re.split(r"\s+(?:and|or|and/or)\s+", item)
        if all(VACUOUS.search(x) for x in parts) or re.search(
            rf"\b{FIRST_PERSON_WORDS}\b", item, re.I
        ):
            continue
        items.append(item.strip(" ."))
    return items


OFFER = re.compile(
    r"(?i)\b(?:offers?|sells?|provides?|produces?|manufactures?|designs?|develops?)\s+"
    r"(?:a (?:wide|broad|full|diverse|unique) (?:assortment|range|portfolio|variety|array)"
    r" of\s+|products such as\s+)?(?P<list>[^.;:]{3,300})",
)
MARKETS = re.compile(
    r"(?i)\b(?:markets?|industries|sectors|verticals)(?:\s+(?:include|including|such as)|:)\s+"
    r"(?P<list>[^.;]{3,300})",
)
SERVES = re.compile(
    r"(?i)\b(?:serves?|serving|sells? (?:\w+ ){0,4}?to|customers (?:include|are|range from)"
    r"|customer (?:base|groups?) (?:includes?|consists? of|of))\s+(?P<list>[^.;:]{3,200})",
)


def subject_right_before(before: str, company: str, units: Sequence[str] = ()) -> bool:
    """ "We (also) offer", "Acme provides": the company itself is the one that offers;
    with ``units`` (``company.own_units``), "the Utility pays" too."""
    names = [r"[Ww]e", r"[Tt]he Company", r"[Ii]t", *(re.escape(u) for u in units)]
    short = short_name(company)
    if short.lower() != "the company":
        names += [re.escape(short), re.escape(short.split()[-1])]
    pattern = r"(?:^|\s)(?:" + "|".join(names) + r")(?:\s+(?:also|currently|primarily|\w+ly))?\s*$"
    return re.search(pattern, before) is not None


def _names_company(before: str, company: str) -> bool:
    """ "Acme, Inc. (“Acme”)" or "We" right before "is": the company itself, not a
    subsidiary ("Acme Freight is ...")."""
    names = [r"[Ww]e", r"[Tt]he Company", re.escape(company), re.escape(short_name(company))]
    if short_name(company).lower() == "the company":
        names = names[:2]
    tail = r"(?:,?\s*\([^)]*\))?(?:,\s*(?:together with|through|and)\b[^,]*,)?\s*$"
    lead = r"(?:[A-Z][\w’' ]{0,40},\s+)?"  # "Founded in 1955, we are ..."
    start = r"(?:^|[.;:]\s+|\n)\s*"
    return re.search(start + lead + "(?:" + "|".join(names) + ")" + tail, before) is not None


def opening_reach(facts: Sequence[Fact]) -> int:
    """Where the opening of the text ends (as far as the facts show its length): the
    first 4,000 characters or the first twentieth, where a filing says who it is."""
    return max(4000, max((c.end for f in facts for c in f.citations), default=0) // 20)


def read_description(facts: Sequence[Fact], company: str) -> Phrase | None:
    # The earliest in the text: filings say what they are at the top; a later "Acme is
    # the official sponsor of ..." is an award or a sponsorship.
    for f in sorted(facts, key=lambda f: min((c.start for c in f.citations), default=0)):
        if min((c.start for c in f.citations), default=0) >= opening_reach(facts):
            break
        for c in f.citations:
            m = _DESCRIPTION.search(c.quote)
            if not m or m.start() > 160 or not _names_company(c.quote[: m.start()], company):
                continue
            text = balanced(_DESC_CUT.split(m["d"])[0]).strip(" ,")
            if PROMOTIONAL.search(plain(text)) and not substance(text):
                continue  # "one of the most trusted companies": praise, not what it is
            if 3 <= len(text.split()) <= 30 and in_span(text, c.quote):
                return Phrase(text=text, fact_ids=[f.id])
    return None


_OWN_UNIT = re.compile(r"\s+(?:subsidiar(?:y|ies)|affiliates?|segments?)\b", re.I)


def asserted(span: str, start: int, end: int, own_head: str = "") -> bool:
    """What ``span[start:end]`` names is asserted of the company: its clause does not
    deny it ("we do not sell online") and is not another company's ("Globex sells ...")."""
    return not negated(span, start, end) and other_party_subject(span, start, own_head) is None


def classify(
    kinds: Iterable[tuple[str, str]], span: str, own_head: str = "", payers: bool = False
) -> list[tuple[str, int, int]]:
    """Kinds the span asserts; a kind listed earlier is the more specific, so one whose
    words lie inside an earlier match ("direct sales" in "direct sales force") is not.
    A kind named only in a denied or another company's clause is not the company's,
    unless ``payers``: "Acme Korea Ltd. pays royalties to us" is how the company earns."""
    found: list[tuple[str, int, int]] = []
    for name, pattern in kinds:
        for m in re.finditer(pattern, span, re.I if name not in ("OEMs",) else 0):
            if any(a < m.end() and m.start() < b for _, a, b in found):
                continue
            if _OWN_UNIT.match(span, m.end()):
                continue  # "managing general agency subsidiaries": its own units, not a channel
            if not negated(span, m.start(), m.end()) and (
                payers or other_party_subject(span, m.start(), own_head) is None
            ):
                found.append((name, m.start(), m.end()))
                break
    return found


def owner_of(span: str, amount: Figure, kinds: list[tuple[str, int, int]]) -> str | None:
    """The financing kind an amount is of: named just before it ("deposits of $1.4
    trillion", "net loss was $14.1 million and $38.6 million") or just after it through a
    preposition ("$8.9 billion ... in the form of cash dividends"); else none."""

    def close(gap: str, words: frozenset[str]) -> bool:
        gap = _AMOUNT_TEXT.sub(" ", re.sub(r"\([^)]*\)", " ", gap))
        return all(w in words or IS_YEAR.match(w) for w in re.findall(r"[\w’']+", gap.lower()))

    before = [k for k in kinds if k[2] <= amount.start and close(span[k[2] : amount.start], LINK)]
    if before:
        return max(before, key=lambda k: k[2])[0]
    after = [
        k
        for k in kinds
        if k[1] >= amount.end
        and close(span[amount.end : k[1]], LINK_AFTER)
        and re.search(r"\b(?:in|of|on|for)\b", span[amount.end : k[1]])
    ]
    return min(after, key=lambda k: k[1])[0] if after else None
