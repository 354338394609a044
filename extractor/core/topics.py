"""What a business-model summary leaves out, in the generic words of 10-K filings.

Item 1 also covers employees, training, intellectual property, competition,
governance, websites, ESG programmes and cross-references to other parts of
the filing; none of these says how the company makes money, so neither the
record nor the paragraph takes them (and the reader's measures count them).
"""

from __future__ import annotations

import re

from extractor.core.schema import Fact
from extractor.core.segment import looks_like_heading

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


_BLANK = re.compile(r"\n[ \t]*\n[ \t]*$")


def section_heading(source: str, at: int) -> str:
    """The heading of the section holding offset ``at``: the nearest line above it that
    stands alone (after a blank line or at the top) and looks like a heading; "" if none."""
    end = source.rfind("\n", 0, at)
    while end > 0:
        start = source.rfind("\n", 0, end) + 1
        line = source[start:end]
        if (
            line.strip()
            and looks_like_heading(line)
            and (start == 0 or _BLANK.search(source[max(0, start - 40) : start]))
        ):
            return line.strip()
        end = start - 1
    return ""


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
