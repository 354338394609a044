"""Messages for one extraction call, built by plain string joining.

No template engine touches document text here: a filing may contain ``{{``.
The system message is identical for every call so the local server can reuse
its cached prefix.
"""

from __future__ import annotations

import re

from extractor.core.schema import Category

AREA_FOCUS: dict[Category, str] = {
    "revenue": "sources of revenue: what the company earns money from, revenue or sales "
    "figures, and the revenue mix by segment, product or region",
    "customers": "the intended customer base: who the customers are, markets served, and "
    "customer concentration (share of revenue from the largest customers)",
    "products": "products and services: what the company makes, sells or provides",
    "channels": "distribution and sales channels: how the products reach customers "
    "(direct sales force, distributors, resellers, carriers, stores, online)",
    "financing": "financing: debt, credit facilities, equity offerings, net losses, cash "
    "needs, dividends, royalty or payment obligations",
}

SYSTEM = (
    "You extract facts about a company's business model from numbered passages of its "
    "annual report (Form 10-K). Answer with JSON only.\n"
    "For each passage that states a fact about the focus area, return one fact with:\n"
    "- quote: the words of the passage that carry the fact, copied exactly (one sentence or "
    "clause, without the passage number), including every number you use;\n"
    "- statement: one short plain sentence (under 25 words) stating the fact, keeping the "
    "numbers of the quote;\n"
    "- subject: company if the fact is about the company itself, third_party if it is about "
    "a customer, competitor, supplier or partner, market if it is about the industry;\n"
    "- names: the names the focus area asks for, as written.\n"
    "Skip passages that say nothing about the focus area. Never state a number that is not "
    "in your quote. Do not guess."
)

_COMPANY = re.compile(
    r"\b((?:[A-Z][\w&'’.\-]*\s){0,5}?[A-Z][\w&'’.\-]*,?\s"
    r"(?:Inc\.|Incorporated|Corporation|Corp\.|plc|PLC|Company|Co\.|Ltd\.|Limited|N\.V\.|"
    r"S\.A\.|LLC|L\.P\.|SE|AG))"
)


def guess_company(text: str) -> str:
    """The first legal-entity name near the top of the text, or a neutral fallback."""
    m = _COMPANY.search(text[:4000])
    return m.group(1).strip() if m else "the company"


def build_messages(area: Category, company: str, passages: list[str]) -> list[dict[str, str]]:
    numbered = "\n".join(f"[{n}] {p}" for n, p in enumerate(passages, 1))
    user = f"Company: {company}\nFocus area: {AREA_FOCUS[area]}.\n\nPassages:\n{numbered}"
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]
