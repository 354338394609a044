"""`extractor report OUT.json FILING` reads the filing as `summarize` did: the same cut.

The output is made by the real pipeline from the located Item 1, with canned
model answers through the backend's ``transport=`` seam; the page must find
that its source is the very text the output cites.
"""

from __future__ import annotations

from pathlib import Path

import httpx2 as httpx
import pytest

from extractor.cli import main
from extractor.documents import load_source
from extractor.pipeline import summarize
from extractor.providers.openai_compatible import OpenAICompatible
from tests.filings.synthetic import filing, standard_body
from tests.providers.canned import quoting_first_passage


def _filing(tmp_path: Path, kind: str) -> Path:
    html = tmp_path / "acme-10k.html"
    html.write_text(filing("<p>ITEM 1. BUSINESS</p>", standard_body()), encoding="utf-8")
    if kind == "10-k-html":
        return html
    text = tmp_path / "acme-10k.txt"  # the same filing as plain text: still a whole 10-K
    text.write_text(load_source(str(html)).converted_text, encoding="utf-8")
    return text


@pytest.mark.parametrize("kind", ["10-k-html", "10-k-text"])
def test_report_of_a_whole_filing_cites_its_item_1(tmp_path: Path, kind: str, capsys):
    path = _filing(tmp_path, kind)
    loaded = load_source(str(path))
    assert loaded.kind == kind and len(loaded.text) < len(loaded.converted_text)
    llm = OpenAICompatible(
        "http://canned.test/v1", "canned", transport=httpx.MockTransport(quoting_first_passage)
    )
    output = summarize(loaded.text, llm, name=loaded.name, document_extra=loaded.document_fields())
    assert output.facts
    out = tmp_path / "out.json"
    out.write_text(output.model_dump_json(indent=2), encoding="utf-8")
    page = tmp_path / "page.html"

    assert main(["report", str(out), str(path), "--html", str(page)]) == 0, capsys.readouterr()
    html = page.read_text(encoding="utf-8")
    assert "sha256 matches" in html
    assert output.facts[0].citations[0].quote.split()[0] in html
