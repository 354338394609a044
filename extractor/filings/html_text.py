"""EDGAR HTML (including inline XBRL) to plain text with paragraph breaks.

The markup is parsed with lxml's HTML parser, never with regular expressions.
Block elements end a paragraph, table rows become one line each with cells
joined by `` | ``, and what a reader of the printed filing does not see is
dropped: scripts, styles, the hidden inline-XBRL header, ``display:none``
content, and page furniture (page numbers, running headers and footers, the
"Table of Contents" back-links) found next to page breaks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import lxml.html
from lxml import etree

from extractor.errors import InputError
from extractor.filings.plain_text import plain_text_clean

# Elements whose content never reaches the reader.
_SKIP = {"script", "style", "head", "title", "noscript", "template", "object", "ix:header"}
# Elements that start and end a paragraph.
_BLOCK = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "table", "center", "blockquote", "pre", "section", "article", "header", "footer",
    "address", "form", "body", "html", "caption", "fieldset", "nav", "main", "aside",
}  # fmt: skip
_CELL = {"td", "th"}
_BREAK_BEFORE = re.compile(r"(?:page-)?break-before\s*:\s*(?:always|page)", re.I)
_BREAK_AFTER = re.compile(r"(?:page-)?break-after\s*:\s*(?:always|page)", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.I)
# Page numbers as printed: "12", "- 12 -", "Page 12", "F-3", "ii".
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,7}|[A-Z]{1,2}-\s?\d{1,3})\s*[-–—]?$", re.I
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad"))
# How many paragraphs next to a page break may be page furniture.
_EDGE = 3
_FURNITURE_MAX_CHARS = 120
# A running header sits at (at least) this share of all page breaks.
_FURNITURE_SHARE = 0.1


@dataclass(frozen=True)
class _Piece:
    kind: str  # "para", "row" or "page"
    text: str = ""


def _tag(el: etree._Element) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None  # comment or processing instruction
    return tag.lower()


def _norm(text: str) -> str:
    """Collapse runs of whitespace (NBSP included) to one space; drop zero-width marks."""
    return " ".join(text.translate(_ZERO_WIDTH).split())


_CELL_BLOCK = "\x00"  # marks a block boundary inside a table cell


class _Collector:
    """Accumulates inline text into paragraphs and table rows while the tree is walked."""

    def __init__(self) -> None:
        self.pieces: list[_Piece] = []
        self.buf: list[str] = []
        self.cells: list[list[str]] | None = None  # each cell's blocks, while inside a row
        self.cell_depth = 0

    def text(self, s: str | None) -> None:
        if s:
            self.buf.append(s)

    def block_break(self) -> None:
        if self.cell_depth:
            self.buf.append(_CELL_BLOCK)  # decided at the end of the row
            return
        para = _norm("".join(self.buf))
        self.buf = []
        if para:
            self.pieces.append(_Piece("row" if self.cells is not None else "para", para))

    def page_break(self) -> None:
        self.block_break()
        if not self.cell_depth and not (self.pieces and self.pieces[-1].kind == "page"):
            self.pieces.append(_Piece("page"))

    def preformatted(self, text: str) -> None:
        self.block_break()
        if text.strip():
            self.pieces.append(_Piece("pre", text.strip("\n")))

    def start_row(self) -> None:
        self.block_break()
        self.cells = []

    def end_cell(self) -> None:
        blocks = [b for b in (_norm(x) for x in "".join(self.buf).split(_CELL_BLOCK)) if b]
        self.buf = []
        if blocks and self.cells is not None:
            self.cells.append(blocks)

    def end_row(self) -> None:
        cells, self.cells = self.cells or [], None
        if len(cells) == 1 and len(cells[0]) > 1:
            # A one-cell layout table holding running text: its blocks are paragraphs.
            self.pieces.extend(_Piece("para", b) for b in cells[0])
        elif cells:
            self.pieces.append(
                _Piece("row", " | ".join(_glue_figures([" ".join(c) for c in cells])))
            )


_CLOSING_CELL = re.compile(r"^[)%]+$")  # "(6,924" | ")"  and  "74.1" | "%"
_OPENING_CELL = re.compile(r"^[$€£¥(]+$")  # "$" | "1,200"


def _glue_figures(cells: list[str]) -> list[str]:
    """Financial tables put "$", "(" and ")", "%" in cells of their own; rejoin the figure."""
    out: list[str] = []
    opening = ""
    for cell in cells:
        if _CLOSING_CELL.match(cell) and out and not opening:
            out[-1] += cell
        elif _OPENING_CELL.match(cell):
            opening += cell
        else:
            out.append(opening + cell)
            opening = ""
    if opening:
        out.append(opening)
    return out


def _walk(root: etree._Element, out: _Collector) -> None:
    # Iterative walk: deeply nested legacy markup must not hit the recursion limit.
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = _tag(el)
        if closing:
            if tag in _CELL:
                out.cell_depth -= 1
                if out.cell_depth == 0:
                    out.end_cell()
                else:
                    out.buf.append(" ")  # a nested table's cells stay in the outer cell
            elif tag == "tr" and out.cell_depth == 0:
                out.end_row()
            elif tag in _BLOCK or tag == "tr":
                out.block_break()
            if _BREAK_AFTER.search(el.get("style") or ""):
                out.page_break()
            out.text(el.tail)
            continue
        if tag is None:
            out.text(el.tail)  # a comment's text is not content, its tail is
            continue
        style = el.get("style") or ""
        if tag in _SKIP or _HIDDEN_STYLE.search(style) or el.get("hidden") is not None:
            out.text(el.tail)
            continue
        if tag == "pre" and not out.cell_depth:
            # Pre-2000s filings wrapped in <pre>: the line breaks are the structure.
            out.preformatted(plain_text_clean(el.text_content()))
            out.text(el.tail)
            continue
        if tag == "hr" or _BREAK_BEFORE.search(style):
            out.page_break()
        if tag == "tr" and out.cell_depth == 0:
            out.start_row()
        elif tag in _CELL:
            if out.cell_depth == 0 and out.cells is None:
                out.start_row()  # a cell outside any row: treat as its own row
            out.cell_depth += 1
            out.buf.append(" ")
        elif tag in _BLOCK:
            out.block_break()
        out.text(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))


def _furniture_key(text: str) -> str:
    """Running headers repeat with a changing page number: compare them without digits."""
    return re.sub(r"\d+", "#", text.lower())


def _drop_page_furniture(pieces: list[_Piece]) -> list[_Piece]:
    """Remove page numbers and running headers/footers found next to page breaks.

    A running header is a short line that sits next to many different page
    breaks (digits ignored, as they carry the page number). Counting distinct
    breaks, not occurrences, keeps a table's repeated data rows that merely
    straddle one break.
    """
    breaks = [i for i, p in enumerate(pieces) if p.kind == "page"]
    windows: list[set[int]] = []
    for b in breaks:
        window: set[int] = set()
        for step in (-1, 1):
            i, seen = b + step, 0
            while 0 <= i < len(pieces) and seen < _EDGE and pieces[i].kind != "page":
                window.add(i)
                i, seen = i + step, seen + 1
        windows.append(window)
    counts: Counter[str] = Counter()
    for window in windows:
        counts.update(
            {
                _furniture_key(pieces[i].text)
                for i in window
                if len(pieces[i].text) <= _FURNITURE_MAX_CHARS
            }
        )
    repeated = max(3, int(_FURNITURE_SHARE * len(breaks)))
    drop: set[int] = set()
    for i in set().union(*windows) if windows else set():
        text = pieces[i].text
        if _PAGE_NUMBER.match(text) or (
            len(text) <= _FURNITURE_MAX_CHARS and counts[_furniture_key(text)] >= repeated
        ):
            drop.add(i)
    return [p for i, p in enumerate(pieces) if i not in drop and p.kind != "page"]


def _join(pieces: list[_Piece]) -> str:
    parts: list[str] = []
    prev = ""
    for p in pieces:
        if parts:
            parts.append("\n" if p.kind == "row" and prev == "row" else "\n\n")
        parts.append(p.text)
        prev = p.kind
    return "".join(parts) + ("\n" if parts else "")


def parse_html(markup: str) -> etree._Element:
    # lxml refuses str input that carries an XML encoding declaration; hand it UTF-8 bytes.
    # huge_tree: some filings carry text nodes beyond libxml2's default safety limit.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False, huge_tree=True)
    root = lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    for e in parser.error_log:
        # libxml2 stops building the tree at its depth limit and drops the rest.
        if "Excessive depth" in e.message:
            depth = re.search(r"\d+", e.message)
            raise InputError(
                f"the HTML is nested more than {depth.group() if depth else 'the maximum'} "
                f"levels deep at line {e.line}, column {e.column}: the text would be "
                "truncated there, so the filing is not read"
            )
    return root


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document: paragraphs separated by blank lines."""
    out = _Collector()
    _walk(parse_html(markup), out)
    out.block_break()
    return _join(_drop_page_furniture(out.pieces))


def looks_like_html(text: str) -> bool:
    """An HTML document, not a text that happens to mention a tag or two."""
    head = text[:20000].lower()
    if any(t in head for t in ("<html", "<body", "<!doctype html")):
        return True
    return sum(head.count(t) for t in ("<div", "<p>", "<p ", "<table", "<font", "<br", "<td")) >= 5
