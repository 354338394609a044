"""Whether a verified statement may be said in the paragraph, and in which words.

A fact stays in the JSON, out of the paragraph, when saying it would praise, plan or
narrate a dated event, bend what its span says (another party's act given to the
company, a table's figure without its unit, an object cut off), state as fact what may
be, credit another company or a regulator, or say nothing of the company at all.
``richest`` picks the words: the statement, or its cited span where that carries
figures the statement left out, or a table row worded from its cells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.core.lexicon.words import YEAR
from extractor.core.paragraph.wording import passive_made_active
from extractor.core.schema import Category, Fact
from extractor.core.text.clauses import other_party_subject
from extractor.core.text.company import Company
from extractor.core.text.figures import find_figures, unsupported_figures
from extractor.core.text.meaning import bent, cut_short, cut_within, table_row
from extractor.core.text.table_context import cited_row, cited_row_sentence
from extractor.core.text.worth import has_figure, not_worth_saying, substance
from extractor.core.verify.claim_wording import hedge_dropped, speculative
from extractor.core.verify.support import other_party_clause

_ABOUT_COMPANY = re.compile(r"^(?:It|Its)\b|\b(?:it|its|itself)\b")


# A statement noted under financing is said there only if it speaks of money raised, owed
# or returned: debt, equity, credit, results, dividends, buybacks, cash needs. Spending
# ("funds to developing solutions", "$12 million on research") and "stock" of goods are not.
_FINANCIAL = re.compile(
    r"\b(?:debt|indebtedness|loans?|borrow\w*|credit (?:facilit\w+|lines?|agreements?)"
    r"|lines? of credit|(?:senior|convertible|promissory) notes|notes (?:payable|due)|bonds"
    r"|debentures|commercial paper|financing|equity|(?:stock|share)holders|(?:common|preferred)"
    r" stock|(?:stock|share|equity|public) offerings?|private placements?"
    r"|issu\w+ (?:of )?(?:\w+ )?(?:stock|shares)|dividends?|(?:stock|share) repurchases?"
    r"|repurchased?|buybacks?|net (?:loss|income|earnings)|losses|accumulated deficit"
    r"|going concern|liquidity|working capital|capital (?:resources|requirements|needs)"
    r"|rais\w+ (?:\w+ ){0,2}(?:capital|funds|money|financing)|additional (?:capital|funding)"
    r"|cash (?:needs|requirements|flows?|on hand|equivalents|position|balances?|resources)"
    r"|deposits|interest (?:expense|payments?)|royalty (?:obligations|arrears)"
    r"|obligated to pay|capital expenditures)\b",
    re.I,
)
# A regulator or government as the subject, after an opening phrase: "Through the Deposit
# Insurance Fund ..., the FDIC insures ...", "The FRB has finalized ...".
_AUTHORITY_SUBJECT = re.compile(
    # A government that buys is a customer: "The U.S. government is its largest customer".
    r"^(?!.*\b(?:customers?|clients?|accounted for)\b)"
    r"(?:[^,]{0,120},\s+)?(?:[Tt]he\s+[A-Z]{2,6}\b|(?:[Tt]he\s+)?(?:(?:[A-Z][\w.]*|federal|state|local|banking|bank"
    r"|foreign|national|regulatory|governmental)\s+){0,3}"
    r"(?:regulators?|[Aa]genc(?:y|ies)|[Gg]overnment|Congress|[Cc]ommission|[Ll]egislature"
    r"|[Cc]ourts?|Treasury|Federal Reserve)\b"
    # A regulator's rule or requirement: "It is also subject to the FRB's rule ...",
    # "Prior notice to the FRB may be required ...".
    r"|.*\b(?:subject to|notice to|approval (?:of|from)) (?:the )?[A-Z]{2,6}\b"
    # What a law imposes: "A 100% excise tax is imposed on ...".
    r"|[^.]{0,80}?\b(?:is|are|may be|will be)\s+(?:imposed|levied|assessed)\b)"
)
# A sentence led by a line of the filer's accounts ("Total capital expenditures ...",
# "Net sales were ...", "Revenues from ...").
_ACCOUNTS = re.compile(
    # Words of an amount may lead in: "The payment of the regular quarterly dividend".
    r"^(?:(?:the|a|an|its|total|net|gross|consolidated|operating|annual|quarterly|regular"
    rf"|special|cash|payment|amount|sum|of|fiscal|{YEAR})\s+){{0,6}}?(?:revenues?|sales|income|loss"
    r"|earnings|capital expenditures|dividends?"
    r"|deposits|loans|assets|backlog|bookings|orders)\b",
    re.I,
)
_HEADING = re.compile(r"^(?:[A-Z][\w&.’'-]*\s?){1,4}:\s+(?=[A-Z])")


def richest(f: Fact) -> str:
    """The statement, or its cited sentence itself when that carries figures the statement
    left out ("83% and 76% ... respectively" where the model wrote only 83%): the source's
    own words, whole, so nothing is lost and nothing is added."""
    if table_row(f.citations[0].quote) and (
        row := cited_row_sentence([c.quote for c in f.citations])
    ):
        return row  # the row with its label, unit, years and table, figures as written
    span = " ".join(" ".join(c.quote for c in f.citations).split())
    span = _HEADING.sub("", span)
    # A run-in heading ("FedEx Freight: FedEx Freight Corporation is ...") is not said.
    statement = _HEADING.sub("", f.statement)
    if (
        not unsupported_figures(span, statement)
        and not cut_short(statement, span)
        and not cut_within(statement, span)
    ):
        return statement
    words = len(span.split())
    if table_row(span) or not 6 <= words <= 50 or not span[:1].isupper() or span[-1:] not in ".!":
        return statement
    return span


# A threshold a rule sets ("assets of $10 billion or more"), not a figure of the business.
_THRESHOLD = re.compile(
    r"[$\d][\d.,]*\s*(?:%|percent|million|billion|trillion)?\s+or (?:more|greater|less|fewer)\b",
    re.I,
)


def unsayable(
    f: Fact,
    statement: str,
    draft: str,
    area: Category,
    names: Sequence[str],
    company: Company,
) -> str | None:
    """Why ``statement`` (the words ``richest`` chose; ``draft`` with the company as
    subject) is not said in the paragraph, or None."""
    figured = bool(find_figures(f.statement))
    if why := not_worth_saying(draft):
        return why  # praise, a plan, a dated event
    span = " ".join(c.quote for c in f.citations)
    # A table's row is worded from its cells, not rewritten from a statement.
    if cited_row([c.quote for c in f.citations]) is None:
        if passive_made_active(statement, span, list(names)):
            return "doer added"  # "It imposes a tax" from "a tax is imposed"
        if cut_within(statement, span):
            return "cut short"  # "... and is obligated to pay.": its object was cut off
        if bent(statement, span, list(names)):
            return "bent"  # another party's act, a table's figure without its unit or row
    if not figured and (speculative(statement) or hedge_dropped(statement, span)):
        return "speculative"  # "It may potentially dilute its equity"
    if other_party_subject(statement, 0, company.head) or other_party_clause(
        statement, span, company
    ):
        return "another company's"  # "Globex Inc. reported ..."
    about = _ABOUT_COMPANY.search(draft) or any(n in draft for n in names) or company.unit_in(draft)
    if not about and not (
        figured and (_ACCOUNTS.match(draft) or substance(draft) > has_figure(draft))
    ):
        # "Data is the lifeblood of an organization.": a sentence that does not name the
        # company says something of it only as a figure of its accounts or its business.
        return "not about the company"
    if _THRESHOLD.search(draft):
        return "a threshold"  # "if the company to be acquired has assets of $10 billion or more"
    if _AUTHORITY_SUBJECT.match(draft):
        return "a regulator's act"  # "The FRB has finalized ..."
    if area == "financing" and not _FINANCIAL.search(draft):
        return "not financing"  # "It offers devices with consolidated functionality."
    return None
