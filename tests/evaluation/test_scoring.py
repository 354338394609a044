"""The scorer itself: real outputs score as expected, outputs built to fail each measure fail it."""

from __future__ import annotations

import copy
import json

import pytest

from extractor.evaluation import Gold, load_gold, overall, score_document
from tests.conftest import ROOT, SHARED, needs_eval_data

EXAMPLE = ROOT / "examples" / "SONM_2022_item1.out.json"
SOURCE = (ROOT / "examples" / "SONM_2022_item1.txt").read_text(encoding="utf-8")

GOLD = Gold.model_validate(
    {
        "doc": "SONM_2022_item1.txt",
        "facts": [
            {
                "id": "rev-1",
                "category": "revenue",
                "importance": "key",
                "fact": "Revenue",
                "quote": "our revenue was $69.8 million and $54.6 million, respectively",
            },
            {
                "id": "cust-9",
                "category": "customers",
                "importance": "supporting",
                "quote": "In 2022, we sold approximately 25,000 mobile phones in Canada",
            },
        ],
        "traps": [{"id": "trap-1", "patterns": [r"\$7 billion"]}],
        "absent": [{"category": "financing", "what": "no credit line"}],
    }
)


def _span(quote: str) -> dict:
    start = SOURCE.index(quote)
    return {"start": start, "end": start + len(quote), "quote": quote}


def _output(facts: list[dict], text: str = "Sonim sells phones.", sentences=None) -> dict:
    return {
        "facts": facts,
        "not_disclosed": [],
        "summary": {
            "text": text,
            "token_cap": 512,
            "tokenizer": "o200k_base",
            "sentences": sentences
            if sentences is not None
            else [{"text": text, "fact_ids": ["f1"]}],
        },
    }


REV_QUOTE = "our revenue was $69.8 million and $54.6 million, respectively"


def _rev_fact(**over) -> dict:
    fact = {
        "id": "f1",
        "category": "revenue",
        "statement": "Revenue was $69.8 million.",
        "citations": [_span(REV_QUOTE)],
    }
    fact.update(over)
    return fact


def test_a_correct_output_scores_full_marks():
    s = score_document(_output([_rev_fact()]), GOLD, SOURCE)
    assert s.citation_validity == 1.0
    assert (s.key_found, s.key_total, s.key_recall) == (1, 1, 1.0)
    assert (s.all_found, s.all_total) == (1, 2)
    assert s.unsupported_figures == [] and s.trap_hits == [] and s.invented_absences == []
    assert s.one_paragraph and s.within_cap and s.untraceable_sentences == 0


def test_broken_citation_counts_as_invalid_and_finds_nothing():
    bad = _rev_fact(citations=[{**_span(REV_QUOTE), "quote": "our revenue was $99 million"}])
    s = score_document(_output([bad]), GOLD, SOURCE)
    assert s.citation_validity == 0.0
    assert s.key_found == 0 and s.missed_key == ["rev-1 (revenue): Revenue"]


def test_right_span_wrong_category_is_not_found():
    s = score_document(_output([_rev_fact(category="customers")]), GOLD, SOURCE)
    assert s.key_found == 0


def test_partial_overlap_with_the_gold_quote_is_found():
    fact = _rev_fact(citations=[_span("our revenue was $69.8 million")])
    assert score_document(_output([fact]), GOLD, SOURCE).key_found == 1


def test_figure_not_in_the_cited_span_is_flagged_in_fact_fields_and_paragraph():
    fact = _rev_fact(
        statement="Revenue was $69.8 billion.",
        fields={"amounts": ["$12 million"], "percentages": []},
    )
    text = "Revenue was $70 million."
    s = score_document(_output([fact], text=text), GOLD, SOURCE)
    where = sorted((p.where, p.figure) for p in s.unsupported_figures)
    assert where == [
        ("fact f1", "$69.8 billion"),
        ("fact f1 amounts", "$12 million"),
        ("paragraph", "$70 million"),
    ]
    assert s.figure_basis == "cited_spans"


def test_trap_pattern_in_paragraph_is_a_hit():
    s = score_document(_output([_rev_fact()], text="AT&T got $7 billion."), GOLD, SOURCE)
    assert s.trap_hits == ["trap-1"]


def test_not_disclosed_where_gold_has_facts_is_an_invented_absence():
    out = _output([_rev_fact()])
    out["not_disclosed"] = [{"category": "customers"}, {"category": "financing"}]
    s = score_document(out, GOLD, SOURCE)
    assert s.invented_absences == ["customers"]
    assert s.confirmed_absences == ["financing"]


def test_paragraph_over_cap_or_in_two_paragraphs_fails():
    long = " ".join(["Sonim sells rugged phones to carriers."] * 200)
    s = score_document(_output([_rev_fact()], text=long), GOLD, SOURCE)
    assert not s.within_cap and s.one_paragraph
    s = score_document(_output([_rev_fact()], text="One.\n\nTwo."), GOLD, SOURCE)
    assert not s.one_paragraph
    s = score_document(_output([_rev_fact()], text="x" * 10), GOLD, SOURCE, token_cap=1)
    assert not s.within_cap and s.token_cap == 1


def test_sentence_without_facts_is_untraceable():
    out = _output([_rev_fact()], sentences=[{"text": "Sonim sells phones.", "fact_ids": []}])
    assert score_document(out, GOLD, SOURCE).untraceable_sentences == 1


def test_plain_prose_is_scored_against_the_document_and_not_on_recall():
    prose = {"summary": {"text": "Revenue was $69.8 million, up from $54.6 million; $9 trillion."}}
    s = score_document(prose, GOLD, SOURCE)
    assert s.citation_validity is None and s.key_recall is None and s.all_recall is None
    assert s.figure_basis == "document"
    assert [p.figure for p in s.unsupported_figures] == ["$9 trillion"]
    assert s.untraceable_sentences is None


@needs_eval_data(SHARED / "gold" / "SONM_2022_item1.json")
def test_real_example_output_against_real_gold():
    gold_path = SHARED / "gold" / "SONM_2022_item1.json"
    output = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    s = score_document(output, load_gold(gold_path.read_bytes()), SOURCE)
    assert s.citation_validity == 1.0
    assert s.key_total == 12 and 0 < s.key_found <= 12
    assert len(s.missed_key) == s.key_total - s.key_found


def test_overall_pools_citations_and_averages_recall():
    good = score_document(_output([_rev_fact()]), GOLD, SOURCE)
    bad_out = _output([_rev_fact(category="customers")])
    bad_out["facts"][0]["citations"].append({"start": 0, "end": 3, "quote": "zzz"})
    bad = score_document(copy.deepcopy(bad_out), GOLD, SOURCE)
    o = overall([good, bad])
    assert o.citation_validity == pytest.approx(2 / 3, abs=1e-3)
    assert o.key_recall == 0.5
    assert o.paragraphs_ok == 2
