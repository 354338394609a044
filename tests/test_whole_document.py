"""Whole-document run on the embedded model (minutes on 2 cores): pytest -m slow."""

from __future__ import annotations

import pytest

from extractor.core.schema import CATEGORIES
from extractor.pipeline import summarize
from extractor.providers.router import open_llm

pytestmark = [pytest.mark.slow, pytest.mark.llm]


def test_sonim_whole_document(sonm_text: str):
    with open_llm() as backend:
        out = summarize(sonm_text, backend, name="SONM_2022_item1.txt")
    for fact in out.facts:
        for c in fact.citations:
            assert sonm_text[c.start : c.end] == c.quote
    assert out.summary.tokens <= 512
    covered = {f.category for f in out.facts if f.subject == "company"}
    assert len(covered) >= 4, covered
    assert {a.category for a in out.run.areas} == set(CATEGORIES)
    # The trap of the gold annotations: AT&T's FirstNet funding is not Sonim's financing.
    assert "$7 billion" not in out.summary.text
