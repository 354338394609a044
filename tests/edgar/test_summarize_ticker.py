"""End to end: ``extractor summarize AAPL`` from a replayed EDGAR, through the CLI.

The 10-K served is the opening paragraphs of Apple's real FY2024 Item 1, as text
from the real filing, in a minimal 10-K HTML with the next item's heading after
them. The model is the fake OpenAI-compatible server: this is about fetching,
locating and recording the filing; the real model's path has its own tests
(``tests/test_pipeline_llm.py``).
"""

from __future__ import annotations

import html
import json

import pytest

from extractor.core.schema import SCHEMA_VERSION
from extractor.filings.load import load_document
from tests.batch.fake_openai import fake_server
from tests.edgar.conftest import AAPL_2024
from tests.edgar.replay_server import Company, EdgarReplay, Filing, serve
from tests.real_texts import filing_bytes


def _short_10k() -> bytes:
    real = filing_bytes("aapl-10-k-2024-11-01.html").decode("utf-8")
    item1 = load_document("aapl.htm", real).text
    paragraphs = [p for p in item1.split("\n") if p.strip()][:10]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    tail = "<p>Item 1A. Risk Factors</p><p>Risks.</p><p>Item 2. Properties</p><p>None.</p>"
    return f"<html><body><p>FORM 10-K</p>{body}{tail}</body></html>".encode()


@pytest.fixture
def edgar():  # overrides the shared replay: Apple with the short 10-K only
    doc = _short_10k()
    apple = Company(
        320193,
        "Apple Inc.",
        ["AAPL"],
        [Filing(AAPL_2024, "10-K", "2024-11-01", "2024-09-28", "aapl-20240928.htm", doc)],
    )
    with serve(EdgarReplay([apple])) as replay:
        yield replay


def test_summarize_ticker_fetches_locates_and_records_the_filing(cli, edgar, tmp_path):
    out = tmp_path / "out.json"
    with fake_server() as model:
        proc = cli(
            "summarize", "AAPL", "--year", "2024", "--json", str(out), "--base-url", model.base_url
        )
    assert proc.returncode == 0, proc.stderr
    assert "Apple Inc. (CIK 320193) 10-K" in proc.stderr
    assert proc.stdout.strip()  # the paragraph
    data = json.loads(out.read_text())
    assert data["schema_version"] == SCHEMA_VERSION
    filing = data["document"]["filing"]
    assert filing["cik"] == 320193 and filing["accession_number"] == AAPL_2024
    assert filing["form"] == "10-K" and filing["period_of_report"] == "2024-09-28"
    assert filing["source_url"].endswith("/320193/000032019324000123/aapl-20240928.htm")
    assert data["document"]["source_kind"] == "10-k-html"
    # Citations index the located Item 1 of the fetched document.
    text = load_document("x.htm", edgar.companies[320193].filings[0].content.decode()).text
    assert data["document"]["chars"] == len(text)
    for fact in data["facts"]:
        for c in fact["citations"]:
            assert text[c["start"] : c["end"]] == c["quote"]
