"""Input classification: Item 1 texts pass through (up to an officers section), filings are cut."""

from __future__ import annotations

import hashlib

import pytest

from extractor.config import ReadOptions
from extractor.core.schema import DocumentInfo
from extractor.documents import load_source
from extractor.errors import InputError, SectionNotFoundError
from extractor.filings.load import load_document
from extractor.filings.plain_text import plain_text_clean
from tests.real_texts import doc_names, doc_text

from .synthetic import BUSINESS, RISKS, filing, standard_body

# A 1990s plain-text submission: SGML envelope, hard-wrapped lines, <PAGE> marks,
# a contents list, page numbers, and an exhibit after the 10-K document.
_WRAPPED = "\n".join(
    [
        "     Acme Widgets, Inc. designs and sells industrial widgets to",
        "manufacturers in North America and Europe. We sell through our direct",
        "sales force and through distributors.",
        "",
    ]
)
SGML_10K = (
    "<SEC-DOCUMENT>0000950153-97-000001.txt : 19970301\n"
    "<SEC-HEADER>0000950153-97-000001.hdr.sgml : 19970301\n"
    "CONFORMED SUBMISSION TYPE:\t10-K\n</SEC-HEADER>\n"
    "<DOCUMENT>\n<TYPE>10-K\n<SEQUENCE>1\n<TEXT>\n"
    "                     SECURITIES AND EXCHANGE COMMISSION\n"
    "                                 FORM 10-K\n\n"
    "                             TABLE OF CONTENTS\n\n"
    "Item 1.   Business ..............................................   3\n"
    "Item 2.   Properties ............................................   9\n"
    "Item 3.   Legal Proceedings .....................................   9\n"
    "Item 7.   Management's Discussion and Analysis ..................  12\n\n"
    "                                     2\n<PAGE>\n"
    "                                   PART I\n\n"
    "ITEM 1.  BUSINESS\n\n"
    + (_WRAPPED + "\n") * 20
    + "                                     3\n<PAGE>\n"
    + (_WRAPPED + "\n") * 20
    + "\f\n"
    "ITEM 2.  PROPERTIES\n\n     We lease our plant in Ohio.\n\n"
    "ITEM 3.  LEGAL PROCEEDINGS\n\n     None.\n\n"
    "ITEM 7.  MANAGEMENT'S DISCUSSION AND ANALYSIS\n\n     Revenue grew.\n"
    "</TEXT>\n</DOCUMENT>\n"
    "<DOCUMENT>\n<TYPE>EX-27\n<SEQUENCE>2\n<TEXT>\nFINANCIAL DATA SCHEDULE\n</TEXT>\n</DOCUMENT>\n"
    "</SEC-DOCUMENT>\n"
)


# Reference texts that end with their filer's executive officers section (see test_officers).
_ENDING_WITH_OFFICERS = {"AMCR_2023_item1.txt", "BA_2022_item1.txt", "NTAP_2021_item1.txt"}


def test_item1_texts_pass_through_with_identical_offsets():
    assert len(doc_names()) >= 16
    for name in doc_names():
        text = doc_text(name)
        doc = load_document(name, text)
        assert doc.kind == "item1-text", name
        assert doc.section_start == 0 and doc.text == text[: doc.section_end]
        assert doc.filing_sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
        if name in _ENDING_WITH_OFFICERS:
            assert doc.section_end < len(text) and len(doc.warnings) == 1, name
        else:
            assert doc.text is text or doc.text == text
            assert doc.section_end == len(text)
            assert doc.warnings == []


def test_a_file_with_a_bom_reads_without_it(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes("\ufeffWe make widgets.\n".encode())
    doc = load_source(str(path))
    assert doc.text == "We make widgets.\n"
    assert doc.filing_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_plain_text_sgml_submission():
    doc = load_document("old.txt", SGML_10K)
    assert doc.kind == "10-k-text"
    assert doc.heading == "ITEM 1.  BUSINESS"
    assert doc.end_heading == "ITEM 2.  PROPERTIES"
    assert doc.text.startswith("ITEM 1.  BUSINESS\n\n     Acme Widgets")
    assert doc.text.endswith("sales force and through distributors.")
    assert doc.text.count("manufacturers in North America") == 40
    assert "<PAGE>" not in doc.converted_text and "\f" not in doc.converted_text
    assert "FINANCIAL DATA SCHEDULE" not in doc.converted_text  # exhibit, not the 10-K
    assert "\n3\n" not in doc.text.replace(" ", "")  # page number dropped
    assert doc.converted_text[doc.section_start : doc.section_end] == doc.text


def test_plain_text_10k_without_envelope():
    body = SGML_10K.split("<TEXT>\n", 1)[1].split("</TEXT>", 1)[0]
    doc = load_document("old.txt", body)
    assert doc.kind == "10-k-text"
    assert doc.end_heading == "ITEM 2.  PROPERTIES"


def test_plain_text_clean_keeps_numbers_that_are_not_page_numbers():
    assert plain_text_clean("Employees\n\n12\n\nend\n") == "Employees\n\n12\n\nend\n"


def test_a_cp1252_filing_is_read_with_its_encoding(tmp_path):
    path = tmp_path / "old.html"
    path.write_bytes(
        (
            "<html><body><p>ITEM 1. BUSINESS</p><p>Acme’s widgets. " + BUSINESS * 20 + "</p>"
            "<p>ITEM 1A. RISK FACTORS</p><p>" + RISKS + "</p><p>ITEM 2. PROPERTIES</p>"
            "<p>ITEM 3. LEGAL</p></body></html>"
        ).encode("cp1252")
    )
    # Like every input: not guessed, named (the error says how).
    with pytest.raises(InputError, match="--encoding"):
        load_source(str(path))
    doc = load_source(str(path), ReadOptions(encoding="cp1252"))
    assert doc.kind == "10-k-html" and "Acme’s widgets." in doc.text


def test_whole_filing_without_item1_raises():
    text = "ITEM 2. PROPERTIES\n\nA plant.\n\nITEM 3. LEGAL\n\nNone.\n\nITEM 7. MD&A\n\nGrew.\n"
    with pytest.raises(SectionNotFoundError, match=r"other item headings seen: 2, 3, 7"):
        load_document("x.txt", text)


def test_document_fields_fit_the_output_contract():
    doc = load_document("old.txt", SGML_10K)
    info = DocumentInfo(
        name=doc.name, sha256="0" * 64, chars=len(doc.text), tokens=1, **doc.document_fields()
    )
    assert info.source_kind == "10-k-text"
    assert (info.section_start, info.section_end) == (doc.section_start, doc.section_end)
    plain = DocumentInfo(name="x", sha256="0" * 64, chars=1, tokens=1)
    assert plain.source_kind == "item1-text" and plain.warnings == []


def test_sgml_submission_with_html_10k_inside():
    html = filing("<p>ITEM 1. BUSINESS</p>", standard_body())
    submission = (
        "<SEC-DOCUMENT>0001-10-000001.txt : 20100301\n<DOCUMENT>\n<TYPE>10-K\n<SEQUENCE>1\n"
        f"<FILENAME>acme.htm\n<TEXT>\n{html}\n</TEXT>\n</DOCUMENT>\n"
        "<DOCUMENT>\n<TYPE>EX-21\n<TEXT>\n<html><body><p>Subsidiaries</p></body></html>\n"
        "</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
    )
    doc = load_document("full-submission.txt", submission)
    assert doc.kind == "10-k-html"
    assert doc.heading == "ITEM 1. BUSINESS"
    assert "Subsidiaries" not in doc.converted_text


def test_citation_of_another_forms_item_is_not_a_heading():
    text = (
        "ITEM 1. BUSINESS\n\n"
        + BUSINESS * 30
        + "\n\nItem 5.02 of Form 8-K was filed.\n\n"
        + BUSINESS
        + "\n\nITEM 1A. RISK FACTORS\n\n"
        + RISKS
        + "\n\nITEM 2. PROPERTIES\n\nA plant.\n\nITEM 3. LEGAL\n\nNone.\n"
    )
    doc = load_document("x.txt", text)
    assert doc.kind == "10-k-text"
    assert doc.text.endswith(BUSINESS.strip()) and "Item 5.02" in doc.text


def test_text_mentioning_a_tag_is_not_html():
    text = "Item 1. Business\n\nOur editor turns <p> and <div> into pages. " + BUSINESS
    doc = load_document("x.txt", text)
    assert doc.kind == "item1-text" and doc.text == text


def test_html_fragment_without_html_element_is_converted():
    frag = "".join(f"<div><p>{p}</p></div>" for p in ["ITEM 1. BUSINESS", BUSINESS * 30])
    frag += "<div><p>ITEM 1A. RISK FACTORS</p></div><p>" + RISKS + "</p>"
    doc = load_document("frag.htm", frag)
    assert doc.kind == "10-k-html" and doc.heading == "ITEM 1. BUSINESS"
