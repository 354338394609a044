"""The minimal prose scorer of the benchmark (plain peer) and the harness hook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import scoring
from bench.report import overall, render_markdown
from bench.scoring import BenchDoc, prose_checks, score, trap_hits

# Two traps as written in shared/eval/gold/SONM_2022_item1.json.
GOLD = {
    "traps": [
        {"id": "trap-1", "patterns": ["\\$7 billion", "20 MHz"]},
        {"id": "trap-5", "patterns": ["\\b(is|was|became|turned|now) profitable"]},
    ]
}


@pytest.fixture()
def doc(sonm_text: str) -> BenchDoc:
    return BenchDoc(name="SONM_2022", text=sonm_text, gold=GOLD)


def test_figures_in_the_document_pass_and_invented_ones_are_counted(doc: BenchDoc):
    prose = (
        "Sonim's revenue was $69.8 million in 2022 and $54.6 million in 2021. "
        "Its tablets made up 37% of sales and it raised $88.8 million."
    )
    result = prose_checks(prose, doc)
    assert "$69.8 million" in doc.text and "2022" in doc.text
    assert result["figures_not_in_doc_list"] == ["37%", "$88.8 million"]
    assert result["figures_not_in_doc"] == 2


def test_trap_patterns_match_the_prose_once_per_trap(doc: BenchDoc):
    prose = "AT&T's $7 billion and 20 MHz of spectrum finance Sonim, which is profitable."
    hits = trap_hits(prose, doc.gold)
    assert [(h["id"], h["match"]) for h in hits] == [("trap-1", "$7 billion"),
                                                      ("trap-5", "is profitable")]  # fmt: skip
    assert prose_checks(prose, doc)["trap_hits"] == 2
    assert trap_hits(prose, None) == []


def test_cap_compliance_needs_one_paragraph_within_512_tokens(doc: BenchDoc):
    ok = prose_checks("Sonim sells rugged phones through carriers.", doc)
    assert ok["one_paragraph"] and ok["within_cap"] and ok["cap_ok"]
    assert ok["prose_tokens"] < 20
    two = prose_checks("Sonim sells rugged phones.\n\nIt sells through carriers.", doc)
    assert not two["one_paragraph"] and not two["cap_ok"]
    long = prose_checks("Sonim sells rugged phones through carriers. " * 80, doc)
    assert long["prose_tokens"] > 512 and not long["within_cap"] and not long["cap_ok"]
    assert not prose_checks("   ", doc)["cap_ok"]


def test_score_reads_each_systems_output(doc: BenchDoc, tmp_path: Path, monkeypatch):
    plain = tmp_path / "S.plain.txt"
    plain.write_text("Sonim is profitable with $7 billion.", encoding="utf-8")
    result = score("plain", doc, plain)
    assert result["trap_hits"] == 2 and "harness" not in result

    lx = tmp_path / "S.langextract.json"
    lx.write_text(json.dumps({"facts": [{}, {}], "ungrounded": [{}], "summary": None}))
    monkeypatch.setattr(scoring, "HARNESS", None)
    assert score("langextract", doc, lx) == {"facts": 2, "ungrounded": 1, "harness": None}

    seen = []

    def harness(system: str, d: BenchDoc, path: Path) -> dict:
        seen.append((system, d.name, path))
        return {"key_fact_recall": 0.5}

    monkeypatch.setattr(scoring, "HARNESS", harness)
    assert score("langextract", doc, lx)["harness"] == {"key_fact_recall": 0.5}
    assert seen == [("langextract", "SONM_2022", lx)]


def test_report_tables_show_every_system_and_errors():
    base = {"doc": "D", "limit_seconds": 10.0, "calls": 1, "failed_calls": 0,
            "prompt_tokens": 100, "completion_tokens": 10}  # fmt: skip
    records = [
        {**base, "system": "plain", "seconds": 20.0, "ratio_to_limit": 2.0, "error": None,
         "score": {"prose_tokens": 300, "one_paragraph": True, "within_cap": True,
                   "cap_ok": True, "figures_not_in_doc": 1, "trap_hits": 0}},
        {**base, "system": "langextract", "seconds": 30.0, "ratio_to_limit": 3.0, "error": None,
         "score": {"facts": 4, "ungrounded": 0, "harness": {"key_fact_recall": 0.25}}},
        {**base, "system": "pipeline", "seconds": 5.0, "ratio_to_limit": 0.5,
         "error": "ExtractionError: bad JSON"},
    ]  # fmt: skip
    agg = overall(records, ["plain", "langextract", "pipeline"])
    assert agg["plain"]["ratio_to_limit"] == 2.0 and agg["plain"]["cap_ok"] == "1/1"
    assert agg["langextract"]["harness_mean_key_fact_recall"] == 0.25
    assert agg["pipeline"]["docs_failed"] == 1 and agg["pipeline"]["docs_ok"] == 0
    md = render_markdown({
        "machine": {"cpus": 2, "cpu_model": "cpu", "model": "m.gguf", "n_ctx": 16384,
                    "threads": 2},
        "rates": {"source": "llama.cpp timings", "prompt_tokens_per_s": 100.0,
                  "prompt_probe_tokens": 2000, "gen_tokens_per_s": 10.0, "gen_probe_tokens": 256},
        "started": "now", "settings_note": "n",
        "docs": [{"name": "D", "chars": 10, "truncated": False, "tokens": 1000,
                  "limit_seconds": 10.0}],
        "records": records, "overall": agg,
    })  # fmt: skip
    assert "2 cores" in md and "prompt 100.0 tok/s" in md
    assert "| plain | 20.00 | 2.00 | 1 | 100 | 10 | – | 300 | yes | yes | 1 | 0 | – |" in md
    assert "| pipeline | 5.00 | error: ExtractionError: bad JSON |" in md
    assert "key_fact_recall" in md


def test_the_harness_scores_a_langextract_output_with_its_attributes_as_fields(tmp_path: Path):
    from bench.scoring import harness

    text = "Our revenue was $69.8 million in 2022. We sell phones."
    gold = {
        "facts": [
            {"id": "rev-1", "category": "revenue", "importance": "key", "quote": "revenue was"}
        ]
    }
    doc = BenchDoc(name="X", text=text, gold=gold)
    out = tmp_path / "X.langextract.json"
    fact = {
        "id": "f1",
        "category": "revenue",
        "statement": "revenue",
        "attributes": {"amount": "$70 million"},
        "citations": [{"start": 4, "end": 37, "quote": text[4:37]}],
    }
    out.write_text(json.dumps({"facts": [fact], "summary": None}), encoding="utf-8")
    result = harness("langextract", doc, out)
    assert result["key_recall"] == 1.0 and result["citation_validity"] == 1.0
    assert result["unsupported_figures"] == 1  # "$70 million" is not in the cited span
