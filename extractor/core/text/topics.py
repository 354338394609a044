"""What a business-model summary leaves out, in the generic words of 10-K filings.

Item 1 also covers employees, training, intellectual property, competition,
governance, websites, ESG programmes and cross-references to other parts of
the filing; none of these says how the company makes money, so neither the
record nor the paragraph takes them (and the reader's measures count them).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from extractor.core.schema import Fact
from extractor.core.text.segment import looks_like_heading

OFF_TOPIC = re.compile(
    r"\b(?:employees?|workforce|headcount|human capital|unions?|collective bargaining|bargaining"
    r"|teamsters|delaware|limited partnership|general partner"
    r"|labou?r (?:relations|agreements?)|associates? experience|training|talent"
    r"|patents?|trademarks?|copyrights?|intellectual property|trade secrets?"
    r"|compet(?:e|es|ed|ing|itor|itors|ition|itive)"
    r"|board of directors|governance|executive (?:vice )?president|chief \w+ officer|officers?"
    r"|websites?(?= for| at|,|\.)|www\.|https?://|visit (?:our|its) website|\w+\.com"
    r"|websites? (?:contains?|includes?|provides?)|maintains? a website|investor relations"
    r"|references to [“\"]?(?:we|us|our|it|its|the company)\b|unless the context|free of charge"
    r"|investors should|market shares?"
    r"|sustainability|ESG|environmental, social|greenhouse|emissions|climate|diversity"
    r"|inclusion|philanthrop\w+|pledged?|forward-looking|(?:our|its) people"
    r"|for (?:more|additional|further) information|supplementary data|form 10-[kq]|form 8-k"
    r"|subject to (?:regulation|supervision|these rules)|regulated by"
    r"|incorporated (?:in|under)\b|(?:provides?|disclosed?) information (?:about|regarding|on)"
    r"|annual report to (?:share|stock)holders|financial information (?:about|concerning|regarding)"
    r"|(?:refer to|see|in) [“\"]?(?:note|item|part)\s+\w+|notes to (?:the )?consolidated)\b",
    re.I,
)


def off_topic(text: str) -> bool:
    """Employees/unions, training, patents/trademarks, competition, governance, websites,
    ESG, cross-references: not part of the business model."""
    return OFF_TOPIC.search(text) is not None


_HEADING_LINE = re.compile(r"(?:\A|\n[ \t\r]*\n)([^\n]+)(?=\n|\Z)")


@lru_cache(maxsize=4)
def _headings(source: str) -> tuple[list[int], list[str]]:
    """Offsets and texts of the lines that stand alone (after a blank line or at the top)
    and look like headings, in order; once per text."""
    starts, texts = [], []
    for m in _HEADING_LINE.finditer(source):
        if looks_like_heading(m[1]):
            starts.append(m.start(1))
            texts.append(m[1].strip())
    return starts, texts


def section_heading(source: str, at: int) -> str:
    """The heading of the section holding offset ``at``: the nearest heading line above
    it; "" if none."""
    starts, texts = _headings(source)
    i = bisect_right(starts, at) - 1
    return texts[i] if i >= 0 and starts[i] < at else ""


def off_topic_section(heading: str) -> bool:
    """A heading of a section outside the business model ("Developing Talent", "Human
    Capital"): every topic it joins is off-topic ("Markets and Competition" and
    "Sustainability and Innovation" are also about markets and innovation)."""
    parts = [p for p in re.split(r"\s*(?:,|&|/|\band\b)\s*", heading, flags=re.I) if p.strip()]
    return bool(parts) and all(off_topic(p) for p in parts)


def on_topic(fact: Fact, source: str = "") -> bool:
    """A fact the record and the paragraph may use: neither its cited words nor its
    statement is off-topic (a statement may drop the word that makes its span so), nor
    the section of the text it comes from (given ``source``): "showcase presentations"
    under a heading about training is about training."""
    span = " ".join(c.quote for c in fact.citations)
    if off_topic(span) or off_topic(fact.statement):
        return False
    return not source or not off_topic_section(section_heading(source, fact.citations[0].start))
