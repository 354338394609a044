"""An area the paragraph says nothing of is listed under ``not_disclosed``, even when
company facts of it were verified (issue 26: "not disclosed" was empty while the paragraph
never said what the company sells). Canned answers through the backend's transport seam:
each passage shown is noted word for word, as an honest model would."""

from __future__ import annotations

import json

import httpx2 as httpx

from extractor.config import RunConfig
from extractor.core.schema import CATEGORIES
from extractor.pipeline import summarize
from extractor.providers.openai_compatible import OpenAICompatible
from tests.providers.canned import completion, passages

TEXT = (
    "Acme Corp. may offer consulting services to hospitals in the future.\n"
    "We may also offer software products to clinics.\n"
    "Our net loss was $4.2 million in 2023 and $3.1 million in 2022.\n"
)


def _every_passage(request: httpx.Request) -> httpx.Response:
    notes = [
        {"quote": p, "statement": p, "subject": "company", "names": []} for p in passages(request)
    ]
    return httpx.Response(200, json=completion(json.dumps({"facts": notes})))


def test_an_area_the_paragraph_says_nothing_of_is_not_disclosed():
    llm = OpenAICompatible(
        "http://canned.test/v1", "canned", transport=httpx.MockTransport(_every_passage)
    )
    out = summarize(TEXT, llm, RunConfig(per_area=3, batch_size=3), name="acme")
    assert any(f.category == "products" and f.subject == "company" for f in out.facts)
    listed = {n.category: n.basis for n in out.not_disclosed}
    assert listed.get("products") == "no_usable_facts"
    area_of = {f.id: f.category for f in out.facts}
    said = {area_of[i] for s in out.summary.sentences for i in s.fact_ids}
    assert all(a in said or a in listed for a in CATEGORIES)
    assert "net loss of $4.2 million in 2023" in out.summary.text
    assert "its products" in out.summary.text  # the not-disclosed sentence names it
