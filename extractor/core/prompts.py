"""Messages for one extraction call, built by plain string joining.

No template engine touches document text here: a filing may contain ``{{``.
The system message is identical for every call so the local server can reuse
its cached prefix.
"""

from __future__ import annotations

from extractor.core.areas import AREAS
from extractor.core.schema import Category

SYSTEM = (
    "You write notes on numbered passages of a company's annual report (Form 10-K) for one "
    "focus area of its business model. Answer with JSON only.\n"
    "Go through the passages in order and write one note per passage:\n"
    "- quote: 3 to 12 words copied exactly from that passage, the words that carry the fact "
    "(no passage number);\n"
    "- statement: one short plain sentence (under 25 words, third person) saying what the "
    "passage tells about the focus area, keeping its numbers; an empty string if it tells "
    "nothing about it;\n"
    "- subject: company if the fact is about the company itself, third_party if it is about "
    "a customer, competitor, supplier or partner, market if it is about the industry;\n"
    "- names: the names the focus area asks for, as written.\n"
    "Use only the passage itself. Never state a number that is not in that passage."
)


def build_messages(area: Category, company: str, passages: list[str]) -> list[dict[str, str]]:
    numbered = "\n".join(f"[{n}] {p}" for n, p in enumerate(passages, 1))
    user = f"Company: {company}\nFocus area: {AREAS[area].focus}.\n\nPassages:\n{numbered}"
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]
