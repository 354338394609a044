"""The area registry: every focus area described once, completely, in paragraph order."""

from __future__ import annotations

from dataclasses import fields

from extractor.core.areas import AREAS, PARAGRAPH_ORDER, AreaSpec
from extractor.core.schema import CATEGORIES, FactFields


def test_every_area_is_registered_in_paragraph_order():
    assert tuple(AREAS) == CATEGORIES == PARAGRAPH_ORDER
    assert all(spec.name == area for area, spec in AREAS.items())


def test_every_spec_says_everything_a_stage_asks_of_it():
    names = set(FactFields.model_fields)
    for spec in AREAS.values():
        assert all(getattr(spec, f.name) not in ("", None) for f in fields(AreaSpec))
        assert spec.name_field in names  # the field that holds the area's names
        assert spec.words and all(0 < w <= 2 for w in spec.words.values())
        assert spec.headings and 0 < spec.weight <= 1
