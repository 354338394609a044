"""Small hand-built filings for the synthetic tests (structure of real EDGAR filings)."""

from __future__ import annotations

BUSINESS = (
    "Acme Widgets, Inc. designs and sells industrial widgets to manufacturers in North "
    "America and Europe. We sell through our direct sales force and through distributors. "
    "Revenue comes mainly from product sales and, to a lesser extent, from service contracts. "
)
RISKS = "Our business is subject to risks, including competition and supply disruptions. "


def paragraphs(text: str, n: int) -> str:
    return "".join(f"<p>{text}</p>\n" for _ in range(n))


def toc(rows: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<tr><td>{item}</td><td><a href='#x'>{title}</a></td><td>{page}</td></tr>"
        for item, title, page in rows
    )
    return f"<p>TABLE OF CONTENTS</p><table>{body}</table>"


STANDARD_TOC = toc(
    [
        ("Item&#160;1.", "Business", "3"),
        ("Item&#160;1A.", "Risk Factors", "9"),
        ("Item&#160;2.", "Properties", "12"),
        ("Item&#160;3.", "Legal Proceedings", "12"),
        ("Item&#160;7.", "Management’s Discussion and Analysis", "20"),
    ]
)


def page_break(number: int) -> str:
    # As Workiva prints it: page number footer, page break, back-link header.
    return (
        f"<div style='text-align:center'><span>{number}</span></div>"
        "<hr style='page-break-after:always'/>"
        "<div><a href='#toc'>Table of Contents</a></div>"
        "<div><span>Acme Widgets, Inc. | 2024 Form 10-K | </span></div>"
    )


def filing(item1_heading: str, item1_body: str, *, after: str | None = None) -> str:
    """A whole 10-K: hidden XBRL header, script, contents table, Item 1, later items."""
    after = (
        after
        if after is not None
        else (
            "<p><b>ITEM 1A.</b> <b>RISK FACTORS</b></p>"
            + paragraphs(RISKS, 30)
            + "<p>ITEM 2. PROPERTIES</p><p>We lease our headquarters.</p>"
            + "<p>ITEM 3. LEGAL PROCEEDINGS</p><p>None.</p>"
            + "<p>PART II</p><p>ITEM 7. MANAGEMENT’S DISCUSSION AND ANALYSIS</p>"
            + paragraphs("Revenue grew.", 5)
        )
    )
    return (
        "<?xml version='1.0' encoding='ASCII'?><html><head><title>acme-10k</title>"
        "<style>p { margin: 0 }</style><script>var s = 'ITEM 1. BUSINESS';</script></head><body>"
        "<div style='display:none'><ix:header><ix:hidden>ITEM 1. BUSINESS hidden fact"
        "</ix:hidden></ix:header></div>"
        "<p>UNITED STATES SECURITIES AND EXCHANGE COMMISSION</p><p>FORM 10-K</p>"
        + STANDARD_TOC
        + page_break(1)
        + "<p>PART I</p>"
        + item1_heading
        + item1_body
        + after
        + "</body></html>"
    )


def standard_body() -> str:
    return (
        paragraphs(BUSINESS, 8)
        + page_break(4)
        + paragraphs(BUSINESS, 8)
        + page_break(5)
        + paragraphs(BUSINESS, 4)
        + page_break(6)
    )
