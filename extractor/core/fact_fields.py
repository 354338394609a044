"""A verified fact's typed fields and weight, read by code from its cited span.

Amounts, percentages and periods are the figures of the cited span that the
statement states, as the source writes them; names are kept only where the span
has them. The weight orders facts when the paragraph runs out of room.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.core.align import normalize
from extractor.core.figures import find_figures, unsupported_figures
from extractor.core.schema import Category, Fact, FactFields
from extractor.core.wordlists import IS_YEAR

NAME_FIELD: dict[Category, str] = {
    "revenue": "segments",
    "customers": "customers",
    "products": "products",
    "channels": "channels",
    "financing": "financing_kinds",
}
# Base weight of each area in the paragraph: what the company sells and how it
# earns money lead; financing details are the first to go when space runs out.
AREA_WEIGHT: dict[Category, float] = {
    "products": 1.0,
    "revenue": 1.0,
    "customers": 0.9,
    "channels": 0.8,
    "financing": 0.7,
}

# A fact's priority: the area's weight times a base, plus shares for how high its
# passage ranked among the area's and for carrying an amount or a percentage.
_BASE, _RANKED, _FIGURED = 0.5, 0.3, 0.2


def fact_priority(area: Category, rank: float, max_rank: float, has_figures: bool) -> float:
    share = rank / max_rank if max_rank > 0 else 0
    return round(AREA_WEIGHT[area] * (_BASE + _RANKED * share + _FIGURED * has_figures), 4)


def typed_fields(area: Category, cited: str, names: Sequence[str], statement: str) -> FactFields:
    """Figures as the source writes them, those of the cited span the statement states."""
    amounts, percentages, periods = [], [], []
    for fig in find_figures(cited):
        # The cited passage may hold other figures than this fact's.
        if unsupported_figures(fig.text, statement):
            continue
        if fig.kind == "percent":
            percentages.append(fig.text)
        elif fig.kind == "amount":
            amounts.append(fig.text)
        elif IS_YEAR.match(fig.value):
            periods.append(fig.text)
    cited_norm = normalize(cited)
    kept = [n.strip() for n in names if n.strip() and normalize(n.strip()) in cited_norm]
    fields = FactFields(
        amounts=list(dict.fromkeys(amounts)),
        percentages=list(dict.fromkeys(percentages)),
        periods=list(dict.fromkeys(periods)),
    )
    setattr(fields, NAME_FIELD[area], list(dict.fromkeys(kept)))
    return fields


def number_facts(facts: list[Fact]) -> list[Fact]:
    counters: dict[str, int] = {}
    out = []
    for f in facts:
        counters[f.category] = counters.get(f.category, 0) + 1
        out.append(f.model_copy(update={"id": f"{f.category}-{counters[f.category]}"}))
    return out
