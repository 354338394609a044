"""Where an "executive officers" section inside Item 1 begins.

Form 10-K lets filers put the list of executive officers (Regulation S-K
401(b)) in Part I, and many do so at the end of the business description,
under a heading of its own ("Executive Officers of the Registrant",
"Information about our Executive Officers", ...) rather than an item number.
Those biographies are not the business, so Item 1 ends before such a heading.

A heading is recognised by what it is: a line standing as a paragraph of its
own whose words are a title about executive officers (optional "Information
about"/"our", the officers, optional "and key employees", optional "of the
Registrant/Company/<name>", an optional date), not a sentence that mentions
them. Since the officers follow the business description, a heading with more
text after it than before it is doubtful and not cut at; such a heading, and
a short standalone line that mentions executive officers without being clearly
a title, are reported as warnings instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TITLE = re.compile(
    r"""^(?:supplement(?:al|ary)\s+)?(?:item\s*[\w().]{0,8}\s*[.:\-–—]?\s+)?  # "Item 4(a)."
    (?:part\s+i\s*[.:\-–—]?\s+)?
    (?:(?:\d{1,2}|[a-z])[.)]\s+|\((?:\d{1,2}|[a-z])\)\s+)?          # "A. " "(a) "
    (?:(?:certain\s+)?(?:information|identification|list|biographies|biographical\s+information)
       \s+(?:(?:about|concerning|regarding|on|of|for|relating\s+to|with\s+respect\s+to)\s+)?)?
    (?:(?:the|our|current)\s+)?
    (?:directors\s+(?:and|&)\s+)?
    executive\s+officers
    (?:\s*(?:and|&)\s+(?:directors|(?:other\s+|certain\s+)?(?:key|significant)\s+
        (?:employees|personnel|officers)|key\s+management))?
    (?:\s+of\s+(?:the\s+)?(?:registrant|company|corporation|issuer|partnership|trust|bank
        |(?-i:[A-Z0-9][\w.,&'’\-]*)(?:\s+(?-i:[A-Z0-9&][\w.,&'’\-]*)){0,5})
       (?:\s+(?:and|&)\s+(?:its|their)\s+subsidiaries)?)?
    (?:\s*,?\s*\(?as\s+of\s+[\w ,]{3,30}\)?|\s*\([^()]{0,60}(?:\([^()]{0,10}\)[^()]{0,30})?\))?
    \s*[.:]?$""",
    re.I | re.X,
)
_MENTION = re.compile(r"\bexecutive\s+officers\b", re.I)
_RULE = re.compile(r"^[-=_*\s]{3,}$")  # "------" under a typed heading
_HEADING_MAX_CHARS = 100
_HEADING_MAX_WORDS = 14


@dataclass
class OfficersCut:
    end: int | None = None  # where the section should end now; None when it is not cut
    heading: str | None = None  # the officers heading it ends before
    warnings: list[str] = field(default_factory=list)


def _paragraph_lines(text: str, start: int, end: int) -> list[tuple[int, str, bool, bool]]:
    """(offset, stripped line, starts a paragraph, stands alone) for each non-blank line."""
    raw = text[start:end].splitlines(keepends=True)
    bodies = [r.rstrip("\r\n") for r in raw]
    out = []
    pos = start
    for i, body in enumerate(bodies):
        line = body.strip()
        if line and not _RULE.match(line):
            prev = bodies[i - 1].strip() if i else ""
            nxt = bodies[i + 1].strip() if i + 1 < len(bodies) else ""
            first = not prev
            # A heading may be underlined or run straight into its table/text, but a
            # line whose next line starts lower-case is the head of a wrapped sentence.
            alone = not nxt or bool(_RULE.match(nxt)) or not nxt[:1].islower()
            lead = len(body) - len(body.lstrip())
            out.append((pos + lead, line, first, alone))
        pos += len(raw[i])
    return out


def _clean(line: str) -> str:
    # A heading in an HTML table cell comes out as "Title |" or "| Title".
    return " ".join(line.replace("|", " ").split())


def _short(line: str) -> bool:
    return len(line) <= _HEADING_MAX_CHARS and len(line.split()) <= _HEADING_MAX_WORDS


def is_officers_heading(line: str) -> bool:
    """Whether a standalone line is clearly the title of an executive officers section."""
    line = _clean(line)
    return _short(line) and bool(_TITLE.match(line))


def _maybe_heading(line: str) -> bool:
    """A short line of its own mentioning executive officers that is not plainly a sentence."""
    line = _clean(line)
    return _short(line) and bool(_MENTION.search(line)) and not line.endswith((".", "?", ";"))


def officers_cut(text: str, start: int, body_start: int, end: int) -> OfficersCut:
    """Where the section ``text[start:end]`` should end before an executive officers section.

    ``body_start`` is where the section's own text begins (after its Item 1
    heading line); headings are looked for in ``text[body_start:end]``.
    """
    cut = OfficersCut()
    doubtful: list[str] = []
    for pos, line, first, alone in _paragraph_lines(text, body_start, end):
        if not (first and alone):
            continue
        if is_officers_heading(line):
            before = len(text[start:pos].rstrip())
            after = end - pos
            if before >= after:
                cut.end, cut.heading = start + before, line
                break
            doubtful.append(
                f"{line[:80]!r} looks like the heading of an executive officers section, but "
                f"more of Item 1 follows it ({after:,} characters) than precedes it "
                f"({before:,}); Item 1 was not ended there"
            )
        elif _maybe_heading(line):
            doubtful.append(
                f"{line[:80]!r} may head an executive officers section (not clearly a "
                "heading); it was kept inside Item 1"
            )
    cut.warnings = doubtful[:3]
    return cut
