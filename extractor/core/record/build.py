"""The business-model record, built by code from the verified company facts.

No model call: every slot is read from the facts' cited spans (figures by
``figures.py``, phrases by generic patterns of 10-K prose, names from the
model's ``names`` already checked against the span). A phrase is kept only if
it occurs in its cited span (normalised: case, whitespace, quotes, dashes);
each value carries the ids of the facts it rests on. Classifications (how
revenue is earned, channel and financing kinds) use a fixed vocabulary of
10-K filings, never words of one document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.core.lexicon.vocabulary import (
    BUYING,
    CHANNEL_KINDS,
    EARNED_BY,
    FINANCING_KINDS,
    HEDGED,
    REGION,
    SELLING,
    VACUOUS,
)
from extractor.core.record.reading import (
    ACCOUNTED,
    CHANNEL_WORD,
    CUSTOMER_WORD,
    EARNS,
    MARKETS,
    NO_CUSTOMER,
    OFFER,
    PAYS_OUT,
    SERVES,
    SHARE_OF,
    TOTAL,
    Ids,
    asserted,
    classify,
    clean_name,
    figures_of,
    in_span,
    list_items,
    measures_in,
    owner_of,
    read_description,
    short_name,
    span_of,
    subject_right_before,
)
from extractor.core.schema import (
    BusinessModel,
    ChannelShare,
    Company,
    Concentration,
    Fact,
    Financing,
    Measure,
    Phrase,
    RevenueSource,
    Segment,
    Total,
)
from extractor.core.text.align import normalize
from extractor.core.text.clauses import negated
from extractor.core.text.company import company_head, own_units
from extractor.core.text.figures import find_figures
from extractor.core.text.topics import on_topic as is_on_topic

_BUYER = re.compile(
    r"(?:an? |the |our |its )?(?:customers?|clients?|users?|consumers?|partners?|buyers?)", re.I
)


_PAY = re.compile(r"\b(?:pay|pays|paid)\b", re.I)


def _paid_out(window: str, company: str, units: Sequence[str]) -> bool:
    """The company pays it ("AbbVie pays a fee ... to government programs", "the Utility
    pays annual fees to the cities"), and not to itself ("pays royalties to us")."""
    pay = _PAY.search(window)
    payer = PAYS_OUT.search(window) or (
        pay is not None and subject_right_before(window[: pay.start()], company, units)
    )
    head = company_head(company)
    own = rf"|{re.escape(head)}" if head else ""
    return bool(payer) and re.search(rf"\bto\s+(?:us|the company{own})\b", window, re.I) is None


_PER_UNIT = re.compile(r"\s+per\s+(?:common\s+|preferred\s+)?(?:share|unit)\b", re.I)


def build_business_model(
    facts: Sequence[Fact], company: str = "the company", source: str = ""
) -> BusinessModel:
    """The record of the company's verified facts (third parties' facts never enter it);
    with the ``source`` text, a fact from an off-topic section is left out too."""
    own = [f for f in facts if f.subject == "company"]
    on_topic = [f for f in own if is_on_topic(f, source)]
    name = company if company and company.lower() != "the company" else "the company"
    short = short_name(name)
    opens = re.compile(r"(?:^|[.;]\s+)" + re.escape(short) + r"\b")
    if short != "The company" and not any(
        opens.search(f.statement) or opens.search(span_of(f)) for f in own
    ):
        short = "The company"  # the first entity of the text is not what its facts call it
    record = BusinessModel(
        company=Company(name=name, short_name=short, description=read_description(on_topic, name))
    )
    segments: dict[str, Segment] = {}
    sources: dict[str, RevenueSource] = {}
    concentration: dict[str, Concentration] = {}
    channel_shares: dict[str, ChannelShare] = {}
    totals: dict[str, Total] = {}
    earned, groups, markets = Ids(), Ids(), Ids()
    lines, brands, services = Ids(), Ids(), Ids()
    channel_kinds, geography = Ids(), Ids()
    financing: dict[str, Financing] = {}
    head = company_head(name)
    units = own_units(source)

    for f in on_topic:
        span = span_of(f)
        # Shares of revenue: who or what they belong to decides the slot.
        for m in list(ACCOUNTED.finditer(span)) + list(SHARE_OF.finditer(span)):
            who = m.groupdict().get("who") or m.groupdict().get("src") or ""
            raw = who
            who = clean_name(who)
            shares = figures_of(m["figs"], "percent")
            if not who or not shares or not in_span(who, span) or negated(span, m.start("figs")):
                continue  # "No single customer accounted for more than 10%" is no share
            measures = measures_in(span, shares, "percent")
            key = normalize(who).strip()
            # "our new tablet product that had only one customer" is a product.
            if CUSTOMER_WORD.search(re.split(r"\s+(?:that|which|who)\b", raw)[0]):
                item = concentration.setdefault(key, Concentration(who=who, fact_ids=[f.id]))
            elif CHANNEL_WORD.search(who):
                item = channel_shares.setdefault(key, ChannelShare(channel=who, fact_ids=[f.id]))
            elif re.search(r"\bsegments?\b", span, re.I) or who[:1].isupper():
                item = segments.setdefault(key, Segment(name=who, fact_ids=[f.id]))
            else:
                item = sources.setdefault(key, RevenueSource(name=who, fact_ids=[f.id]))
            if f.id not in item.fact_ids:
                item.fact_ids.append(f.id)
            existing = item.shares if isinstance(item, Segment) else item.figures
            for ms in measures:
                if ms not in existing:
                    existing.append(ms)
        m = NO_CUSTOMER.search(span)
        if m and record.customers.no_customer_above_10_percent is None:
            record.customers.no_customer_above_10_percent = Phrase(text=m[0], fact_ids=[f.id])
        t = TOTAL.search(span)
        if t and asserted(span, t.start(), t.end(), head):
            amounts = [
                x.text for x in find_figures(span[t.end() - 1 : t.end() + 80]) if x.kind == "amount"
            ][:3]
            for ms in measures_in(span, amounts, "amount"):
                key = f"{ms.amount}|{ms.period}"
                totals.setdefault(
                    key, Total(amount=ms.amount or "", period=ms.period, fact_ids=[f.id])
                )
                if f.id not in totals[key].fact_ids:
                    totals[key].fact_ids.append(f.id)
        if (
            f.category == "revenue"
            and f.fields.segments
            and re.search(r"\bsegments?\b", span, re.I)
        ):
            for n in f.fields.segments:
                if n[:1].isupper() and in_span(n, span):
                    seg = segments.setdefault(
                        normalize(n).strip(), Segment(name=n, fact_ids=[f.id])
                    )
                    if f.id not in seg.fact_ids:
                        seg.fact_ids.append(f.id)
        if f.category == "revenue" and EARNS.search(span) and not HEDGED.search(span):
            for kind, at, _end in classify(EARNED_BY, span, head, payers=True):
                window = span[max(0, at - 40) : at + 40]
                # "AbbVie pays a fee ... to government programs", "the Utility pays annual
                # fees to the cities": paid to others, not earned; "pays royalties to us" is.
                if kind in ("royalties", "fees") and _paid_out(window, company, units):
                    continue
                earned.add(kind, f.id)
        if f.category == "products":
            branded = re.search(r"\bbrands?\b|™|®", span, re.I)
            for n in f.fields.products:
                if REGION.fullmatch(n) or not in_span(n, span) or VACUOUS.search(n):
                    continue
                if _BUYER.fullmatch(n.strip()):
                    continue  # "a data device that we developed for a customer": who buys
                if n[:1].isupper():
                    if branded:
                        brands.add(n, f.id)
                else:
                    lines.add(n, f.id)
        # What it offers, in whichever area the model noted it.
        for m in OFFER.finditer(span) if f.category in ("products", "revenue") else ():
            if not subject_right_before(span[max(0, m.start() - 60) : m.start()], company):
                continue
            for item in list_items(m["list"]):
                if in_span(item, span):
                    (services if re.search(r"\bservices?\b", item, re.I) else lines).add(item, f.id)
        if f.category == "customers":
            for n in f.fields.customers:
                if in_span(n, span) and not REGION.fullmatch(n):
                    groups.add(n, f.id)
            for m in MARKETS.finditer(span):
                if not asserted(span, m.start(), m.end(), head):
                    continue
                for item in list_items(m["list"]):
                    if in_span(item, span):
                        markets.add(item, f.id)
            for m in SERVES.finditer(span):
                serves = re.match(r"serv", m[0], re.I)
                if serves and not subject_right_before(
                    span[max(0, m.start() - 60) : m.start()], company
                ):
                    continue  # "Acme Ground serves ...": a part of the company, not all of it
                if negated(span, m.start(), m.end()):
                    continue  # "we do not sell to consumers"
                for item in list_items(m["list"]):
                    if in_span(item, span) and not REGION.fullmatch(item):
                        groups.add(item, f.id)
        if f.category in ("channels", "products") and not (
            BUYING.search(span) and not SELLING.search(span)
        ):
            # "sold in stores and online" under products is still how it reaches buyers.
            for kind, _at, _end in classify(CHANNEL_KINDS, span, head):
                if f.category == "channels" or kind in ("stores", "online"):
                    channel_kinds.add(kind, f.id)
        if f.category == "channels" and not (BUYING.search(span) and not SELLING.search(span)):
            # Where it buys ("purchases gas from producers in Canada") is not where it sells.
            for m in REGION.finditer(span):
                if asserted(span, m.start(), m.end(), head):
                    geography.add(m[0], f.id)
        if f.category == "financing":
            kinds = classify(FINANCING_KINDS, span, head)
            # "$0.65 per share" is a rate, not an amount paid or raised.
            amounts = [
                x
                for x in find_figures(span)
                if x.kind == "amount" and not _PER_UNIT.match(span, x.end)
            ]
            for kind, _at, _end in kinds:
                item = financing.setdefault(kind, Financing(kind=kind, fact_ids=[f.id]))
                if f.id not in item.fact_ids:
                    item.fact_ids.append(f.id)
                mine = [a.text for a in amounts if owner_of(span, a, kinds) == kind]
                for ms in measures_in(span, mine, "amount"):
                    if ms not in item.figures:
                        item.figures.append(ms)

    record.segments = list(segments.values())
    record.revenue.totals = list(totals.values())
    record.revenue.sources = list(sources.values())
    record.revenue.earned_by = earned.kinds()
    record.customers.groups = groups.phrases()
    record.customers.markets = markets.phrases()
    record.customers.concentration = list(concentration.values())
    record.products.lines = lines.phrases(8)
    record.products.brands = brands.phrases()
    record.products.services = services.phrases(4)
    kinds = channel_kinds.kinds()
    if any(k.kind == "direct sales force" for k in kinds):
        kinds = [k for k in kinds if k.kind != "direct sales"]  # said by the sales force
    record.channels.kinds = kinds
    record.channels.geography = geography.phrases(8)
    record.channels.shares = list(channel_shares.values())
    record.financing = list(financing.values())
    return record


RecordItem = tuple[str, str, str, list[Measure], list[str]]


def record_items(bm: BusinessModel) -> list[RecordItem]:
    """The record flattened: (area, slot, label, figures, fact ids) per value."""
    items: list[RecordItem] = []
    if bm.company is not None:
        c = bm.company
        items += [
            ("company", "name", c.name, [], []),
            ("company", "short_name", c.short_name, [], []),
        ]
        if c.description is not None:
            items.append(("company", "description", c.description.text, [], c.description.fact_ids))
    items += [("segments", "segments", s.name, s.shares, s.fact_ids) for s in bm.segments]
    r = bm.revenue
    items += [
        ("revenue", "totals", t.amount, [Measure(amount=t.amount, period=t.period)], t.fact_ids)
        for t in r.totals
    ]
    items += [("revenue", "sources", s.name, s.figures, s.fact_ids) for s in r.sources]
    items += [("revenue", "earned_by", k.kind, [], k.fact_ids) for k in r.earned_by]
    cu = bm.customers
    items += [("customers", "groups", p.text, [], p.fact_ids) for p in cu.groups]
    items += [("customers", "markets", p.text, [], p.fact_ids) for p in cu.markets]
    items += [
        ("customers", "concentration", c.who, c.figures, c.fact_ids) for c in cu.concentration
    ]
    if cu.no_customer_above_10_percent is not None:
        p = cu.no_customer_above_10_percent
        items.append(("customers", "no_customer_above_10_percent", p.text, [], p.fact_ids))
    pr = bm.products
    for slot, phrases in (("lines", pr.lines), ("brands", pr.brands), ("services", pr.services)):
        items += [("products", slot, p.text, [], p.fact_ids) for p in phrases]
    ch = bm.channels
    items += [("channels", "kinds", k.kind, [], k.fact_ids) for k in ch.kinds]
    items += [("channels", "geography", p.text, [], p.fact_ids) for p in ch.geography]
    items += [("channels", "shares", s.channel, s.figures, s.fact_ids) for s in ch.shares]
    items += [("financing", "financing", f.kind, f.figures, f.fact_ids) for f in bm.financing]
    return items
