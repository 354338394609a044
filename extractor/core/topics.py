"""What a business-model summary leaves out, in the generic words of 10-K filings.

Item 1 also covers employees, training, intellectual property, competition,
governance, websites, ESG programmes and cross-references to other parts of
the filing; none of these says how the company makes money, so neither the
record nor the paragraph takes them (and the reader's measures count them).
"""

from __future__ import annotations

import re

from extractor.core.schema import Fact

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


def on_topic(fact: Fact) -> bool:
    """A fact the record and the paragraph may use: neither its cited words nor its
    statement is off-topic (a statement may drop the word that makes its span so)."""
    span = " ".join(c.quote for c in fact.citations)
    return not off_topic(span) and not off_topic(fact.statement)
