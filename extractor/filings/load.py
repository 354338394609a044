"""Turn whatever the analyst has (an Item 1 text, a whole 10-K as plain text or as
EDGAR HTML) into the Item 1 text the pipeline reads, with its provenance.

Offsets of citations index ``LoadedDocument.text``. For a whole filing that
text is ``converted_text[section_start:section_end]``, where ``converted_text``
is this module's conversion of the filing (``extractor locate FILING
--text-out full.txt`` writes it), so the cited text can always be rebuilt from
the filing whose sha256 is recorded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from extractor.filings.html_text import html_to_text, looks_like_html
from extractor.filings.language import not_english_warning
from extractor.filings.locate import find_headings, locate_item1
from extractor.filings.officers import officers_cut
from extractor.filings.plain_text import plain_text_clean, sgml_main_document

SourceKind = Literal["item1-text", "10-k-text", "10-k-html"]

# A plain text with headings of this many distinct later items is a whole 10-K,
# not an Item 1 (which at most mentions other items inside sentences).
_WHOLE_FILING_ITEMS = 3


@dataclass
class LoadedDocument:
    name: str
    text: str  # what the pipeline reads and citations index
    kind: SourceKind
    filing_sha256: str  # of the input as given (bytes, or UTF-8 of the text)
    section_start: int  # text == converted_text[section_start:section_end]
    section_end: int
    converted_text: str  # the whole input as text (equals ``text`` for an Item 1 text)
    warnings: list[str] = field(default_factory=list)
    heading: str | None = None  # the Item 1 heading line found (None for an Item 1 text)
    end_heading: str | None = None  # the heading that ended the section
    filing: dict[str, object] | None = None  # EDGAR identity (FilingInfo) when fetched

    def document_fields(self) -> dict[str, object]:
        """The provenance fields of ``DocumentInfo`` in the output JSON."""
        fields: dict[str, object] = {
            "source_kind": self.kind,
            "filing_sha256": self.filing_sha256,
            "section_start": self.section_start,
            "section_end": self.section_end,
            "warnings": list(self.warnings),
        }
        if self.filing is not None:
            fields["filing"] = dict(self.filing)
        return fields

    def cited_text(self, sha256: str | None) -> str:
        """The text an output whose ``document.sha256`` is ``sha256`` cites.

        That is ``text``, except for an output made from a whole Item 1 text before
        Item 1 texts were cut at an executive officers section: it cites all of it.
        """
        if sha256 and _sha256(self.text) != sha256 == _sha256(self.converted_text):
            return self.converted_text
        return self.text


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_whole_filing(text: str) -> bool:
    later = {h.items[0] for h in find_headings(text) if h.items[0] != (1, "")}
    return len(later) >= _WHOLE_FILING_ITEMS


def load_document(name: str, raw: str) -> LoadedDocument:
    """Classify the text and return the Item 1 text with where it came from.

    The text is decoded already: files are read (and their filing hash taken)
    by ``extractor.documents.load_source``, the one reader. An Item 1 text
    passes through unchanged (offsets identical to reading it directly). A
    whole 10-K is converted to text and Item 1 located in it;
    ``SectionNotFoundError`` (an ``InputError``) if it has no Item 1 heading.
    A text that is mostly not English is read all the same, with a warning.
    """
    doc = _load(name, raw)
    if (warning := not_english_warning(doc.text)) is not None:
        doc.warnings = [*doc.warnings, warning]
    return doc


def _load(name: str, raw: str) -> LoadedDocument:
    sha = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    body = sgml_main_document(raw)
    source = raw if body is None else body
    kind: SourceKind
    if looks_like_html(source):
        kind, full = "10-k-html", html_to_text(source)
    elif body is not None or is_whole_filing(raw):
        kind, full = "10-k-text", plain_text_clean(source)
    else:
        return _item1_text(name, raw, sha)
    section = locate_item1(full)
    return LoadedDocument(
        name=name,
        text=full[section.start : section.end],
        kind=kind,
        filing_sha256=sha,
        section_start=section.start,
        section_end=section.end,
        converted_text=full,
        warnings=section.warnings,
        heading=section.heading,
        end_heading=section.end_heading,
    )


def _item1_text(name: str, raw: str, sha: str) -> LoadedDocument:
    """An Item 1 text as given, or its beginning when it ends with an executive officers section.

    Only the end can move, so offsets into the text stay those of the input.
    """
    cut = officers_cut(raw, 0, 0, len(raw))
    if cut.end is None:
        return LoadedDocument(name, raw, "item1-text", sha, 0, len(raw), raw, cut.warnings)
    left_out = (
        f"an executive officers section starts at {cut.heading!r:.80}: only the {cut.end:,} of "
        f"{len(raw):,} characters before it are used as Item 1"
    )
    return LoadedDocument(
        name=name,
        text=raw[: cut.end],
        kind="item1-text",
        filing_sha256=sha,
        section_start=0,
        section_end=cut.end,
        converted_text=raw,
        warnings=[left_out, *cut.warnings],
        end_heading=cut.heading,
    )
