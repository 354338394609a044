"""Locating Item 1: skip the contents, find the body heading, stop at the next item."""

from __future__ import annotations

import pytest

from extractor.errors import InputError, SectionNotFoundError
from extractor.filings.html_text import html_to_text
from extractor.filings.load import load_document
from extractor.filings.locate import MIN_PLAUSIBLE_CHARS, locate_item1

from .synthetic import BUSINESS, RISKS, filing, paragraphs, standard_body


def _load(html: str):
    return load_document("acme.html", html.encode("ascii", "xmlcharrefreplace").decode("ascii"))


def test_contents_skipped_body_heading_found_and_cut_at_item_1a():
    doc = _load(filing("<p>ITEM 1. BUSINESS</p>", standard_body()))
    assert doc.kind == "10-k-html"
    assert doc.text.startswith("ITEM 1. BUSINESS\n\nAcme Widgets")
    assert doc.text.endswith("service contracts.")
    assert doc.end_heading == "ITEM 1A. RISK FACTORS"
    assert "Risk Factors" not in doc.text and "TABLE OF CONTENTS" not in doc.text
    assert doc.text.count(BUSINESS.strip()) == 20
    assert doc.converted_text[doc.section_start : doc.section_end] == doc.text
    assert doc.warnings == []


@pytest.mark.parametrize(
    "heading",
    [
        "<p><b>ITEM</b><span>&#160;1.</span> <b>BUSI</b><b>NESS</b></p>",  # split over tags
        "<p>Item&#160;1.&#160;&#160;Business</p>",  # non-breaking spaces
        "<p>ITEM 1 — BUSINESS</p>",
        "<p>Item 1: Business</p>",
        "<div><span>Item 1.</span></div><div><span>Business</span></div>",  # two blocks
        "<table><tr><td>ITEM 1.</td><td>BUSINESS</td></tr></table>",  # heading in a table
        "<p>PART I — ITEM 1. BUSINESS</p>",
    ],
)
def test_heading_spellings(heading: str):
    doc = _load(filing(heading, standard_body()))
    assert (
        doc.text.lower()
        .replace("\xa0", " ")
        .split("business")[0]
        .strip()
        .endswith(("1.", "1 —", "1:", "1. |"))
    )
    assert doc.text.count(BUSINESS.strip()) == 20
    assert doc.end_heading == "ITEM 1A. RISK FACTORS"


@pytest.mark.parametrize(
    "heading",
    [
        "Items 1 and 2. Business and Properties",
        "ITEM 1 AND ITEM 2. BUSINESS AND PROPERTIES",
        "Items 1 &amp; 2 — Business and Properties",
    ],
)
def test_items_1_and_2_combined_end_at_item_3(heading: str):
    after = (
        "<p>ITEM 3. LEGAL PROCEEDINGS</p><p>None.</p><p>ITEM 4. MINE SAFETY</p><p>n/a</p>"
        "<p>ITEM 7. MANAGEMENT’S DISCUSSION</p><p>Revenue grew.</p>"
    )
    body = standard_body() + "<p>Properties</p><p>We own a plant in Ohio.</p>"
    doc = _load(filing(f"<p>{heading}</p>", body, after=after))
    assert doc.heading == heading.replace("&amp;", "&")
    assert doc.text.endswith("We own a plant in Ohio.")
    assert doc.end_heading == "ITEM 3. LEGAL PROCEEDINGS"


def test_cross_reference_stub_is_warned():
    body = (
        "<p>The information required by this item is incorporated herein by reference to the "
        "section captioned “Business” of our 2024 Annual Report to Shareholders.</p>"
    )
    doc = _load(filing("<p>ITEM 1. BUSINESS</p>", body))
    assert any("cross-reference stub" in w for w in doc.warnings)
    assert any("implausibly short" in w for w in doc.warnings)


def test_other_heading_inside_and_missing_end_are_warned():
    body = standard_body() + "<p>PART II</p><p>MARKET FOR OUR STOCK</p>" + paragraphs(RISKS, 3)
    doc = _load(filing("<p>ITEM 1. BUSINESS</p>", body, after=""))
    # A Part II heading ends Item 1 even without an item heading.
    assert doc.end_heading == "PART II"
    text = html_to_text(
        filing(
            "<p>ITEM 1. BUSINESS</p>",
            standard_body() + "<p>RISK FACTORS</p>" + paragraphs(RISKS, 3),
            after="",
        )
    )
    sec = locate_item1(text)
    assert any("no heading of a later item" in w for w in sec.warnings)
    assert any("'RISK FACTORS'" in w for w in sec.warnings)


def test_no_item1_heading_is_a_clear_input_error():
    html = filing("<p>BUSINESS OVERVIEW</p>", standard_body())
    html = html.replace("Item&#160;1.", "").replace("ITEM 1. BUSINESS", "")
    with pytest.raises(SectionNotFoundError, match="no 'Item 1' heading found") as info:
        _load(html)
    assert isinstance(info.value, InputError)


def test_short_is_warned():
    sec = locate_item1("ITEM 1. BUSINESS\n\nWe make widgets.\n\nITEM 1A. RISK FACTORS\n\nRisks.\n")
    assert sec.chars < MIN_PLAUSIBLE_CHARS
    assert any("implausibly short" in w for w in sec.warnings)


def test_prose_starting_with_item_is_not_a_heading():
    text = (
        "ITEM 1. BUSINESS\n\n"
        + BUSINESS * 30
        + "\n\nItem 7 of this report discusses results.\n\n"
        + BUSINESS * 5
        + "\n\nITEM 1A. RISK FACTORS\n\n"
        + RISKS
    )
    sec = locate_item1(text)
    assert text[sec.start : sec.end].endswith(BUSINESS.strip())


def test_part_prefix_on_the_next_items_line_ends_the_section():
    text = (
        "PART I ITEM 1. BUSINESS\n\n"
        + BUSINESS * 30
        + "\n\nPART II ITEM 5. MARKET FOR STOCK\n\n"
        + RISKS
    )
    sec = locate_item1(text)
    assert sec.heading == "PART I ITEM 1. BUSINESS"
    assert sec.end_heading == "PART II ITEM 5. MARKET FOR STOCK"


def test_appended_document_with_its_own_item_1_does_not_win():
    # A proxy or exhibit appended after the 10-K has its own, longer "Item 1".
    appendix = "<p>ITEM 1. ELECTION OF DIRECTORS</p>" + paragraphs(RISKS, 200)
    doc = _load(
        filing("<p>ITEM 1. BUSINESS</p>", standard_body()).replace("</body>", appendix + "</body>")
    )
    assert doc.heading == "ITEM 1. BUSINESS"
    assert doc.end_heading == "ITEM 1A. RISK FACTORS"
