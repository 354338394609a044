"""The locator on real 10-K filings (tests/data/filings), each parsed once per module."""

from __future__ import annotations

import hashlib
from functools import cache

import pytest

from extractor.documents import load_source
from extractor.filings.agreement import agreement
from extractor.filings.load import LoadedDocument
from tests.real_texts import doc_text, filing_bytes, filing_path, filings_manifest

# Filings whose Item 1 text was cut independently (tests/data/docs, see its manifest).
REFERENCES = {
    "crm-10-k-2025-03-05.html": "CRM_2025_item1.txt",
    "hd-10-k-2025-03-21.html": "HD_2024_item1.txt",
    "wfc-10-k-2025-02-25.html": "WFC_2024_item1.txt",
    "abbv-10-k-2025-02-14.html": "ABBV_2024_item1.txt",
    "gainsco-10-k-2010-0001193125-10-073212.html": "GAN_2009_item1.txt",
}

# (start heading, end heading, phrase from the body, last words of Item 1)
OTHERS = {
    "aapl-10-k-2024-11-01.html": (
        "Item 1. Business",
        "Item 1A. Risk Factors",
        "iPhone",
        "inactive textual references only.",
    ),
    # Item 1 ends before the executive officers section these two filers put at its end.
    "nvda-10-k-2025-02-26.html": (
        "Item 1. Business",
        "Information About Our Executive Officers",
        "NVIDIA pioneered",
        "rest and recharge.",
    ),
    "tsla-10-k-2025-01-30.html": (
        "ITEM 1. BUSINESS",
        "ITEM 1A. RISK FACTORS",
        "electric vehicles",
        "Form 10-K.",
    ),
    "ba-10-k-2025-02-03.html": (
        "Item 1. Business",
        "Executive Officers of the Registrant",
        "commercial jetliners",
        "considered to be seasonal.",
    ),
    # 1999: no Item 1A existed yet; Item 1 (with its risk discussion) ends at Item 2.
    "10-k-1999-0000950153-99-001234.html": (
        "Item 1: Business",
        "Item 2: Properties",
        "Medicis",
        "substantially diminished.",
    ),
    "10-k-2016-0001376474-16-000635.html": (
        "ITEM 1: BUSINESS",
        "ITEM 1A: RISK FACTORS",
        "Commonwealth",
        "December 31, 2015.",
    ),
}


@cache
def located(name: str) -> LoadedDocument:
    return load_source(str(filing_path(name)))


def test_every_filing_in_the_folder_is_covered():
    assert set(filings_manifest()) == set(REFERENCES) | set(OTHERS)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_agrees_with_reference_text(name: str):
    doc = located(name)
    reference = doc_text(REFERENCES[name])
    assert doc.kind == "10-k-html"
    assert agreement(doc.text, reference) >= 0.95
    # And the other way round: nothing large was added (no contents page, no Item 1A).
    assert agreement(reference, doc.text) >= 0.95


@pytest.mark.parametrize("name", sorted(OTHERS))
def test_heading_boundary_and_length(name: str):
    start, end, phrase, last = OTHERS[name]
    doc = located(name)
    assert doc.heading == start
    assert doc.end_heading == end
    assert doc.text.startswith(start)
    assert doc.text.endswith(last)
    assert phrase in doc.text
    assert 10_000 < len(doc.text) < 150_000
    # The section is followed directly by the next item's heading.
    after = doc.converted_text[doc.section_end :].lstrip()
    assert after.startswith(end)
    assert doc.warnings == []


@pytest.mark.parametrize("name", sorted(REFERENCES) + sorted(OTHERS))
def test_provenance_rebuilds_the_cited_text(name: str):
    doc = located(name)
    assert doc.filing_sha256 == filings_manifest()[name]["sha256"]
    assert doc.filing_sha256 == hashlib.sha256(filing_bytes(name)).hexdigest()
    assert doc.converted_text[doc.section_start : doc.section_end] == doc.text
    # The contents page precedes the body: the section starts after the first Item 1 entry.
    first_entry = doc.converted_text.lower().find("item")
    assert doc.section_start > first_entry
    assert "table of contents" not in doc.text.lower()


def test_wfc_partial_cross_reference_is_warned():
    doc = located("wfc-10-k-2025-02-25.html")
    assert any("incorporated by reference" in w for w in doc.warnings)
