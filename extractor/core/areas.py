"""The focus areas of a business model, each described once (``AreaSpec``).

Everything a stage needs to know of an area lives here: the words that signal it in a
sentence and in a section heading (``select``), what the model is asked to note and
name (``prompts``, ``verify.drafts``), which fact field holds its names and how much a
fact of it weighs (``verify.fact_fields``, the paragraph), how the paragraph and the
audit page name it. The areas are listed in the paragraph's order. The words are the
generic vocabulary of 10-K Item 1 prose (stems matched at the start of a word), never
words of one filing. The registry is data, ``areas.json``; ``AreaSpec`` says what each
field means.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from extractor.core.schema import Category


@dataclass(frozen=True)
class AreaSpec:
    name: Category
    title: str  # a heading on the audit page
    label: str  # in the paragraph: "It does not disclose its sources of revenue."
    focus: str  # what the model is told the area is
    names_label: str  # what the model's "names" are for this area
    name_field: str  # the FactFields list that holds those names
    # Base weight of a fact of the area in the paragraph: what the company sells and how
    # it earns money lead; financing details are the first to go when space runs out.
    weight: float
    # Stems (prefix match) that signal the area in a sentence: 2 strong, 1 weak.
    words: dict[str, float] = field(repr=False)
    # Stems that make a section heading the area's.
    headings: tuple[str, ...] = ()
    # Shares and counts carry the mix here ("77% of net revenues through indirect
    # channels", "over 780 branch locations"); product text has model numbers.
    ranks_figures: bool = False


def _load() -> dict[Category, AreaSpec]:
    """The registry, from ``areas.json`` beside this module, in the paragraph's order."""
    data = json.loads(Path(__file__).with_name("areas.json").read_text(encoding="utf-8"))
    return {
        area: AreaSpec(
            name=area, **{**spec, "words": dict(spec["words"]), "headings": tuple(spec["headings"])}
        )
        for area, spec in data.items()
    }


AREAS: dict[Category, AreaSpec] = _load()
# The paragraph says the areas in this order.
PARAGRAPH_ORDER: tuple[Category, ...] = tuple(AREAS)
