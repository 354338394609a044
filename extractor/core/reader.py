"""A reader's measures of a paragraph (defined in the README, "Reader measures").

They count what makes a summary read as statements strung together: first
person, fragments, repeated openers, near-duplicate sentences, off-topic
sentences; and what it carries: gold key facts whose values all appear in it.
They apply alike to this pipeline's paragraph and to plain prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import nupunkt
from pydantic import BaseModel, Field

from extractor.core.figures import find_figures, unsupported_figures
from extractor.core.tokens import DEFAULT_TOKENIZER, count_tokens
from extractor.core.topics import off_topic
from extractor.core.worth import company_names, dated_event, identity_sentence, promotional

__all__ = ["ReaderMeasures", "content_words", "fragment", "near_duplicate", "reader_measures"]

FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Oo]urs|us|[Oo]urselves)\b")
# Words a sentence cannot end on: articles, prepositions, conjunctions, auxiliaries.
_BAD_END = frozenset(
    re.findall(
        r"\S+",
        r"a an the of to for with in on at by as from into and or but nor including such "
        r"that which whose where when while than were was is are be been being our its "
        r"their his her this these those",
    )
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d.,]*%?")
_STOP = frozenset(
    re.findall(
        r"\S+",
        r"that this with from have been their which were will also into such than they "
        r"these those company company's its it's about through other more most over "
        r"include includes including provide provides offer offers its their there where "
        r"when what while",
    )
)
NEAR_DUPLICATE = 0.6


def sentences(text: str) -> list[str]:
    return [s.strip() for s in nupunkt.sent_tokenize(text) if s.strip()]


def fragment(sentence: str) -> bool:
    """Under four words, or ending on a word no sentence ends on ("were", "of", "including"),
    or on a lone capital ("the U." cut at an abbreviation)."""
    words = _WORD.findall(sentence)
    if len(words) < 4:
        return True
    body = sentence.rstrip().rstrip('.!?"”’)').rstrip()
    last = body.split()[-1] if body.split() else ""
    if last.lower().strip(",;:") in _BAD_END or re.fullmatch(r"[A-Z]", last):
        return True
    # "... as well as developing." : a gerund left without its object.
    return bool(re.search(r"\b(?:as well as|and|or|of|for|in|by)\s+\w+ing$", body, re.I))


def content_words(sentence: str) -> set[str]:
    words = {w.lower().strip("'’") for w in _WORD.findall(sentence)}
    return {w for w in words if (len(w) >= 4 or w[0].isdigit()) and w not in _STOP}


def near_duplicate(a: str, b: str, threshold: float = NEAR_DUPLICATE) -> bool:
    """Share of the two sentences' content words that both have (2|A∩B| / (|A|+|B|))."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return False
    return 2 * len(wa & wb) / (len(wa) + len(wb)) >= threshold


def opener(sentence: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(sentence)[:3])


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
