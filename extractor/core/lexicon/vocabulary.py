"""The generic vocabulary of 10-K filings the business-model record classifies with.

Kinds of revenue, channels and financing as any Item 1 names them, regions,
and the words that may link a financing kind to its amount. Never a word of
one document, never a company name.
"""

from __future__ import annotations

import re

from extractor.core.lexicon.words import MODAL_WORDS

EARNED_BY: tuple[tuple[str, str], ...] = (
    (
        "product sales",
        # "sells"/"sold" alone is also said of receivables, accounts and assets.
        r"\b(?:sales of (?:our |its )?products|product sales|net sales"
        r"|sells? (?:its |our |their )?(?:\w+ )?products|products (?:are |is )?(?:\w+ )?sold)\b",
    ),
    ("subscriptions", r"\bsubscriptions?\b"),
    ("leases and rent", r"\b(?:leases?|leasing|rental|rents?)\b"),
    ("fees", r"\bfees?\b"),
    ("interest", r"\b(?:interest income|net interest|interest on)\b"),
    ("royalties", r"\broyalt(?:y|ies)\b"),
    ("services", r"\b(?:services? revenues?|revenues? from services|service fees)\b"),
)

CHANNEL_KINDS: tuple[tuple[str, str], ...] = (
    (
        "direct sales force",
        r"\b(?:direct sales (?:force|team|organi[sz]ation)|own sales force"
        r"|sales (?:force|team|representatives))\b",
    ),
    ("direct sales", r"\b(?:direct sales|sells? directly|sold directly)\b"),
    ("distributors", r"\b(?:distributors?|wholesalers?|distribution partners)\b"),
    ("resellers", r"\b(?:resellers?|value-added resellers?|VARs)\b"),
    ("carriers", r"\b(?:wireless |mobile )?carriers\b"),
    ("retailers", r"\b(?:retailers|retail partners|mass merchants)\b"),
    # Its own stores: "grocery stores" among its customers, or the military's "branches",
    # are not a channel it runs.
    (
        "stores",
        r"\b(?:(?:our|its|company-(?:owned|operated)|retail) stores|showrooms"
        r"|branch (?:locations|offices|network)|retail outlets)\b",
    ),
    # "Online" said of a channel, not of a plant "brought online" or resources "online
    # between 2026 and 2028": with a selling word before or a channel word after.
    (
        "online",
        r"\b(?:(?:through|via|and|or|sold|sells?|buy|order(?:ed)?|purchased?|available|offered"
        r"|shop)\s+online|online(?=\s+(?:and|or)\s|\s+(?:channels?|stores?|sales|shop\w*"
        r"|marketplaces?|platforms?|retail\w*|order\w*|portals?|presence|banking|services?"
        r"|catalogs?|booking|access|subscriptions?)\b)|e-commerce|websites?|internet"
        r"|digital channels?)\b",
    ),
    ("OEMs", r"\b(?:OEMs?|original equipment manufacturers)\b"),
    ("system integrators", r"\bsystem integrators\b"),
    # Qualified: software "agents" sell nothing. Each label is a word its span uses, so
    # the paragraph never says "agents" where the text says "agencies".
    (
        "agents",
        r"\b(?:(?:independent|insurance|sales|exclusive|captive|general) agents?"
        r"|agents(?=\s+and\s+brokers))\b",
    ),
    ("agencies", r"\b(?:independent|insurance|general) agenc(?:y|ies)\b"),
    ("brokers", r"\bbrokers\b"),
    ("licensees", r"\b(?:licensees?|licen[sc]e agreements? for (?:the )?(?:manufactur|market))"),
    ("marketing partners", r"\bmarketing (?:agreements?|licen[sc]es?)\b"),
    ("channel partners", r"\bchannel partners\b"),
)
FINANCING_KINDS: tuple[tuple[str, str], ...] = (
    ("credit facility", r"\b(?:credit (?:facilit(?:y|ies)|agreements?|lines?)|lines? of credit)\b"),
    ("notes", r"\b(?:senior notes|convertible notes|notes payable|notes due|debentures)\b"),
    ("term loan", r"\bterm loans?\b"),
    ("commercial paper", r"\bcommercial paper\b"),
    ("deposits", r"\bdeposits\b"),
    ("equity offering", r"\b(?:equity|stock|share|public) offerings?\b|\bprivate placements?\b"),
    ("share issuance", r"\bissu(?:ance|ed|ing) (?:of )?(?:common )?(?:stock|shares)\b"),
    ("net loss", r"\bnet loss(?:es)?\b"),
    ("net income", r"\bnet (?:income|earnings)\b"),
    ("stockholders' equity", r"\b(?:stock|share)holders['’] equity\b"),
    ("dividends", r"\bdividends?\b"),
    ("share repurchases", r"\b(?:share|stock) repurchases?\b|\bbuybacks?\b"),
    ("capital expenditure", r"\bcapital expenditures?\b"),
    ("operating cash flow", r"\bcash flows? (?:from|provided by) operati\w+\b"),
    (
        "cash needs",
        r"\b(?:cash flow limitations|additional (?:capital|financing|funding)"
        r"|raise (?:additional )?(?:capital|funds))\b",
    ),
    ("royalty obligations", r"\broyalty (?:arrears|obligations)\b|\bobligated to pay\b"),
)
# A span about what the company buys ("purchases receivables through direct sales and
# auctions") names how it sources, not how it sells, unless it also speaks of selling.
BUYING = re.compile(
    r"\b(?:purchas\w*|acquir\w*|buy(?:s|ing)?|bought|procur\w*|tak(?:es?|ing|en) delivery)\b", re.I
)
SELLING = re.compile(
    r"(?i)\b(?:sells?|selling|sold|markets|marketed|distribut(?:es|ed|ing)|resells?|reach(?:es)?"
    r"|offers?|offered|available)\b",
)
# Risk and trend language ("the growth of sales through subscription services could ...")
# says what may happen in a market, not how the company earns.
HEDGED = re.compile(rf"\b(?:{MODAL_WORDS}|changes? (?:to|in) the)\b", re.I)
REGIONS = (
    "United States",
    "U.S.",
    "North America",
    "South America",
    "Latin America",
    "Europe",
    "Asia",
    "Asia Pacific",
    "Asia-Pacific",
    "Middle East",
    "Africa",
    "EMEA",
    "APAC",
    "Canada",
    "Mexico",
    "Brazil",
    "United Kingdom",
    "Germany",
    "France",
    "China",
    "Japan",
    "India",
    "Korea",
    "South Korea",
    "Australia",
    "Malaysia",
    "Singapore",
    "Puerto Rico",
)
# Not the tail of a longer place name ("New Mexico").
REGION = re.compile(
    r"(?<![\w.])(?<!New )(?:" + "|".join(re.escape(r) for r in REGIONS) + r")(?![\w])"
)

VACUOUS = re.compile(
    r"^(?:(?:a |an |the )?(?:\w+ )?(?:number|variety|range|host|set|portfolio|array|assortment"
    r"|family|line|suite|mix) of\b|(?:its |other |various |certain |additional )?"
    r"(?:products|services|solutions|offerings|things|items|devices|systems|equipment"
    r"|technolog(?:y|ies)|capabilities)$"
    r"|^(?:the |an? )?(?:ability|opportunity|flexibility|chance|option)\b)",
    re.I,
)

# The only words allowed between a financing kind and its amount: "net loss was",
# "deposits of", "capital expenditures (including accruals) recorded in 2022 were";
# "capital expenditures for pollution control were" names a part, not the whole.
LINK = frozenset(
    [
        "was",
        "were",
        "is",
        "are",
        "of",
        "totaled",
        "totalled",
        "total",
        "amounted",
        "to",
        "reached",
        "approximately",
        "about",
        "and",
        "respectively",
        "recorded",
        "in",
        "fiscal",
        "year",
        "years",
        "the",
        "ended",
    ]
)
LINK_AFTER = frozenset(
    ["to", "shareholders", "stockholders", "in", "the", "form", "of", "cash", "on", "for", "its"]
)
