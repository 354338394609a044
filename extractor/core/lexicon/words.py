"""Word lists more than one stage needs, written once.

Each is a regular-expression alternative (no groups that capture), so a module
builds its own pattern around it; ``tests/core/lexicon/test_words.py`` fails when one
of them is written out again elsewhere in the package.
"""

from __future__ import annotations

import re

# A four-digit year of the 20th or 21st century.
YEAR = r"(?:19|20)\d\d"
IS_YEAR = re.compile(rf"^{YEAR}$")

# The legal-form suffixes of a company's name ("Acme Widgets, Inc.", "Amcor plc").
LEGAL_SUFFIX = (
    r"(?:Inc\.?|INC\.?|Incorporated|Corporation|CORPORATION|Corp\.?|CORP\.?|plc|PLC"
    r"|Company|COMPANY|Co\.|CO\.|Ltd\.?|LTD\.?|Limited|N\.V\.|S\.A\.|LLC|L\.P\.|GmbH|SE|AG)"
)

# How a filer speaks of itself in the first person.
FIRST_PERSON_WORDS = r"(?:we|our|ours|us|ourselves)"

# Words that deny what their clause says ("we do not sell online", "no single customer");
# "not only" adds rather than denies, and "No. 5" is a number.
NEGATION_WORDS = (
    r"(?:no longer|not(?!\s+only\b)|never|nor|neither|none|nobody|nothing|nowhere|without"
    r"|cannot|no(?!\.\s*\d)|\w+n[’']t)"
)

# The names of the months, as a date writes them ("May 10, 2022").
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)

# Modal verbs: a clause that says what may be, not what is.
MODAL_WORDS = r"(?:may|might|could|would)"

# Hedges: a modal, or a verb of belief, intent or hope ("we believe", "it aims to").
HEDGE_WORDS = rf"(?:{MODAL_WORDS}|believes?|expects?|intends?|plans?|aims?|strives?|hopes?)"

# Verbs that say what a business does, base form ("design", "sell", "operate").
BUSINESS_VERBS = (
    r"(?:design|develop|manufacture|provide|offer|sell|operate|make|produce|market"
    r"|distribute|serve|own|license)"
)
