"""The record's own sentences: one to three per area, written by the templates'
macros from the record's values (lists joined, figures with their periods,
financing kinds as verb phrases). ``paragraph.plan`` plans them with the statements.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from extractor.core.paragraph.wording import join_and, join_figures
from extractor.core.paragraph.writer import KEEP_ALWAYS, Writer
from extractor.core.schema import BusinessModel, Category, Measure, Segment
from extractor.core.text.worth import plain

# How each financing kind reads with its amounts, as a verb phrase after the subject.
FINANCING_CLAUSE: dict[str, str] = {
    "net loss": "reported a net loss of {}",
    "net income": "reported net income of {}",
    "dividends": "paid {} in dividends",
    "share repurchases": "spent {} on share repurchases",
    "capital expenditure": "spent {} on capital expenditure",
    "credit facility": "has a credit facility of {}",
    "notes": "has {} of notes outstanding",
    "term loan": "has a term loan of {}",
    "commercial paper": "has {} of commercial paper",
    "deposits": "holds {} of deposits",
    "equity offering": "raised {} in equity offerings",
    "share issuance": "issued shares for {}",
    "operating cash flow": "generated {} of operating cash flow",
    "stockholders' equity": "had stockholders' equity of {}",
}


def _ids(values: Sequence[object]) -> list[str]:
    return [i for v in values for i in getattr(v, "fact_ids", [])]


def _who(text: str) -> str:
    """A share's owner in the paragraph's voice: "our new tablet product" -> "its ..."."""
    text = re.sub(r"\bour\b", "its", text)
    text = re.sub(r"\bOur\b", "Its", text)
    if text[:1].isupper() or re.match(r"(?:sales|revenues?|its)\b", text, re.I):
        return text
    return "its " + text


# "serves automotive industry" reads as a slip: a singular collective needs its article.
_COLLECTIVE = re.compile(r"^(?:[a-z][\w-]*\s+){1,3}(?:industry|market|sector)$")


def _group(text: str) -> str:
    return "the " + text if _COLLECTIVE.match(text) else text


_THE = ("United States", "U.S.", "United Kingdom", "Middle East", "Asia Pacific")
_CHANNEL_TEXT = {
    "direct sales force": "its direct sales force",
    "stores": "its stores",
    "online": "online channels",
}


# Where each record sentence ranks against its area's weight when the paragraph is
# trimmed (higher is kept longer): totals and the segment list first, who buys the most,
# shares of the mix and financing balances, then the absence of a large customer; what
# it earns by and its services go first.
_TOTALS, _SEGMENTS, _CONCENTRATION, _SHARES, _FINANCING = 0.6, 0.5, 0.4, 0.3, 0.3
_NO_CUSTOMER, _EARNED_BY, _SERVICES = 0.2, -0.1, -0.2


def _products(w: Writer, bm: BusinessModel, area: Category, weight: float) -> None:
    company = bm.company
    if company is not None and company.description is not None:
        w.macro(
            area,
            "company_sentence",
            plain(company.description.text),
            fact_ids=company.description.fact_ids,
            priority=KEEP_ALWAYS,
            identity=1,
        )
    lines, brands = bm.products.lines[:5], bm.products.brands[:4]
    if lines or brands:
        w.macro(
            area,
            "products_sentence",
            [p.text for p in lines],
            [p.text for p in brands],
            fact_ids=_ids([*lines, *brands]),
            priority=weight,
        )
    services = bm.products.services[:3]
    _listed(w, area, "services_sentence", [p.text for p in services], services, weight + _SERVICES)


def _listed(
    w: Writer,
    area: Category,
    macro: str,
    words: list[str],
    values: Sequence[object],
    priority: float,
) -> None:
    """One record sentence listing ``words``, resting on the facts of ``values``."""
    if words:
        w.macro(area, macro, words, fact_ids=_ids(values), priority=priority)


def _customers(w: Writer, bm: BusinessModel, area: Category, weight: float) -> None:
    groups, markets = bm.customers.groups[:4], bm.customers.markets[:4]
    if groups or markets:
        w.macro(
            area,
            "customers_sentence",
            [_group(p.text) for p in groups],
            [_group(p.text) for p in markets],
            fact_ids=_ids([*groups, *markets]),
            priority=weight,
        )


def _channels(w: Writer, bm: BusinessModel, area: Category, weight: float) -> None:
    kinds, geo = bm.channels.kinds[:5], bm.channels.geography[:4]
    if kinds:
        places = list(
            dict.fromkeys(
                "the United States"
                if g.text in ("U.S.", "United States")
                else ("the " + g.text if g.text in _THE else g.text)
                for g in geo
            )
        )
        w.macro(
            area,
            "channels_sentence",
            [_CHANNEL_TEXT.get(k.kind, k.kind) for k in kinds],
            places,
            fact_ids=_ids([*kinds, *geo]),
            priority=weight,
        )
    for s in bm.channels.shares[:1]:
        if s.figures:
            _share(w, area, _who(s.channel), "represented", s.figures, s.fact_ids, weight + _SHARES)


def _revenue(w: Writer, bm: BusinessModel, area: Category, weight: float) -> None:
    if bm.revenue.totals:
        w.plain(
            area,
            "totals_sentence",
            [Measure(amount=t.amount, period=t.period) for t in bm.revenue.totals[:4]],
            fact_ids=_ids(bm.revenue.totals[:4]),
            priority=weight + _TOTALS,
        )
    shared = [s for s in bm.segments if s.shares]
    if len(bm.segments) > 1 and not shared:
        w.macro(
            area,
            "segments_sentence",
            [s.name for s in bm.segments[:6]],
            fact_ids=_ids(bm.segments[:6]),
            priority=weight + _SEGMENTS,
            identity=2,
        )
    if shared:
        _segment_shares(w, shared[:5], weight + _SHARES)
    for src in bm.revenue.sources[:2]:
        if src.figures:
            _share(
                w, area, _who(src.name), "generated", src.figures, src.fact_ids, weight + _SHARES
            )
    for c in bm.customers.concentration[:2]:
        if c.figures:
            _share(
                w,
                area,
                _who(c.who),
                "accounted for",
                c.figures,
                c.fact_ids,
                weight + _CONCENTRATION,
            )
    if bm.customers.no_customer_above_10_percent is not None:
        p = bm.customers.no_customer_above_10_percent
        base = "net sales" if "sales" in p.text.lower() else "revenue"
        low = p.text.lower()
        share = (
            "10% or more"
            if "or more" in low
            else "more than 10%"
            if re.search(r"exceed|more than|over|in excess", low)
            else "10%"
        )
        w.plain(
            area,
            "no_customer_sentence",
            share,
            base,
            fact_ids=p.fact_ids,
            priority=weight + _NO_CUSTOMER,
        )
    earned = bm.revenue.earned_by[:4]
    _listed(w, area, "earned_sentence", [k.kind for k in earned], earned, weight + _EARNED_BY)


def _financing(w: Writer, bm: BusinessModel, area: Category, weight: float) -> None:
    clauses, ids = [], []
    for item in bm.financing:
        if item.figures and item.kind in FINANCING_CLAUSE:
            clauses.append(_financing_clause(item.kind, item.figures[:4]))
            ids += item.fact_ids
    if clauses:
        w.macro(area, "financing_sentence", clauses[:3], fact_ids=ids, priority=weight + _FINANCING)


_BY_AREA: dict[Category, Callable[[Writer, BusinessModel, Category, float], None]] = {
    "products": _products,
    "customers": _customers,
    "channels": _channels,
    "revenue": _revenue,
    "financing": _financing,
}


def add_record_sentences(w: Writer, record: BusinessModel, area: Category, weight: float) -> None:
    """The record's sentences of one area, each ranked from ``weight``."""
    _BY_AREA[area](w, record, area, weight)


_BALANCES = frozenset(
    [
        "credit facility",
        "notes",
        "term loan",
        "commercial paper",
        "deposits",
        "stockholders' equity",
    ]
)


def _financing_clause(kind: str, figures: Sequence[Measure]) -> str:
    """ "paid $8.9 billion in dividends in fiscal 2024"; a balance is "at the end of" its
    period, a flow "in" it."""
    periods = {m.period for m in figures}
    if len(periods) == 1:
        (period,) = periods
        amounts = join_and([m.amount or "" for m in figures])
        clause = FINANCING_CLAUSE[kind].format(amounts)
        if period:
            clause += (" at the end of " if kind in _BALANCES else " in ") + period
        return clause
    return FINANCING_CLAUSE[kind].format(join_figures(figures))


def _share(
    w: Writer,
    area: Category,
    who: str,
    verb: str,
    figures: Sequence[Measure],
    fact_ids: Sequence[str],
    priority: float,
) -> None:
    """ "Its top four customers accounted for 83% of revenue in 2022 and 76% in 2021." """
    w.plain(
        area, "share_sentence", who, verb, figures, "revenue", fact_ids=fact_ids, priority=priority
    )


def _segment_shares(w: Writer, segments: Sequence[Segment], priority: float) -> None:
    """ "By segment, A accounted for 76% of revenue and B for 24% in fiscal 2023." """
    periods = {m.period for s in segments for m in s.shares[:1]}
    common = periods.pop() if len(periods) == 1 else None

    def share(s: Segment) -> str:
        m = s.shares[0]
        value = m.share or m.amount or ""
        return value if common or not m.period else f"{value} in {m.period}"

    items = [(s.name, share(s)) for s in segments]
    w.plain(
        "revenue",
        "segment_shares_sentence",
        items[0],
        items[1:],
        common,
        fact_ids=_ids(segments),
        priority=priority,
    )
