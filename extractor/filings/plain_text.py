"""Plain-text filings: the EDGAR SGML envelope and the page furniture of typed pages."""

from __future__ import annotations

import re

_PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:page\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–—]?\s*$", re.I
)


def sgml_main_document(text: str) -> str | None:
    """The <TEXT> of the first 10-K document of an EDGAR SGML submission, if this is one."""
    head = text[:10000].upper()
    if "<DOCUMENT>" not in head and "<SEC-DOCUMENT>" not in head:
        return None
    upper = text.upper()
    pos = 0
    first: str | None = None
    while (start := upper.find("<DOCUMENT>", pos)) != -1:
        end = upper.find("</DOCUMENT>", start)
        end = len(text) if end == -1 else end
        block, block_upper = text[start:end], upper[start:end]
        t0, t1 = block_upper.find("<TEXT>"), block_upper.find("</TEXT>")
        body = "" if t0 == -1 else block[t0 + 6 : t1 if t1 > t0 else len(block)]
        type_at = block_upper.find("<TYPE>")
        doc_type = block_upper[type_at + 6 :].split(maxsplit=1)[0] if type_at != -1 else ""
        if doc_type.startswith("10-K"):
            return body
        first = first if first is not None else body
        pos = end + 1
    return first


def plain_text_clean(text: str) -> str:
    """A plain-text filing without its page furniture: <PAGE> marks, form feeds, page numbers."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.upper() == "<PAGE>" or "\f" in line:
            # A page ends here: the lone number just above is its page number.
            while out and not out[-1].strip():
                out.pop()
            if out and _PAGE_NUMBER_LINE.match(out[-1]):
                out.pop()
            out.append("")
            rest = line.replace("\f", "").strip()
            if rest and rest.upper() != "<PAGE>":
                out.append(rest)
            continue
        if not stripped and out and not out[-1].strip():
            continue  # one blank line between paragraphs is enough
        out.append(line.rstrip())
    return "\n".join(out).strip("\n") + "\n"
