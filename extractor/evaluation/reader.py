"""A reader's measures of a paragraph (defined in the README, "Reader measures").

They count what makes a summary read as statements strung together: first
person, fragments, repeated openers, near-duplicate sentences, off-topic
sentences; and what it carries: gold key facts whose values all appear in it.
They apply alike to this pipeline's paragraph and to plain prose.
"""

from __future__ import annotations

from collections.abc import Sequence

import nupunkt
from pydantic import BaseModel, Field

from extractor.core.text.figures import find_figures, unsupported_figures
from extractor.core.text.style import FIRST_PERSON, fragment, near_duplicate, opener
from extractor.core.text.topics import off_topic
from extractor.core.text.worth import company_names, dated_event, identity_sentence, promotional
from extractor.core.tokens import DEFAULT_TOKENIZER, count_tokens

__all__ = ["ReaderMeasures", "reader_measures", "sentences"]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in nupunkt.sent_tokenize(text) if s.strip()]


def _value_in(value: str, text: str) -> bool:
    if find_figures(value):
        return not unsupported_figures(value, text)
    return " ".join(value.lower().split()) in " ".join(text.lower().split())


class ReaderMeasures(BaseModel):
    sentences: int
    first_person_words: int
    fragments: int
    repeated_openers: int = Field(
        description="Sentences whose first three words open an earlier one."
    )
    near_duplicate_pairs: int
    off_topic_sentences: int
    key_figures_in_prose: int | None = Field(
        default=None, description="Gold key facts with values whose values all appear."
    )
    key_figures_total: int | None = None
    identity_first: bool | None = Field(
        default=None,
        description="The first sentence names the company and says what it does "
        "(None: no company name to look for).",
    )
    promotional_sentences: int = Field(
        default=0, description="Sentences with a promotional or aspirational word, no figure."
    )
    dated_event_sentences: int = Field(
        default=0, description="Sentences narrating one dated event ('On <date>, ...')."
    )
    tokens: int


def reader_measures(
    text: str,
    key_values: Sequence[Sequence[str]] | None = None,
    tokenizer: str = DEFAULT_TOKENIZER,
    company: str = "",
) -> ReaderMeasures:
    """``key_values``: the values of each gold key fact that has values; ``company``: the
    company's name, for the first sentence."""
    sents = sentences(text)
    seen: set[tuple[str, ...]] = set()
    repeated = 0
    for s in sents:
        o = opener(s)
        if o in seen:
            repeated += 1
        seen.add(o)
    pairs = sum(near_duplicate(a, b) for i, a in enumerate(sents) for b in sents[i + 1 :])
    found = total = None
    if key_values is not None:
        groups = [v for v in key_values if v]
        total = len(groups)
        found = sum(all(_value_in(v, text) for v in g) for g in groups)
    return ReaderMeasures(
        sentences=len(sents),
        first_person_words=len(FIRST_PERSON.findall(text)),
        fragments=sum(fragment(s) for s in sents),
        repeated_openers=repeated,
        near_duplicate_pairs=pairs,
        off_topic_sentences=sum(off_topic(s) for s in sents),
        key_figures_in_prose=found,
        key_figures_total=total,
        identity_first=(
            bool(sents) and identity_sentence(sents[0], names)
            if (names := company_names(company))
            else None
        ),
        promotional_sentences=sum(promotional(s) for s in sents),
        dated_event_sentences=sum(dated_event(s) for s in sents),
        tokens=count_tokens(text, tokenizer),
    )
