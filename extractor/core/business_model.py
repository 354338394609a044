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
from collections.abc import Iterable, Sequence

from extractor.core.align import normalize
from extractor.core.figures import Figure, find_figures
from extractor.core.schema import (
    BusinessModel,
    ChannelShare,
    Company,
    Concentration,
    Fact,
    Financing,
    Kind,
    Measure,
    Phrase,
    RevenueSource,
    Segment,
    Total,
)
from extractor.core.topics import off_topic
from extractor.core.vocabulary import (
    CHANNEL_KINDS,
    EARNED_BY,
    FINANCING_KINDS,
    LINK,
    LINK_AFTER,
    REGION,
    VACUOUS,
)

_LEGAL = re.compile(
    r",?\s+(?:Inc\.?|INC\.?|Incorporated|Corporation|CORPORATION|Corp\.?|CORP\.?|plc|PLC"
    r"|Company|COMPANY|Co\.|CO\.|Ltd\.?|LTD\.?|Limited|N\.V\.|S\.A\.|LLC|L\.P\.|SE|AG)$"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_AMOUNT_TEXT = re.compile(r"(?:US)?\$\s?[\d.,]+(?:\s?(?:thousand|million|billion|trillion))?", re.I)


def short_name(name: str) -> str:
    """ "Sonim Technologies, Inc." -> "Sonim Technologies"; "The Boeing Company" -> "Boeing"."""
    name = " ".join(name.split())
    short = _LEGAL.sub("", name).strip(" ,")
    if not short or short.lower() in ("the", "the company"):
        return "The company"
    if short.isupper() and len(short) > 5:
        short = short.title()
    words = short.split()
    if words[0].lower() == "the" and len(words) == 2:
        short = words[1]
    return short


def in_span(phrase: str, span: str) -> bool:
    p = normalize(phrase).strip()
    return bool(p) and p in normalize(span)


def _span(fact: Fact) -> str:
    return " ".join(c.quote for c in fact.citations)


def _periods(span: str) -> list[str]:
    out = []
    for f in find_figures(span):
        if f.kind == "number" and _YEAR.match(f.value):
            fiscal = re.search(r"(?:fiscal(?: year)?|FY)\s*$", span[: f.start], re.I)
            out.append(span[fiscal.start() : f.end] if fiscal else f.text)
    return list(dict.fromkeys(out))


_QUALIFIER = re.compile(
    r"(?:approximately|about|over|more than|less than|nearly|almost|up to)\s+$", re.I
)


def _qualified(span: str, figure: str) -> str:
    """ "over 53%" as the span writes it: the qualifier is part of the value."""
    at = span.find(figure)
    q = _QUALIFIER.search(span[max(0, at - 14) : at]) if at >= 0 else None
    return (q[0] + figure) if q and in_span(q[0] + figure, span) else figure


def _measures(span: str, figures: Sequence[str], kind: str) -> list[Measure]:
    """Figures paired with periods: "83% and 76% ... 2022 and 2021, respectively"."""
    figures = [_qualified(span, f) if len(figures) == 1 else f for f in figures]
    periods = _periods(span)
    paired = len(periods) == len(figures) > 1 and re.search(r"\brespectively\b", span, re.I)
    out = []
    for i, fig in enumerate(figures):
        period = periods[i] if paired else (periods[0] if len(periods) == 1 else None)
        if kind == "percent":
            out.append(Measure(share=fig, period=period))
        else:
            out.append(Measure(amount=fig, period=period))
    return out


def _figs(text: str, kind: str) -> list[str]:
    return list(dict.fromkeys(f.text for f in find_figures(text) if f.kind == kind))


_FIRST = re.compile(r"\b(?:our|its|the company's|the)\s+", re.I)


def _clean_name(text: str) -> str:
    text = re.sub(r"^.*\b(?:In|For|During)\b[^,]*,\s*", "", text.strip())
    text = re.sub(r"^.*\((?:including|such as|of which)\s+|^(?:including|such as)\s+", "", text)
    text = re.sub(r"^(?:approximately|about)\s+", "", text, flags=re.I)
    text = _FIRST.sub("", text, count=1) if _FIRST.match(text) else text
    # "customers Arrow Electronics, Inc. and ..." -> the names.
    text = re.sub(r"^(?:customers?|clients?)\s+(?=[A-Z])", "", text)
    text = re.split(r"\s+(?:that|which|who|whose|where|in (?:fiscal|the year)|during)\b", text)[0]
    return text.strip(" ,.;:")


_REVENUE = r"(?:total |net |consolidated |annual )*(?:net )?(?:revenues?|net sales|sales)"
_SHARE_OF = re.compile(
    r"(?P<figs>\d[\d.,]*\s?%(?:(?:,|,? and)\s+\d[\d.,]*\s?%)*)[^.;%]{0,30}?\bof\s+"
    r"(?:our |its |the company'?s |the company’s )?" + _REVENUE + r"\b"
    r"(?:\s+(?:\w+\s+){0,3}?(?:were|was|came|come|is|are)?\s*(?:derived\s+|generated\s+)?from\s+"
    r"(?P<src>[^,.;]{3,80}))?",
    re.I,
)
_ACCOUNTED = re.compile(
    r"(?P<who>[\w&’'.,\- ]{3,80}?)\s+(?:accounted for|accounting for|represented|representing"
    r"|contributed|contributing|generated|generating|comprised)"
    r"\s+(?:approximately |about |over |more than )?"
    r"(?P<figs>\d[\d.,]*\s?%(?:(?:,|,? and)\s+\d[\d.,]*\s?%)*)\s+of\s+(?:our |its |the )?"
    + _REVENUE,
    re.I,
)
_NO_CUSTOMER = re.compile(
    r"(?:\bno\s+(?:single\s+|one\s+)?customer|not\s+have\s+(?:sales\s+to\s+)?(?:a|any)\s+"
    r"(?:single\s+)?customer|no\s+(?:individual|single)\s+customer)[^.;]{0,80}?"
    r"(?:10\s?%|ten percent)[^.;]{0,40}?(?P<rev>revenues?|net sales|sales)",
    re.I,
)
_TOTAL = re.compile(
    r"(?:total |net |consolidated )*(?:revenues?|net sales)\s+(?:\w+\s+){0,2}?"
    r"(?:was|were|of|totaled|totalled|amounted to|reached)\s+(?:approximately\s+)?\$",
    re.I,
)
_DESCRIPTION = re.compile(r"\b(?:is|are)\s+(?P<d>(?:a|an|the|one of the)\s[^.;:]{5,200})", re.I)
_DESC_CUT = re.compile(
    r",\s+(?:which|that|and\s+(?:we|it|our)|with|whose|where|through)\b|\s+(?:that|which)\s", re.I
)

_CUSTOMER_WORD = re.compile(r"\b(?:customers?|clients?|largest|top \w+)\b", re.I)
_CHANNEL_WORD = re.compile(
    r"\b(?:channels?|distributors?|resellers?|indirect|direct sales|online|e-commerce)\b", re.I
)

_PAYS_OUT = re.compile(
    r"\b(?:we|it|the company)\s+(?:\w+\s+)?(?:pay|pays|paid)\b|\b(?:require|obligat\w*)\b[^.]{0,40}"
    r"\b(?:payments?|pay)\b|\bpayments?\b",
    re.I,
)
_EARNS = re.compile(r"\b(?:revenues?|sales|income|earn\w*|receiv\w*|pays?\b[^.]{0,60}\bto\b)", re.I)


class _Ids:
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


def _list_items(text: str) -> list[str]:
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
            r"\b(?:we|our|ours|us|ourselves)\b", item, re.I
        ):
            continue
        items.append(item.strip(" ."))
    return items


_OFFER = re.compile(
    r"\b(?:offers?|sells?|provides?|produces?|manufactures?|designs?|develops?)\s+"
    r"(?:a (?:wide|broad|full|diverse|unique) (?:assortment|range|portfolio|variety|array)"
    r" of\s+|products such as\s+)?(?P<list>[^.;:]{3,300})",
    re.I,
)
_MARKETS = re.compile(
    r"\b(?:markets?|industries|sectors|verticals)(?:\s+(?:include|including|such as)|:)\s+"
    r"(?P<list>[^.;]{3,300})",
    re.I,
)
_SERVES = re.compile(
    r"\b(?:serves?|serving|sells? (?:\w+ ){0,4}?to|customers (?:include|are|range from)"
    r"|customer (?:base|groups?) (?:includes?|consists? of|of))\s+(?P<list>[^.;:]{3,200})",
    re.I,
)


def _company_subject(before: str, company: str) -> bool:
    head = short_name(company).split()[-1].lower() if company else ""
    low = before.lower()
    return bool(re.search(r"\b(?:we|the company)\b", low)) or (bool(head) and head in low)


def _subject_right_before(before: str, company: str) -> bool:
    """ "We (also) offer", "Acme provides": the company itself is the one that offers."""
    names = [r"[Ww]e", r"[Tt]he Company", r"[Ii]t"]
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
    return re.search(r"(?:^|[.;:]\s+|\n)\s*(?:" + "|".join(names) + ")" + tail, before) is not None


def _description(facts: Sequence[Fact], company: str) -> Phrase | None:
    for f in facts:
        for c in f.citations:
            m = _DESCRIPTION.search(c.quote)
            if not m or m.start() > 160 or not _names_company(c.quote[: m.start()], company):
                continue
            text = _DESC_CUT.split(m["d"])[0].strip(" ,")
            if 3 <= len(text.split()) <= 30 and in_span(text, c.quote):
                return Phrase(text=text, fact_ids=[f.id])
    return None


def _classify(kinds: Iterable[tuple[str, str]], span: str) -> list[tuple[str, int, int]]:
    found = []
    for name, pattern in kinds:
        m = re.search(pattern, span, re.I if name not in ("OEMs",) else 0)
        if m:
            found.append((name, m.start(), m.end()))
    return found


def _owner(span: str, amount: Figure, kinds: list[tuple[str, int, int]]) -> str | None:
    """The financing kind an amount is of: named just before it ("deposits of $1.4
    trillion", "net loss was $14.1 million and $38.6 million") or just after it through a
    preposition ("$8.9 billion ... in the form of cash dividends"); else none."""

    def close(gap: str, words: frozenset[str]) -> bool:
        gap = _AMOUNT_TEXT.sub(" ", re.sub(r"\([^)]*\)", " ", gap))
        return all(w in words or _YEAR.match(w) for w in re.findall(r"[\w’']+", gap.lower()))

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


def build_business_model(facts: Sequence[Fact], company: str = "the company") -> BusinessModel:
    """The record of the company's verified facts (third parties' facts never enter it)."""
    own = [f for f in facts if f.subject == "company"]
    on_topic = [f for f in own if not off_topic(_span(f)) and not off_topic(f.statement)]
    name = company if company and company.lower() != "the company" else "the company"
    short = short_name(name)
    opens = re.compile(r"(?:^|[.;]\s+)" + re.escape(short) + r"\b")
    if short != "The company" and not any(
        opens.search(f.statement) or opens.search(_span(f)) for f in own
    ):
        short = "The company"  # the first entity of the text is not what its facts call it
    record = BusinessModel(
        company=Company(name=name, short_name=short, description=_description(on_topic, name))
    )
    segments: dict[str, Segment] = {}
    sources: dict[str, RevenueSource] = {}
    concentration: dict[str, Concentration] = {}
    channel_shares: dict[str, ChannelShare] = {}
    totals: dict[str, Total] = {}
    earned, groups, markets = _Ids(), _Ids(), _Ids()
    lines, brands, services = _Ids(), _Ids(), _Ids()
    channel_kinds, geography = _Ids(), _Ids()
    financing: dict[str, Financing] = {}

    for f in on_topic:
        span = _span(f)
        # Shares of revenue: who or what they belong to decides the slot.
        for m in list(_ACCOUNTED.finditer(span)) + list(_SHARE_OF.finditer(span)):
            who = m.groupdict().get("who") or m.groupdict().get("src") or ""
            raw = who
            who = _clean_name(who)
            shares = _figs(m["figs"], "percent")
            if not who or not shares or not in_span(who, span):
                continue
            measures = _measures(span, shares, "percent")
            key = normalize(who).strip()
            # "our new tablet product that had only one customer" is a product.
            if _CUSTOMER_WORD.search(re.split(r"\s+(?:that|which|who)\b", raw)[0]):
                item = concentration.setdefault(key, Concentration(who=who, fact_ids=[f.id]))
            elif _CHANNEL_WORD.search(who):
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
        m = _NO_CUSTOMER.search(span)
        if m and record.customers.no_customer_above_10_percent is None:
            record.customers.no_customer_above_10_percent = Phrase(text=m[0], fact_ids=[f.id])
        t = _TOTAL.search(span)
        if t:
            amounts = [
                x.text for x in find_figures(span[t.end() - 1 : t.end() + 80]) if x.kind == "amount"
            ][:3]
            for ms in _measures(span, amounts, "amount"):
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
        if f.category == "revenue" and _EARNS.search(span):
            for kind, at, _end in _classify(EARNED_BY, span):
                window = span[max(0, at - 40) : at + 40]
                if (
                    kind in ("royalties", "fees")
                    and _PAYS_OUT.search(window)
                    and not re.search(
                        r"\bto\s+(?:us|the company)\b|\bpays?\b[^.]{0,60}\bto\b", window, re.I
                    )
                ):
                    continue
                earned.add(kind, f.id)
        if f.category == "products":
            branded = re.search(r"\bbrands?\b|™|®", span, re.I)
            for n in f.fields.products:
                if REGION.fullmatch(n) or not in_span(n, span) or VACUOUS.search(n):
                    continue
                if n[:1].isupper():
                    if branded:
                        brands.add(n, f.id)
                else:
                    lines.add(n, f.id)
        # What it offers, in whichever area the model noted it.
        for m in _OFFER.finditer(span) if f.category in ("products", "revenue") else ():
            if not _subject_right_before(span[max(0, m.start() - 60) : m.start()], company):
                continue
            for item in _list_items(m["list"]):
                if in_span(item, span):
                    (services if re.search(r"\bservices?\b", item, re.I) else lines).add(item, f.id)
        if f.category == "customers":
            for n in f.fields.customers:
                if in_span(n, span) and not REGION.fullmatch(n):
                    groups.add(n, f.id)
            for m in _MARKETS.finditer(span):
                for item in _list_items(m["list"]):
                    if in_span(item, span):
                        markets.add(item, f.id)
            for m in _SERVES.finditer(span):
                serves = re.match(r"serv", m[0], re.I)
                if serves and not _subject_right_before(
                    span[max(0, m.start() - 60) : m.start()], company
                ):
                    continue  # "Acme Ground serves ...": a part of the company, not all of it
                for item in _list_items(m["list"]):
                    if in_span(item, span) and not REGION.fullmatch(item):
                        groups.add(item, f.id)
        if f.category in ("channels", "products"):
            # "sold in stores and online" under products is still how it reaches buyers.
            for kind, _at, _end in _classify(CHANNEL_KINDS, span):
                if f.category == "channels" or kind in ("stores", "online"):
                    channel_kinds.add(kind, f.id)
        if f.category == "channels":
            for m in REGION.finditer(span):
                geography.add(m[0], f.id)
        if f.category == "financing":
            kinds = _classify(FINANCING_KINDS, span)
            amounts = [x for x in find_figures(span) if x.kind == "amount"]
            for kind, _at, _end in kinds:
                item = financing.setdefault(kind, Financing(kind=kind, fact_ids=[f.id]))
                if f.id not in item.fact_ids:
                    item.fact_ids.append(f.id)
                mine = [a.text for a in amounts if _owner(span, a, kinds) == kind]
                for ms in _measures(span, mine, "amount"):
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
    record.channels.kinds = channel_kinds.kinds()
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
