"""The pipeline against the real embedded model: grounding and schema, not wording."""

from __future__ import annotations

import pytest

from extractor.config import ReadingBudget, RunConfig
from extractor.core.schema import CATEGORIES, Output
from extractor.core.text.figures import unsupported_figures
from extractor.pipeline import summarize
from extractor.providers.router import open_llm

pytestmark = pytest.mark.llm


def _excerpt(text: str) -> str:
    """A short real excerpt: the overview paragraph and the revenue/customer figures."""
    start = text.index("We are a leading provider")
    overview = text[start : text.index("Our devices and accessories connect", start)]
    a = text.index("In the years ended December 31, 2022 and 2021, approximately 83%")
    figures = text[a : text.index("For the years ended December 31, 2022 and 2021, our net", a)]
    return overview + "\n" + figures


@pytest.fixture(scope="module")
def local_output(sonm_text: str) -> tuple[str, Output]:
    source = _excerpt(sonm_text)
    with open_llm() as backend:
        # A narrow pool keeps this test short: it is about grounding, not recall.
        config = RunConfig(per_area=3, batch_size=3, reading=ReadingBudget(2))
        out = summarize(source, backend, config, name="excerpt")
    return source, out


def test_every_citation_is_byte_exact(local_output):
    source, out = local_output
    assert out.facts, "the model produced no verified fact on a fact-dense excerpt"
    for fact in out.facts:
        for c in fact.citations:
            assert source[c.start : c.end] == c.quote


def test_every_figure_is_in_its_cited_quotes(local_output):
    _, out = local_output
    for fact in out.facts:
        quotes = [c.quote for c in fact.citations]
        assert unsupported_figures(fact.statement, quotes) == []
        for value in (*fact.fields.amounts, *fact.fields.percentages, *fact.fields.periods):
            assert any(value in q for q in quotes)


def test_output_matches_the_contract(local_output):
    _, out = local_output
    again = Output.model_validate_json(out.model_dump_json())
    assert again == out
    assert {f.category for f in out.facts} <= set(CATEGORIES)
    assert out.run.backend == "local" and out.run.llm_calls >= 1
    assert out.run.prompt_tokens > 0 and out.run.completion_tokens > 0
    triage = out.run.reading.triage_calls
    assert sum(a.llm_calls for a in out.run.areas) + triage == out.run.llm_calls


def test_the_model_triages_every_pooled_passage(local_output):
    source, out = local_output
    reading = out.run.reading
    assert reading.mode == "triage" and reading.triage_calls == reading.pool > 0
    assert len(reading.passages) == reading.pool
    # The sentence introducing a product is filed by its label under products (or revenue,
    # which it also speaks of), not under none.
    launch = source.index("we introduced a tablet product")
    held = [p for p in reading.passages if p.start <= launch < p.end]
    assert held and set(held[0].labelled) & {"products", "revenue"}


def test_paragraph_is_traceable_and_within_cap(local_output):
    _, out = local_output
    s = out.summary
    assert "\n" not in s.text and s.tokens <= s.token_cap == 512
    ids = {f.id for f in out.facts if f.subject == "company"}
    for sentence in s.sentences:
        assert sentence.text in s.text
        assert set(sentence.fact_ids) <= ids
        assert sentence.fact_ids or sentence.not_disclosed
