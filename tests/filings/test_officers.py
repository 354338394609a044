"""Item 1 ends before an executive officers section placed at its end (issue 15, item 16)."""

from __future__ import annotations

import hashlib
import json

import pytest

from extractor.filings.load import load_document
from extractor.filings.officers import is_officers_heading
from tests.conftest import EXAMPLES, SHARED, needs_eval_data
from tests.real_texts import doc_text

from .synthetic import BUSINESS, filing, paragraphs, standard_body

OFFICERS_TABLE = (
    "<table><tr><td>Name</td><td>Age</td><td>Position</td></tr>"
    "<tr><td>Jane Roe</td><td>58</td><td>President and Chief Executive Officer</td></tr>"
    "<tr><td>John Doe</td><td>51</td><td>Chief Financial Officer</td></tr></table>"
    "<p>Ms. Roe has served as our Chief Executive Officer since 2015. Before that she led "
    "the industrial division of a maker of pumps.</p>"
)
AVAILABLE = "<p>Available Information</p><p>Our reports are on our website.</p>"


def _load(html: str):
    return load_document("acme.html", html)


def _assert_exact(doc) -> None:
    assert doc.converted_text[doc.section_start : doc.section_end] == doc.text
    assert doc.text == doc.text.rstrip()


@pytest.mark.parametrize(
    "heading",
    [
        "<p><b>Information about our Executive Officers</b></p>",
        "<p>EXECUTIVE OFFICERS OF THE REGISTRANT</p>",
        "<p>Executive Officers of the Company</p>",
        "<p>Information Concerning Executive Officers</p>",
        "<p>Our Executive Officers</p>",
        "<p>Executive Officers of Acme Widgets, Inc.</p>",
        "<p>Executive Officers and Key Employees</p>",
        "<p>Item 4(a). Executive Officers of the Registrant.</p>",
        "<p>Executive Officers of the Registrant (as of February 1, 2025)</p>",
        "<table><tr><td><b>Identification of Executive Officers</b></td></tr></table>",
        "<div><span>Executive officers</span></div>",
    ],
)
def test_html_officers_section_after_the_business_is_cut_off(heading: str):
    body = standard_body() + heading + OFFICERS_TABLE + AVAILABLE
    doc = _load(filing("<p>ITEM 1. BUSINESS</p>", body))
    assert doc.text.endswith("service contracts.")
    assert doc.text.count(BUSINESS.strip()) == 20
    assert "Chief Executive Officer" not in doc.text and "Jane Roe" not in doc.text
    assert is_officers_heading(doc.end_heading or "")
    after = doc.converted_text[doc.section_end :].lstrip()
    assert after.startswith(doc.end_heading or "?")
    _assert_exact(doc)
    assert doc.warnings == []


def test_officers_at_the_end_of_part_i_are_not_item_1s_business():
    # Item 4A's heading already ended Item 1 before this change; it still does.
    after = (
        "<p>ITEM 1A. RISK FACTORS</p>"
        + paragraphs("Risks abound.", 20)
        + "<p>ITEM 4. MINE SAFETY DISCLOSURES</p><p>Not applicable.</p>"
        + "<p>EXECUTIVE OFFICERS OF THE REGISTRANT</p>"
        + OFFICERS_TABLE
        + "<p>PART II</p><p>ITEM 7. MANAGEMENT’S DISCUSSION AND ANALYSIS</p>"
    )
    doc = _load(filing("<p>ITEM 1. BUSINESS</p>", standard_body(), after=after))
    assert doc.end_heading == "ITEM 1A. RISK FACTORS"
    assert doc.text.count(BUSINESS.strip()) == 20 and doc.warnings == []


_WRAPPED = (
    "     Acme Widgets, Inc. designs and sells industrial widgets to\n"
    "manufacturers in North America and Europe. We sell through our direct\n"
    "sales force and through distributors.\n\n"
)
_TYPED_OFFICERS = (
    "                    EXECUTIVE OFFICERS OF THE REGISTRANT\n"
    "                    ------------------------------------\n"
    "NAME                    AGE     POSITION\n"
    "Jane Roe                 58     President and Chief Executive Officer\n"
    "John Doe                 51     Vice President, Finance\n\n"
)


def _typed_10k(item1: str) -> str:
    return (
        "<SEC-DOCUMENT>0000950153-97-000001.txt : 19970301\n"
        "<DOCUMENT>\n<TYPE>10-K\n<SEQUENCE>1\n<TEXT>\n"
        "                                 FORM 10-K\n\n"
        "                                   PART I\n\n"
        "ITEM 1.  BUSINESS\n\n"
        + item1
        + "ITEM 2.  PROPERTIES\n\n     We lease our plant in Ohio.\n\n"
        "ITEM 3.  LEGAL PROCEEDINGS\n\n     None.\n\n"
        "ITEM 7.  MANAGEMENT'S DISCUSSION AND ANALYSIS\n\n     Revenue grew.\n"
        "</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
    )


def test_wrapped_plain_text_officers_section_is_cut_off():
    doc = load_document("old.txt", _typed_10k(_WRAPPED * 30 + "<PAGE>\n" + _TYPED_OFFICERS))
    assert doc.kind == "10-k-text"
    assert doc.end_heading == "EXECUTIVE OFFICERS OF THE REGISTRANT"
    assert doc.text.endswith("sales force and through distributors.")
    assert doc.text.count("manufacturers in North America") == 30
    assert "Jane Roe" not in doc.text
    _assert_exact(doc)
    assert doc.warnings == []


@pytest.mark.parametrize(
    "mention",
    [
        # The last line of a wrapped paragraph, short and alone on its line.
        "     Our success depends on the continued service of our\n"
        "executive officers of the Registrant.\n\n",
        # A paragraph that begins with the words of a heading but goes on.
        "     Executive Officers of the Company\n"
        "are elected annually by the Board of Directors and serve at its pleasure.\n\n",
        "     The loss of any of our executive officers could harm our business.\n\n",
    ],
)
def test_wrapped_sentence_mentioning_executive_officers_is_not_a_cut(mention: str):
    doc = load_document("old.txt", _typed_10k(_WRAPPED * 15 + mention + _WRAPPED * 15))
    assert doc.end_heading == "ITEM 2.  PROPERTIES"
    assert doc.text.count("manufacturers in North America") == 30
    assert doc.warnings == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Our executive officers have long experience in the widget industry.",
        "Executive officers of the Company are elected annually by the Board of Directors.",
        "We depend on our executive officers.",
        "See “Item 10. Directors, Executive Officers and Corporate Governance” in Part III.",
    ],
)
def test_html_sentence_mentioning_executive_officers_is_not_a_cut(sentence: str):
    body = standard_body() + f"<p>{sentence}</p>" + paragraphs(BUSINESS, 4)
    doc = _load(filing("<p>ITEM 1. BUSINESS</p>", body))
    assert doc.end_heading == "ITEM 1A. RISK FACTORS"
    assert sentence in doc.text and doc.text.count(BUSINESS.strip()) == 24
    assert doc.warnings == []


def test_a_line_that_is_not_clearly_a_heading_is_kept_with_a_warning():
    body = standard_body() + "<p>Compensation of Executive Officers</p>" + paragraphs(BUSINESS, 4)
    doc = _load(filing("<p>ITEM 1. BUSINESS</p>", body))
    assert doc.end_heading == "ITEM 1A. RISK FACTORS"
    assert doc.text.count(BUSINESS.strip()) == 24
    assert len(doc.warnings) == 1
    assert (
        "'Compensation of Executive Officers' may head an executive officers section"
        in (doc.warnings[0])
    )


def test_a_heading_followed_by_most_of_item_1_is_not_cut_at_but_warned():
    # Officers follow the business description; one before most of it is doubtful
    # (e.g. a list of the item's sections), so nothing is dropped.
    body = paragraphs(BUSINESS, 2) + "<p>Executive Officers</p>" + standard_body()
    doc = _load(filing("<p>ITEM 1. BUSINESS</p>", body))
    assert doc.end_heading == "ITEM 1A. RISK FACTORS"
    assert doc.text.count(BUSINESS.strip()) == 22
    assert len(doc.warnings) == 1
    assert "'Executive Officers' looks like the heading" in doc.warnings[0]
    assert "Item 1 was not ended there" in doc.warnings[0]


def test_item1_text_ending_with_officers_keeps_its_offsets():
    text = (
        "Item 1. Business\n\n"
        + BUSINESS * 20
        + "\n\nInformation about our Executive Officers\n\nJane Roe, 58, President.\n"
    )
    doc = load_document("item1.txt", text)
    assert doc.kind == "item1-text"
    assert (doc.section_start, doc.section_end) == (0, len(doc.text))
    assert text.startswith(doc.text) and doc.text.endswith("service contracts.")
    assert doc.converted_text == text
    assert doc.end_heading == "Information about our Executive Officers"
    assert len(doc.warnings) == 1 and "executive officers section starts at" in doc.warnings[0]


@needs_eval_data(SHARED / "gold")
def test_no_gold_fact_is_lost():
    """The reference Item 1 texts that carry an officers section keep every annotated quote."""
    cut = []
    for gold in sorted((SHARED / "gold").glob("*.json")):
        ann = json.loads(gold.read_text(encoding="utf-8"))
        text = doc_text(ann["doc"])
        doc = load_document(ann["doc"], text)
        for fact in ann["facts"]:
            assert fact["quote"] in doc.text, (ann["doc"], fact["id"])
        if doc.section_end < len(text):
            cut.append(ann["doc"])
    assert cut == ["AMCR_2023_item1.txt", "NTAP_2021_item1.txt"]
    example = (EXAMPLES / "AMCR_2023_item1.txt").read_text(encoding="utf-8")
    assert load_document("x", example).end_heading == "Information about our Executive Officers"


def test_an_output_made_before_the_cut_still_finds_the_text_it_cited():
    text = (EXAMPLES / "AMCR_2023_item1.txt").read_text(encoding="utf-8")
    doc = load_document("x", text)
    sha = hashlib.sha256
    assert doc.cited_text(sha(doc.text.encode()).hexdigest()) == doc.text
    assert doc.cited_text(sha(text.encode()).hexdigest()) == text  # made from all of it
    assert doc.cited_text("0" * 64) == doc.text and doc.cited_text(None) == doc.text
