"""The benchmark's pure parts: the plain peer's request and langextract's citations."""

from __future__ import annotations

import json

import httpx2
import openai
import pytest

from bench.meter import Meter, counting_http_client
from bench.peers import (
    _LX_EXAMPLE_FACTS,
    _LX_EXAMPLE_TEXT,
    SEED_MARKER,
    build_plain_prompt,
    langextract_to_output,
)
from tests.conftest import ROOT, needs_eval_data

SEED_EXCERPT = (ROOT / "tests" / "data" / "bench" / "seed_excerpt.txt").read_text(encoding="utf-8")
SEED_FILE = ROOT.parent / "shared" / "seed" / "002_300f2c6a1b8a326d.txt"


def _seed_document_part(seed: str) -> str:
    return seed[seed.index(SEED_MARKER) + len(SEED_MARKER) :].lstrip()


def test_plain_prompt_for_the_seed_document_is_the_seed_itself(sonm_text: str):
    doc_part = _seed_document_part(SEED_EXCERPT)
    assert sonm_text.startswith(doc_part)  # the seed really is the request + Sonim's text
    assert build_plain_prompt(SEED_EXCERPT, sonm_text[: len(doc_part)]) == SEED_EXCERPT


@needs_eval_data(SEED_FILE)
def test_plain_prompt_rebuilds_the_whole_seed_byte_for_byte(sonm_text: str):
    seed = SEED_FILE.read_text(encoding="utf-8")
    assert build_plain_prompt(seed, sonm_text) == seed


def test_plain_prompt_replaces_only_the_document():
    other = "Item 1. Business\nAcme Corp. sells anvils to coyotes through catalogues."
    prompt = build_plain_prompt(SEED_EXCERPT, other)
    head = SEED_EXCERPT[: SEED_EXCERPT.index(SEED_MARKER) + len(SEED_MARKER)]
    assert prompt == head + "\n\n" + other
    assert "Sonim" not in prompt
    assert prompt.startswith("Prompt: Summarize the business model")


def test_plain_prompt_rejects_a_seed_without_the_marker():
    with pytest.raises(ValueError, match="does not contain"):
        build_plain_prompt("Summarize this:\n\ntext", "doc")


def test_langextract_examples_are_verbatim_in_their_text():
    # langextract aligns example extractions to the example text; paraphrases would misalign.
    for category, text, _attrs in _LX_EXAMPLE_FACTS:
        assert text in _LX_EXAMPLE_TEXT, (category, text)
    assert {c for c, _, _ in _LX_EXAMPLE_FACTS} == {
        "revenue", "customers", "products", "channels", "financing"
    }  # fmt: skip


def _extraction(cls: str, text: str, start: int | None, end: int | None) -> dict:
    interval = None if start is None else {"start_pos": start, "end_pos": end}
    return {
        "extraction_class": cls,
        "extraction_text": text,
        "char_interval": interval,
        "alignment_status": "match_exact" if interval else None,
        "attributes": {"figure": "x"},
    }


def test_langextract_result_becomes_facts_with_exact_citations(sonm_text: str):
    source = sonm_text[:6000]
    spans = {
        "products": "rugged and consumer durable mobile devices",
        "customers": "Task workers in the Enterprise and Government sectors",
        "channels": "we primarily sell through the wireless carrier channel",
    }
    extractions = []
    for cls, quote in spans.items():
        at = source.index(quote)
        extractions.append(_extraction(cls.capitalize(), quote, at, at + len(quote)))
    # A fuzzy alignment: the interval covers slightly different text than the model wrote.
    at = source.index("three largest wireless carriers in Canada")
    extractions.append(_extraction("channels", "largest carriers in Canada", at, at + 41))
    extractions.append(_extraction("revenue", "revenue grew", None, None))  # not grounded
    extractions.append(_extraction("financing", "beyond the end", 5990, 6010))  # out of range
    extractions.append(_extraction("competitors", "Motorola", 10, 18))  # not a focus area

    out = langextract_to_output({"extractions": extractions, "text": source}, source, "S.txt")

    assert [f["id"] for f in out["facts"]] == ["products-1", "customers-1", "channels-1",
                                               "channels-2"]  # fmt: skip
    for fact in out["facts"]:
        (cit,) = fact["citations"]
        assert source[cit["start"] : cit["end"]] == cit["quote"]
    assert out["facts"][3]["citations"][0]["quote"] == "three largest wireless carriers in Canada"
    assert out["facts"][3]["statement"] == "largest carriers in Canada"
    assert [u["statement"] for u in out["ungrounded"]] == ["revenue grew", "beyond the end"]
    assert [o["category"] for o in out["other_classes"]] == ["competitors"]
    assert out["summary"] is None
    json.dumps(out)  # the file the scorer reads must be plain JSON


def test_counting_http_client_records_usage_of_every_chat_completion():
    replies = iter([
        (200, {"id": "a", "object": "chat.completion", "created": 0, "model": "m",
               "choices": [{"index": 0, "finish_reason": "stop",
                            "message": {"role": "assistant", "content": "hi"}}],
               "usage": {"prompt_tokens": 120, "completion_tokens": 7, "total_tokens": 127}}),
        (500, {"error": {"message": "slot busy"}}),
    ])  # fmt: skip

    def handler(request: httpx2.Request) -> httpx2.Response:
        status, body = next(replies)
        return httpx2.Response(status, json=body)

    meter = Meter()
    # A fake transport only to inject a good reply and then a server fault.
    client = counting_http_client(meter, transport=httpx2.MockTransport(handler))
    sdk = openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="k", http_client=client,
                        max_retries=0)  # fmt: skip
    reply = sdk.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    assert reply.choices[0].message.content == "hi"
    with pytest.raises(openai.InternalServerError):
        sdk.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    assert meter.as_dict() == {
        "calls": 2, "failed_calls": 1, "prompt_tokens": 120, "completion_tokens": 7
    }  # fmt: skip


def test_conversion_reads_langextracts_own_serialised_result(sonm_text: str):
    # Only where the optional bench extra is installed: proves the dict keys we read are
    # the ones langextract writes.
    lx = pytest.importorskip("langextract")
    from langextract.data_lib import annotated_document_to_dict

    source = sonm_text[:3000]
    quote = "ATT, Verizon and T-Mobile"
    at = source.index(quote)
    extraction = lx.data.Extraction(
        extraction_class="channels",
        extraction_text=quote,
        char_interval=lx.data.CharInterval(start_pos=at, end_pos=at + len(quote)),
        alignment_status=lx.data.AlignmentStatus.MATCH_EXACT,
        attributes={"channel": "carriers"},
    )
    adoc = lx.data.AnnotatedDocument(extractions=[extraction], text=source)
    out = langextract_to_output(annotated_document_to_dict(adoc), source, "S.txt")
    (fact,) = out["facts"]
    assert fact["citations"] == [{"start": at, "end": at + len(quote), "quote": quote}]
    assert fact["alignment_status"] == "match_exact"
    assert fact["attributes"] == {"channel": "carriers"}
