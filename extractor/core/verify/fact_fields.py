"""A verified fact's typed fields and weight, read by code from its cited span.

Amounts, percentages and periods are the figures of the cited span that the
statement states, as the source writes them; names are kept only where the span
has them. The weight orders facts when the paragraph runs out of room.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.core.areas import AREAS
from extractor.core.lexicon.words import IS_YEAR
from extractor.core.schema import Category, Fact, FactFields
from extractor.core.text.align import normalize
from extractor.core.text.figures import find_figures, unsupported_figures

# A fact's priority: the area's weight (``AreaSpec.weight``) times a base, plus shares
# for how high its passage ranked among the area's and for carrying an amount or a
# percentage.
_BASE, _RANKED, _FIGURED = 0.5, 0.3, 0.2


def fact_priority(area: Category, rank: float, max_rank: float, has_figures: bool) -> float:
    share = rank / max_rank if max_rank > 0 else 0
    return round(AREAS[area].weight * (_BASE + _RANKED * share + _FIGURED * has_figures), 4)


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
    setattr(fields, AREAS[area].name_field, list(dict.fromkeys(kept)))
    return fields


def number_facts(facts: list[Fact]) -> list[Fact]:
    counters: dict[str, int] = {}
    out = []
    for f in facts:
        counters[f.category] = counters.get(f.category, 0) + 1
        out.append(f.model_copy(update={"id": f"{f.category}-{counters[f.category]}"}))
    return out
