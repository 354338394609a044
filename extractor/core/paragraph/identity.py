"""The paragraph's first sentence: who the company is and what it does, with its name.

With no description in the record, the verified statement (or its cited span) that
best says it: "Acme Corp. is a holding company whose ...", "Acme designs and sells
...", never praise, a plan, another party's act or a cut phrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial

from extractor.core.paragraph.wording import passive_made_active, third_person
from extractor.core.paragraph.writer import KEEP_ALWAYS, Writer
from extractor.core.record.reading import opening_reach
from extractor.core.schema import Fact
from extractor.core.text.company import Company
from extractor.core.text.meaning import bent, cut_within
from extractor.core.text.worth import identity_sentence, not_worth_saying
from extractor.core.verify.claim_wording import speculative
from extractor.core.verify.support import other_party_clause

_ABOUT_ITS_FORM = re.compile(
    r",\s*(?:incorporated|organized|formed|founded|established|headquartered)\b[^,]*,", re.I
)
_TRAILING_PARTICIPLE = re.compile(r",\s+(?:and\s+)?[a-z]+ing\b.*$")


def _identity_texts(f: Fact, names: list[str]) -> list[str]:
    """The span itself, when it opens with the company (less where and when it was
    incorporated, less a trailing "..., offering ..." clause), then the statement."""
    span = " ".join(" ".join(c.quote for c in f.citations).split())
    texts = []
    if any(span.startswith(n) for n in [*names, "We "]) and span.endswith("."):
        text = _ABOUT_ITS_FORM.sub("", span)
        cut = _TRAILING_PARTICIPLE.sub(".", text)
        text = cut if len(cut.split()) >= 6 else text
        if 6 <= len(text.split()) <= 45:
            texts.append(text)
    return [*texts, " ".join(f.statement.split())]


def add_identity(
    w: Writer, facts: Sequence[Fact], names: list[str], company: Company, lead: str
) -> None:
    """With no description in the record: the verified statement (or its span) that best
    says who the company is and what it does, with its name as subject ("Acme Corp. is a
    holding company whose ...", "Acme designs and sells ..."), said first."""
    best: tuple[tuple[bool, bool, bool, bool, float], Fact, str] | None = None
    # Filings say who they are at the top of Item 1; a self-description further down is
    # more often a sponsorship or an award than what the company does.
    opening = opening_reach(facts)
    for f in facts:
        span = " ".join(c.quote for c in f.citations)
        for k, text in enumerate(_identity_texts(f, names)):
            draft = third_person(text, lead, names)
            if draft is None or not identity_sentence(draft, [lead]):
                continue
            if (
                not_worth_saying(draft)
                or passive_made_active(text, span, names)
                or cut_within(text, span)
                or bent(text, span, names)
                or speculative(text)
                or other_party_clause(text, span, company)
                or len(draft.split()) > 45
            ):
                continue
            # "is a ..." says what it is; a verb of business one thing it does.
            is_a = re.match(re.escape(lead) + r" (?:is|are) (?:a|an|the|one)\b", draft) is not None
            # Owning another entity's shares is not what the company does.
            holds = re.search(r"\b(?:shares|stock|interests?) (?:of|in)\b", draft) is not None
            first = min(c.start for c in f.citations) < opening
            rank = (
                not holds,
                first,
                is_a,
                k == 0 and len(_identity_texts(f, names)) > 1,
                f.priority,
            )
            if best is None or rank > best[0]:
                best = (rank, f, text)
    if best is not None:
        _rank, f, text = best
        make = partial(third_person, text, names=names)
        w.add(f.category, make, [f.id], KEEP_ALWAYS, True, False, identity=1)
