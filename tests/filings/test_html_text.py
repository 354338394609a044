"""HTML to text: visible text only, paragraphs kept, page furniture dropped."""

from __future__ import annotations

from extractor.filings.html_text import html_to_text

from .synthetic import BUSINESS, filing, page_break, paragraphs, standard_body


def test_hidden_xbrl_script_style_and_head_are_dropped():
    text = html_to_text(filing("<p>ITEM 1. BUSINESS</p>", standard_body()))
    assert "hidden fact" not in text
    assert "var s" not in text and "margin" not in text and "acme-10k" not in text
    assert text.count("ITEM 1. BUSINESS") == 1


def test_display_none_and_hidden_attribute_are_dropped():
    text = html_to_text(
        "<html><body><p>shown</p><div style='DISPLAY: none'>gone</div>"
        "<p hidden>also gone</p><p>after</p></body></html>"
    )
    assert text == "shown\n\nafter\n"


def test_blocks_become_paragraphs_and_inline_tags_join():
    text = html_to_text(
        "<html><body><div><span>Our </span><b>widgets</b><i> ship</i> fast.</div>"
        "<p>Second<br>line</p></body></html>"
    )
    assert text == "Our widgets ship fast.\n\nSecond\n\nline\n"


def test_nbsp_and_whitespace_runs_collapse_to_one_space():
    text = html_to_text("<html><body><p>ITEM&#160;&#160;1.\n   Business&nbsp;</p></body></html>")
    assert text == "ITEM 1. Business\n"


def test_table_rows_are_lines_with_cells_joined_and_figures_glued():
    text = html_to_text(
        "<html><body><p>Segments</p><table><tr><td><p>Segment</p></td><td></td>"
        "<td>Revenue</td><td>Margin</td><td>Change</td></tr>"
        "<tr><td>Widgets</td><td>$</td><td>1,200</td><td>74.1</td><td>%</td>"
        "<td>(6,924</td><td>)</td></tr></table>"
        "<p>After</p></body></html>"
    )
    assert text == (
        "Segments\n\nSegment | Revenue | Margin | Change\n"
        "Widgets | $1,200 | 74.1% | (6,924)\n\nAfter\n"
    )


def test_one_cell_layout_table_keeps_paragraphs():
    text = html_to_text(
        "<html><body><table><tr><td><p>ITEM 1. BUSINESS</p><p>We make widgets.</p>"
        "<table><tr><td>Plant</td><td>Ohio</td></tr></table></td></tr></table></body></html>"
    )
    assert text.splitlines()[0] == "ITEM 1. BUSINESS"
    assert "We make widgets." in text.splitlines()


def test_preformatted_filing_keeps_its_lines():
    text = html_to_text(
        "<html><body><pre>\n                PART I\n\nITEM 1.  BUSINESS\n\n"
        "     We make\nwidgets.\n\n                   7\n<page>\nITEM 2.  PROPERTIES\n</pre>"
        "</body></html>"
    )
    lines = text.splitlines()
    assert "ITEM 1.  BUSINESS" in lines and "ITEM 2.  PROPERTIES" in lines
    assert "     We make" in lines


def test_repeated_table_rows_at_one_page_break_are_data_not_headers():
    row = "<tr><td>Cummins Inc.</td><td>Servers</td><td>$6,402</td></tr>"
    html = (
        "<html><body>"
        + paragraphs(BUSINESS, 2)
        + f"<table>{row * 3}</table><hr style='page-break-after:always'/><table>{row * 3}</table>"
        + paragraphs(BUSINESS, 2)
        + "</body></html>"
    )
    assert html_to_text(html).count("Cummins Inc. | Servers | $6,402") == 6


def test_page_numbers_and_running_headers_are_dropped():
    html = (
        "<html><body>"
        + paragraphs(BUSINESS, 2)
        + page_break(4)
        + paragraphs(BUSINESS, 2)
        + page_break(5)
        + paragraphs(BUSINESS, 2)
        + page_break(6)
        + "<p>Acme Widgets, Inc. | 2024 Form 10-K | in the body, not a page header.</p>"
        + "</body></html>"
    )
    text = html_to_text(html)
    lines = text.splitlines()
    assert "4" not in lines and "5" not in lines and "6" not in lines
    assert "Table of Contents" not in text
    assert "Acme Widgets, Inc. | 2024 Form 10-K |" not in lines
    assert text.count(BUSINESS.strip()) == 6
    assert "in the body, not a page header." in text


def test_a_number_inside_the_text_is_kept():
    text = html_to_text("<html><body><p>Employees</p><p>12</p><p>end</p></body></html>")
    assert text.splitlines()[2] == "12"  # no page break next to it: content, not a page number


def test_nesting_beyond_the_parser_s_depth_is_an_error_not_a_silent_cut():
    import pytest

    from extractor.errors import InputError

    n = 3000
    markup = (
        "<html><body><p>ITEM 1. BUSINESS</p>"
        + "<div>" * n
        + "<p>Deep text.</p>"
        + "</div>" * n
        + "<p>ITEM 1A. RISK FACTORS</p></body></html>"
    )
    with pytest.raises(InputError, match="nested more than 2048 levels"):
        html_to_text(markup)
    # Deep but within the limit: all text is kept.
    ok = markup.replace("<div>" * n, "<div>" * 1500).replace("</div>" * n, "</div>" * 1500)
    assert "RISK FACTORS" in html_to_text(ok)
