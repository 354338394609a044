"""Per-area calls with canned answers through the backend's ``transport=`` seam.

The answers are scripted by ``httpx.MockTransport``; everything else is real:
the OpenAI and instructor clients, the grounding validator and its re-ask,
verification of what comes back. Faults that need real sockets (timeouts,
Retry-After waits, refused connections) are in tests/providers/test_faults.py.
"""

from __future__ import annotations

import itertools
import json

import httpx2 as httpx
import pytest

from extractor.config import RunConfig
from extractor.errors import TokenBudgetError
from extractor.pipeline import summarize
from extractor.providers.openai_compatible import OpenAICompatible
from tests.providers.canned import (
    completion,
    is_triage,
    no_label,
    passages,
    quoting_first_passage,
)

CUT_OFF = '{"facts": [{"quote": "We are a leading provider of rugged'
CONFIG = RunConfig(per_area=3, batch_size=3)


@pytest.fixture(scope="module")
def excerpt(sonm_text: str) -> str:
    return sonm_text[:3000]


class Script:
    """A MockTransport handler that records what it was asked."""

    def __init__(self, answer) -> None:
        self.answer = answer
        self.asked: list[tuple[str, ...]] = []
        self.bodies: list[dict] = []
        self.triaged = 0  # triage requests, answered without a label

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if is_triage(request):
            self.triaged += 1
            return no_label()
        self.asked.append(tuple(passages(request)))
        self.bodies.append(json.loads(request.content))
        return self.answer(request)


def _run(script: Script, text: str, config: RunConfig = CONFIG):
    llm = OpenAICompatible("http://canned.test/v1", "canned", transport=httpx.MockTransport(script))
    return summarize(text, llm, config, name="excerpt")


def _unless_single(broken: httpx.Response):
    def answer(request: httpx.Request) -> httpx.Response:
        return broken if len(passages(request)) > 1 else quoting_first_passage(request)

    return answer


@pytest.mark.parametrize(
    ("broken", "recorded"),
    [
        (completion(CUT_OFF, "length"), "answer cut off at the token limit"),
        (completion("Sure! Here are the facts: revenue, customers."), "(not JSON)"),
    ],
    ids=["truncated", "not-json"],
)
def test_bad_answers_split_the_batch_instead_of_repeating_it(excerpt: str, broken, recorded):
    script = Script(_unless_single(httpx.Response(200, json=broken)))
    out = _run(script, excerpt)
    multi = [a for a in script.asked if len(a) > 1]
    singles = [a for a in script.asked if len(a) == 1]
    assert multi and singles
    # Every multi-passage batch that failed was asked again only as smaller pieces.
    for batch in multi:
        assert any(set(s) < set(batch) for s in singles)
    if "cut off" in recorded:
        # A cut-off answer is never repeated as the same request (the same
        # passages may be asked about under two focus areas).
        multi_requests = [b["messages"][1]["content"] for b in script.bodies if b["messages"]]
        multi_requests = [m for m in multi_requests if m.count("\n[") > 1]
        assert len(multi_requests) == len(set(multi_requests))
    # The single passages answer properly and their facts are verified.
    assert out.facts
    for fact in out.facts:
        for c in fact.citations:
            assert excerpt[c.start : c.end] == c.quote
    # Each failed batch is on record in the output, under its area.
    failed = [f for a in out.run.areas for f in a.failed_batches]
    assert failed and all(recorded in f for f in failed)


def test_a_quote_paired_with_a_neighbour_s_statement_is_asked_again_alone(excerpt: str):
    def shifted(request: httpx.Request) -> httpx.Response:
        found = passages(request)
        if len(found) == 1:
            return quoting_first_passage(request)
        # Passage 1's words as the quote, passage 2's sentence as the statement.
        fact = {"quote": found[0][:60], "statement": found[1], "subject": "company", "names": []}
        return httpx.Response(200, json=completion(json.dumps({"facts": [fact]})))

    script = Script(shifted)
    out = _run(script, excerpt)
    assert [a for a in script.asked if len(a) > 1]
    # A passage that lost its statement is asked about alone, right after its batch ...
    again = [b for b, nxt in itertools.pairwise(script.asked) if len(b) > 1 and nxt == (b[0],)]
    assert again
    # ... and its own answer is the verified fact; the mismatched note stays rejected.
    firsts = {b[0] for b in again}
    assert any(f.citations[0].quote.strip() in firsts for f in out.facts)
    assert any("not supported" in r.reason for r in out.rejected)


def test_token_budget_stops_runaway_calls(excerpt: str):
    script = Script(lambda r: httpx.Response(200, json=completion(CUT_OFF, "length")))
    with pytest.raises(TokenBudgetError, match="token budget") as info:
        _run(script, excerpt, RunConfig(per_area=3, batch_size=3, token_budget=500))
    # Each canned reply costs 70 tokens: the run stops after a handful of calls.
    assert len(script.asked) <= 8
    assert "--token-budget" in str(info.value)


def test_the_pipeline_counts_its_own_calls_and_cache_hits(excerpt: str):
    script = Script(quoting_first_passage)
    out = _run(script, excerpt)
    # The first triage request gets no label: the run selects as before, one call spent.
    assert script.triaged == 1
    assert out.run.llm_calls == len(script.asked) + 1 > 1
    # Each canned answer reports 50 prompt tokens; a prompt counts at least its floor.
    assert out.run.prompt_tokens >= 50 * (len(script.asked) + 1)
    assert out.run.cache_hits == 0
    assert (
        sum(a.llm_calls for a in out.run.areas) + out.run.reading.triage_calls == out.run.llm_calls
    )


def test_a_list_item_that_is_no_sentence_is_noted_with_the_sentence_it_completes():
    from extractor.core.select.rank import Candidate
    from extractor.core.text.company import Company
    from extractor.core.text.segment import split_sentences
    from extractor.core.verify.facts import AreaInput, verify_area
    from extractor.extract import AreaDrafts, add_code_notes

    source = (
        "We own office buildings in four cities. As of December 31, 2015 our properties "
        "consisted of:\n\n• 158 office properties, including 127 Class A office properties;\n\n"
        "• one hotel; and\n\n• Acme Hotels operates the hotel for us.\n"
    )
    sentences = split_sentences(source)
    items = [s for s in sentences if "158 office" in s.text or "operates the hotel" in s.text]
    drafts = AreaDrafts(area="products")
    add_code_notes(drafts, [Candidate(s, 1.0) for s in items], source, sentences)
    said = [d.statement for d in drafts.drafts]
    assert said[0] == (
        "As of December 31, 2015 our properties consisted of: 158 office properties, "
        "including 127 Class A office properties."
    )
    # The citation is the item's own words, so it points where the figures are.
    assert drafts.drafts[0].quote.startswith("158 office properties")
    facts, _ = verify_area(
        source,
        AreaInput("products", drafts.drafts, drafts.windows, drafts.ranks, drafts.by_code),
        1.0,
        Company.named("Acme Inc."),
    )
    assert any("158 office properties" in f.citations[0].quote for f in facts)


def test_a_sentence_broken_off_by_a_page_break_is_not_noted_alone():
    from extractor.core.select.rank import Candidate
    from extractor.core.text.segment import split_sentences
    from extractor.extract import AreaDrafts, add_code_notes

    source = (
        "We sell valves to utilities.\n\n"
        "In addition, the Company is required to have a minimum amount of equity and "
        "unsecured long-term debt, often\n\nreferred to as loss absorbing capacity.\n"
    )
    sentences = split_sentences(source)
    drafts = AreaDrafts(area="financing")
    add_code_notes(drafts, [Candidate(s, 1.0) for s in sentences], source, sentences)
    said = [d.statement for d in drafts.drafts]
    assert "We sell valves to utilities." in said
    assert not any(s.endswith("often") or s.endswith("often.") for s in said)
