"""What is worth saying in a business-model summary, in the generic words of 10-K prose.

An analyst's note says what the company is, how it earns money, who buys, what it
sells, how it reaches buyers and how it is financed. Filings also praise
themselves ("a leading provider", "our commitment to excellence"), state plans
("we will continue to", "we plan to"), narrate single events ("On March 3, 2023,
we acquired ...") and state investment philosophy; all true and cited, none the
business model. The lexicons below are marketing and narrative words common to
10-K filings, never phrases of one filing. The facts stay in the JSON; the
paragraph leaves these out, and the reader's measures count them.
"""

from __future__ import annotations

import re

from extractor.core.lexicon.words import BUSINESS_VERBS, IS_YEAR, LEGAL_SUFFIX, MONTH, YEAR
from extractor.core.text.figures import find_figures

# Self-praise and aspiration: words a filer uses of itself, not facts about its business.
PROMOTIONAL = re.compile(
    r"\b(?:leading|leader(?:ship)?|industry[- ]leading|world[- ]class|best[- ]in[- ]class"
    r"|premier|preeminent|pre-eminent|unparalleled|unrivall?ed|unmatched|unique(?:ly)?"
    r"|innovat(?:ion|ions|ive|or|ors|ing)|excellen(?:t|ce)|superior|outstanding|exceptional"
    r"|commit(?:ted|ment|ments)|mission(?!-critical)|purpose-driven|passion(?:ate)?|proud"
    r"|aims?|aspir(?:e|es|ation|ations)|striv(?:e|es|ing)|well[- ]positioned"
    r"|positioned for (?:success|growth)|cutting[- ]edge|state[- ]of[- ]the[- ]art"
    r"|differentiated|trusted|expertise|dedicated|empower(?:s|ing)?|transformative"
    r"|(?:long-term )?value (?:for|to) (?:our |its )?(?:share|stock)holders"
    r"|(?:share|stock)holder value|deliver(?:s|ing)? (?:on|against) (?:our |its )?commitments"
    r"|accelerat(?:e|es|ed|ing) growth|opportunit(?:y|ies)|goals?)\b",
    re.I,
)
# Plans and expectations: what the company means to do, not what it does.
FORWARD = re.compile(
    r"\b(?:will|intends?|plans?|expects?|seeks?|anticipates?) (?:to )?continue\b"
    r"|\b(?:plans?|intends?|seeks?|aims?|strives?|hopes?) to\b"
    r"|\bwill (?!be required)\w+|\b(?:is|are) working (?:on|to)\b"
    r"|\bexpects? (?:its |our |to |that )",
    re.I,
)
# A single transaction or dated event: opened by a date, or a date with a verb of one.
_DATE_OPENER = re.compile(
    rf"^(?:On|In|During|Effective)\s+(?:early |late |mid-)?{MONTH}"
    rf"(?:\s+\d{{1,2}})?,?\s+\d{{4}}\b"
    r"|^(?:In|During) (?:the )?(?:first|second|third|fourth) (?:fiscal )?quarter of",
    re.I,
)
_FULL_DATE = re.compile(rf"\b{MONTH}(?:\s+\d{{1,2}},)?\s+{YEAR}\b")
_YEAR_OPENER = re.compile(rf"^(?:In|During) (?:fiscal |calendar )?{YEAR}\b")
_EVENT = re.compile(
    r"(?i)\b(?:acquired|acquisition of|completed|announced|signed|entered into|closed|launched"
    r"|introduced|formed|became|received|settled|impaired|repaid|redeemed|issued|suspended"
    r"|agreed|divested|merged|spun off|spin-off|terminated|amended|filed|emerged|commenced"
    r"|began|started|initiated"
    r"|placed in[- ]service|opened|sold (?:its|our|the) \w+ (?:business|subsidiary|segment)"
    r"|made a (?:one-time )?(?:\$[\d.,]+ (?:million |billion )?)?payment|concluded)\b",
)
# How the company means to invest or allocate capital, not how it earns.
PHILOSOPHY = re.compile(
    r"(?i)\b(?:investment|capital allocation|financial|business|growth) (?:objectives?|philosophy"
    r"|priorities|principles)\b|\bfocus(?:es|ed)? on making\b|\bour approach to\b",
)


def has_figure(sentence: str) -> bool:
    """An amount, a share or a count (a year alone is no figure)."""
    return any(not IS_YEAR.match(f.text) for f in find_figures(sentence))


# A span of time ("over the last 50 years", "for 23 consecutive years") is no figure of
# the business: praise that counts its years is still praise.
_DURATION = re.compile(r"\b\d[\d,.]*\s+(?:consecutive\s+)?(?:years?|decades?)\b", re.I)


def promotional(sentence: str) -> bool:
    """A promotional or aspirational word and no figure ("It has innovation excellence
    and global expertise ..."): praise, not a fact of the business."""
    return PROMOTIONAL.search(sentence) is not None and not has_figure(_DURATION.sub(" ", sentence))


def dated_event(sentence: str) -> bool:
    """A sentence narrating one dated event: opened by a date ("On September 22, 2015,
    ...", "In the third quarter of 2022 ..."), or a full date ("May 10, 2022") or an
    opening year ("In 2022, ...") with a verb of a single transaction."""
    s = " ".join(sentence.split())
    if _DATE_OPENER.match(s):
        return True
    return bool((_FULL_DATE.search(s) or _YEAR_OPENER.match(s)) and _EVENT.search(s))


def forward_plan(sentence: str) -> bool:
    """ "It will continue to ...", "plans to", "intends to": a plan, not the business."""
    return FORWARD.search(sentence) is not None


def philosophy(sentence: str) -> bool:
    return PHILOSOPHY.search(sentence) is not None


def not_worth_saying(sentence: str) -> str | None:
    """Why the paragraph leaves this sentence out (it stays in the JSON), or None."""
    if promotional(sentence):
        return "promotional"
    if dated_event(sentence):
        return "dated event"
    if forward_plan(sentence):
        return "plan"
    if philosophy(sentence):
        return "philosophy"
    return None


# What a business-model summary needs: named segments, buyers, offerings, channels and
# instruments of financing (figures are counted apart, by the caller).
_SUBSTANCE = re.compile(
    r"\b(?:segments?|customers?|clients?|tenants?|consumers?|subscribers?|members?"
    r"|wholesalers?|retailers?|distributors?|dealers?|resellers?|partners?|carriers?"
    r"|products?|services?|brands?|devices?|solutions?|properties|leases?|licens\w+"
    r"|royalt\w+|fees?|subscriptions?|sales?|sells?|revenues?|net sales|stores?|online"
    r"|e-commerce|direct(?:ly)?|through|notes|loans?|credit|debt|bonds?|deposits"
    r"|commercial paper|equity|dividends?|financ\w+"
    # Where and with what it does business: footprint, capacity, volume.
    r"|locations?|branch(?:es)?|offices|facilities|(?:distribution |service )?cent(?:er|re)s"
    r"|stations|networks?|fleet|aircraft|vehicles|countries|square feet|acres|accounts"
    r"|assets|premiums|policies|contracts|backlog|orders|shipments|packages|pipelines?"
    r"|plants|capacity|markets?)\b",
    re.I,
)


def substance(sentence: str) -> int:
    """How many kinds of business-model content the sentence names (0-6): a figure,
    and words of segments, buyers, offerings, channels, revenue and financing."""
    words = {m.lower() for m in _SUBSTANCE.findall(sentence)}
    return min(5, len(words)) + has_figure(sentence)


# Praise that modifies a noun ("a leading provider of ...") and can go without changing
# what the noun phrase says; a trailing clause of praise ("positioned for success with
# ...", "committed to ...") ends the description.
_PRAISE_MODIFIER = re.compile(
    # Not after "most"/"very": "the most trusted and respected" has no plain form.
    r"(?<!most )(?<!more )(?<!very )(?<!highly )"
    r"(?P<art>\b[Aa]n?\s+)?(?:(?:leading|industry[- ]leading|world[- ]class|best[- ]in[- ]class"
    r"|premier|preeminent|unparalleled|unique|innovative|superior|exceptional|outstanding"
    r"|differentiated|trusted|cutting[- ]edge|state[- ]of[- ]the[- ]art)(?:,\s*|\s+))+"
    r"(?=(?P<next>[a-z]))",
    re.I,
)
_PRAISE_CLAUSE = re.compile(
    r",?\s+(?:that is\s+|which is\s+)?(?:positioned|committed|dedicated|striving|aiming"
    r"|known for|renowned)\b.*$",
    re.I,
)


def plain(description: str) -> str:
    """A description without its praise: "a leading provider of rugged devices" -> "a
    provider of rugged devices"; what is left is the text's own words, less some."""
    text = _PRAISE_CLAUSE.sub("", description)
    # The article follows the word that now comes after it: "an innovative maker" -> "a maker".
    text = _PRAISE_MODIFIER.sub(
        lambda m: "" if not m["art"] else "an " if m["next"] in "aeiou" else "a ", text
    )
    return " ".join(text.split()).strip(" ,")


# Says what the company does: "is a/an/the ...", "is one of", or a verb of business.
_DOES = re.compile(
    rf"^(?:(?:is|are)\s+(?:a|an|the|one|among)\b|{BUSINESS_VERBS}s|delivers|leases|earns"
    r"|generates|supplies|builds|acquires|invests|lends|underwrites|retails|engages"
    r"|conducts|reports|has \w+ (?:reportable |operating |business )?segments)\b",
)


_LEGAL_SUFFIX = re.compile(rf",?\s+{LEGAL_SUFFIX}$", re.I)


def company_names(name: str) -> list[str]:
    """Ways a paragraph may name the company: "Wells Fargo & Company", "Wells Fargo",
    "Wells"; longest first. None for an unknown name ("the company")."""
    name = " ".join(name.split())
    if not name or name.lower() in ("the company", "company"):
        return []
    bare = re.sub(r"\s+&$", "", _LEGAL_SUFFIX.sub("", name)).strip(" ,")
    short = re.sub(r"^The\s+", "", bare)  # "The Home Depot" and "Home Depot" alike
    out = {name, bare, short, short.title() if short.isupper() else short}
    head = short.split()[0] if short.split() else ""
    if len(head) >= 3:
        out.add(head.title() if head.isupper() else head)
    return sorted((n for n in out if n), key=len, reverse=True)


def identity_sentence(sentence: str, names: list[str]) -> bool:
    """The sentence opens with the company's name (as the text gives it, not "It" or
    "The company") and says what it does (a description or a verb of business)."""
    s = " ".join(sentence.split())
    for name in sorted((n for n in names if n), key=len, reverse=True):
        if name.lower() in ("it", "the company", "company") or not s.startswith(name):
            continue
        rest = s[len(name) :].lstrip(" ,")
        rest = re.sub(r"^\([^)]*\)\s*,?\s*", "", rest)  # "Acme Corp. (“Acme”) is ..."
        return _DOES.match(rest) is not None
    return False
