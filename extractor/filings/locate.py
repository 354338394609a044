"""Find Item 1 ("Business") in the text of a whole 10-K.

The converted filing is a sequence of lines (paragraphs and table rows). A
line that starts with an item number ("ITEM 1.", "Item 1 —", "Items 1 and 2.
Business and Properties", a table row "Item 1. | Business | 4") is a heading
candidate. The table of contents also lists every item, so each Item 1
candidate is measured up to the next heading of another item and the longest
such stretch wins: a contents entry is followed by the "Item 1A" entry on the
very next line, the body heading by pages of text. A section of executive
officers under a heading of its own ends Item 1 too (``officers.py``).

What is returned is only ever a span of the given text; what looks doubtful
(too short or long, a cross-reference stub, other items' headings inside) is
reported as warnings for the caller to show, never silently repaired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.errors import SectionNotFoundError
from extractor.filings.officers import officers_cut

# Item 1 of real 10-Ks runs from ~3k to ~120k characters; outside these bounds
# the cut is more likely wrong than the filing unusual.
MIN_PLAUSIBLE_CHARS = 2_000
MAX_PLAUSIBLE_CHARS = 250_000
# Below this a section that points elsewhere "by reference" is a stub.
STUB_CHARS = 5_000
# Items 1A..4 make up Part I; Item 1 ends at one of them (or at Part II).
_LAST_PART_I_ITEM = 4

_ITEM_LINE = re.compile(
    r"""^(?:part\s+[iv]{1,3}\b[\s.,:|\-–—]*)?  # "PART I ITEM 1." on one line
    items?\s*(?P<num>\d{1,2})\s*(?P<letter>[a-d])?(?![0-9a-z])
    (?:\s*\(t\))?                           # "Item 9A(T)"
    (?:\s*(?:and|&|,|through)\s*(?:items?\s*)?(?P<num2>\d{1,2})(?P<letter2>[a-d])?(?![0-9a-z]))?
    (?P<rest>.*)$""",
    re.I | re.X,
)
_PART_LINE = re.compile(r"^part\s+(?:ii|iii|iv)\b[\s.:\-–—]*(?:[A-Z][^a-z]*)?$", re.I)
_OTHER_ITEM_TITLES = re.compile(
    r"^(?:risk factors|unresolved staff comments|legal proceedings|mine safety disclosures"
    r"|management['’]s discussion and analysis of financial condition and results of operations"
    r"|quantitative and qualitative disclosures? about market risk"
    r"|financial statements and supplementary data)\.?$",
    re.I,
)
_BY_REFERENCE = re.compile(
    r"incorporated\s+(?:herein\s+|in(?:to)?\s+this\s+item\s+)?by\s+reference", re.I
)
_THIS_ITEM_BY_REFERENCE = re.compile(
    r"this\s+item(?:\s+1)?\b[^.]{0,300}\bby\s+reference|by\s+reference[^.]{0,100}\bthis\s+item\b",
    re.I,
)

_WORDS = re.compile(r"[^\W\d_]{2,}")

ItemKey = tuple[int, str]  # (1, "") for Item 1, (1, "A") for Item 1A


@dataclass(frozen=True)
class Heading:
    start: int  # offset of the line in the text
    end: int  # offset just past the line
    items: tuple[ItemKey, ...]  # what the heading covers: Items 1 and 2 -> ((1,""), (2,""))
    line: str


@dataclass
class Section:
    start: int
    end: int
    heading: str
    end_heading: str | None
    warnings: list[str] = field(default_factory=list)

    @property
    def chars(self) -> int:
        return self.end - self.start


def _lines(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lead = len(body) - len(body.lstrip())
        if body.strip():
            out.append((pos + lead, pos + len(body), body.strip()))
        pos += len(raw)
    return out


def _heading(line: str) -> tuple[ItemKey, ...] | None:
    """The items a heading line names, or None when the line is not a heading."""
    m = _ITEM_LINE.match(line)
    if not m:
        return None
    rest = m.group("rest").strip()
    if rest[:1] == "." and rest[1:2].isdigit():
        return None  # "Item 5.02 of Form 8-K" cites another form's item
    # "Item 1 can be found in ..." is prose, "Item 1. Business" / "ITEM 1 BUSINESS" a heading.
    punctuated = not rest or rest[0] in ".:-–—|"
    titled = rest[:1].isupper() and len(line) <= 150
    if not (punctuated or titled):
        return None
    items: list[ItemKey] = [(int(m.group("num")), (m.group("letter") or "").upper())]
    if m.group("num2"):
        items.append((int(m.group("num2")), (m.group("letter2") or "").upper()))
    return tuple(items)


def find_headings(text: str) -> list[Heading]:
    found = []
    for start, end, line in _lines(text):
        items = _heading(line)
        if items is not None:
            found.append(Heading(start, end, items, line))
    return found


def _is_item1(h: Heading) -> bool:
    return h.items[0] == (1, "")


def _section_end(text: str, h: Heading, headings: list[Heading]) -> tuple[int, str | None, bool]:
    """End of the section opened by ``h``: the next other item's heading or a later Part.

    The flag says whether that end is what follows Item 1 in a 10-K (a Part I item
    or Part II), rather than a later item or the end of the text.
    """
    covered = set(h.items)
    nxt = next(
        (
            o
            for o in headings
            if o.start > h.start and not _is_item1(o) and not covered.issuperset(o.items)
        ),
        None,
    )
    limit = nxt.start if nxt else len(text)
    for start, _, line in _lines(text[h.end : limit]):
        if _PART_LINE.match(line) and len(line) <= 80:
            return h.end + start, line, True
    if nxt is None:
        return len(text), None, False
    return nxt.start, nxt.line, nxt.items[0][0] <= _LAST_PART_I_ITEM


def _doubts(text: str, sec: Section, headings: list[Heading]) -> list[str]:
    body = text[sec.start : sec.end]
    warnings = []
    if sec.end_heading is None:
        warnings.append(
            "no heading of a later item (1A, 1B, 1C, 2...) follows Item 1: "
            "the section runs to the end of the document"
        )
    if sec.chars < MIN_PLAUSIBLE_CHARS:
        warnings.append(
            f"Item 1 is implausibly short ({sec.chars:,} characters); "
            "check that the right heading was found"
        )
    elif sec.chars > MAX_PLAUSIBLE_CHARS:
        warnings.append(
            f"Item 1 is implausibly long ({sec.chars:,} characters); "
            "the end of the section may have been missed"
        )
    if sec.chars < STUB_CHARS and _BY_REFERENCE.search(body):
        warnings.append(
            "Item 1 looks like a cross-reference stub: its content is "
            "incorporated by reference from another document that is not in this file"
        )
    elif _THIS_ITEM_BY_REFERENCE.search(body):
        warnings.append(
            "part of Item 1 is incorporated by reference from another document "
            "(e.g. the annual report to shareholders) that is not in this text"
        )
    inner = [h.line for h in headings if sec.start < h.start < sec.end and h.start != sec.start]
    inner += [
        line
        for _, _, line in _lines(body)
        if _OTHER_ITEM_TITLES.match(line) or (_PART_LINE.match(line) and len(line) <= 80)
    ]
    for line in inner[:3]:
        warnings.append(f"another heading inside Item 1: {line[:80]!r}")
    return warnings


def locate_item1(text: str) -> Section:
    """The span of Item 1 in ``text``; raises ``SectionNotFoundError`` if there is none."""
    headings = find_headings(text)
    starts = [h for h in headings if _is_item1(h)]
    if not starts:
        others = sorted({h.items[0] for h in headings})
        seen = ", ".join(f"{n}{a}" for n, a in others[:8]) or "none"
        raise SectionNotFoundError(
            f"no 'Item 1' heading found (other item headings seen: {seen}); "
            "pass the Item 1 text itself instead"
        )
    # Candidates sharing an end are the same section; the last heading before it
    # is the body heading (an earlier one is a contents entry the end did not catch).
    by_end: dict[int, tuple[Heading, str | None, bool]] = {}
    for h in starts:
        end, end_line, expected = _section_end(text, h, headings)
        by_end[end] = (h, end_line, expected)

    def rank(kv: tuple[int, tuple[Heading, str | None, bool]]) -> tuple[bool, bool, int]:
        # Plausible length first (a contents entry is not), then an end that follows
        # Item 1 in a 10-K (not an appended document's "Item 1" running to the end),
        # then the longest.
        end, (h, _, expected) = kv
        return (end - h.start >= MIN_PLAUSIBLE_CHARS, expected, end - h.start)

    end, (head, end_line, _) = max(by_end.items(), key=rank)
    end = head.start + len(text[head.start : end].rstrip())
    if end_line is not None and not _WORDS.search(text[head.end : end]):
        # Nothing but page numbers between the heading and the next item: every
        # Item 1 heading found is a contents entry.
        raise SectionNotFoundError(
            f"'Item 1' appears only in the table of contents ({head.line[:60]!r} is followed "
            f"at once by {end_line[:40]!r}); the filing has no Item 1 section to summarise"
        )
    # Filers often end Item 1 with their executive officers under a heading of its own.
    cut = officers_cut(text, head.start, head.end, end)
    if cut.end is not None:
        end, end_line = cut.end, cut.heading
    sec = Section(start=head.start, end=end, heading=head.line, end_heading=end_line)
    sec.warnings = _doubts(text, sec, headings) + cut.warnings
    return sec
