"""What the model fills in, and the checks instructor re-asks on.

The model is asked for verbatim quotes, never offsets or sentence numbers
(it miscounts). ``check_draft`` aligns each quote to the passages the model
was shown and checks every figure of the statement and fields against that
quote. During a call the same check runs as a Pydantic validator so that
instructor re-asks with the list of problems; afterwards ``verify`` drops
what still fails.

The source text reaches the validator on the response model built for the
call (``draft_model_for(area, Grounding(...))``) rather than through
instructor's ``context=``: that argument also renders the messages as Jinja
templates, and a filing containing ``{{`` would break or inject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import ClassVar, Literal

from pydantic import BaseModel, Field, create_model, model_validator

from extractor.core.areas import AREAS
from extractor.core.schema import Category
from extractor.core.text.align import Alignment, align_quote
from extractor.core.text.figures import unsupported_figures
from extractor.core.text.table_context import years_from_header
from extractor.core.verify.claim_wording import escape_controls

# Part of every response-cache key. Bump it when what an answer means changes
# without the request body changing (the body itself is in the key). It began as
# the output schema's version, so cached answers of earlier runs keep replaying.
DRAFT_CONTRACT_VERSION = "1.0.0"

_PASSAGE_LABEL = re.compile(r"^\s*\[\d+\]\s*")
# A note is a few words of quote and one short sentence; text far beyond that
# is a model gone on (or a hostile one): refused before any alignment, and
# clipped wherever it is kept for audit.
MAX_NOTE_CHARS = 2_000
KEPT_CHARS = 500


def clip_for_audit(text: str, limit: int = KEPT_CHARS) -> str:
    """``text`` as kept in ``rejected[]``: at most ``limit`` characters and a count of the
    rest, control and bidirectional characters written out (``<U+202E>``)."""
    if len(text) <= limit:
        return escape_controls(text)
    return f"{escape_controls(text[:limit])}… [{len(text) - limit:,} more characters]"


@dataclass(frozen=True)
class Grounding:
    """The text and the passages one model call was shown: what its quotes must match."""

    source: str
    windows: tuple[tuple[int, int], ...]


class DraftFact(BaseModel):
    # Set only where a grammar numbers the notes (one per passage, in order).
    passage: int | None = Field(default=None, exclude=True)
    quote: str = Field(
        description="3 to 12 words copied exactly from the passage, the words that carry "
        "the fact; no passage number."
    )
    statement: str = Field(
        description="One short sentence (under 25 words) saying what the passage tells about "
        "the focus area; empty if nothing."
    )
    subject: Literal["company", "third_party", "market"] = Field(
        description="company = about this company itself; third_party = about a customer, "
        "competitor, supplier or partner; market = about the industry or market."
    )
    # Amounts, percentages and periods are read from the aligned quote by code
    # (figures.py): cheaper than generating them and grounded by construction.
    names: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class CheckedDraft:
    draft: DraftFact
    alignment: Alignment | None  # the citation: the passage the quote falls in
    problems: tuple[str, ...]
    anchor: Alignment | None = None  # where the quote itself aligned
    header: tuple[int, int] | None = None  # a table row's column header, cited with it


def check_draft(draft: DraftFact, source: str, windows: Sequence[tuple[int, int]]) -> CheckedDraft:
    """Align the quote and check its figures; problems are phrased for a re-ask.

    The same draft is checked during its call (the validator), for the re-ask of
    drifted notes and again in ``verify``: identical checks are answered from a
    small cache instead of aligning the quote again.
    """
    alignment, problems, anchor, header = _check(
        draft.quote, draft.passage, draft.statement, source, tuple((a, b) for a, b in windows)
    )
    return CheckedDraft(draft, alignment, problems, anchor, header)


@lru_cache(maxsize=256)
def _check(
    raw_quote: str,
    passage: int | None,
    statement: str,
    source: str,
    windows: tuple[tuple[int, int], ...],
) -> tuple[Alignment | None, tuple[str, ...], Alignment | None, tuple[int, int] | None]:
    if len(raw_quote) > MAX_NOTE_CHARS or len(statement) > MAX_NOTE_CHARS:
        return None, (f"note longer than {MAX_NOTE_CHARS:,} characters",), None, None
    # The model often echoes the passage label: "[2] We sell ...".
    quote = _PASSAGE_LABEL.sub("", raw_quote)
    alignment = None
    if passage is not None and 1 <= passage <= len(windows):
        # The note's own passage first: the same words may occur in a neighbour.
        alignment = align_quote(source, quote, [windows[passage - 1]])
    if alignment is None:
        alignment = align_quote(source, quote, windows)
    if alignment is None:
        return None, (f"quote not found in the passages: {raw_quote[:80]!r}",), None, None
    # The quote anchors the note to its passage (the model miscounts passage
    # numbers); the citation is the whole passage, one sentence, on which the
    # statement rests and where its figures must be.
    anchor = alignment
    shown = next((w for w in windows if w[0] <= alignment.start and alignment.end <= w[1]), None)
    if shown is None:
        # Found elsewhere in the filing (or across two passages): the model was never
        # shown that sentence whole, and a bare quote is no passage to cite.
        return None, (f"quote not in the passages shown: {raw_quote[:80]!r}",), None, None
    alignment = replace(alignment, start=shown[0], end=min(shown[1], len(source)))
    cited = source[alignment.start : alignment.end]
    missing = sorted(set(unsupported_figures(statement, cited)))
    problems: tuple[str, ...] = ()
    header = years_from_header(missing, source, alignment.start)
    if missing and header is None:
        problems = (
            f"figures {', '.join(missing)} are not in the passage of {quote[:80]!r}; "
            "use only that passage's numbers",
        )
    return alignment, problems, anchor, header


class DraftFacts(BaseModel):
    facts: list[DraftFact] = Field(default_factory=list, max_length=8)
    # Set on the model built for one call (``draft_model_for``); not in the schema.
    grounding: ClassVar[Grounding | None] = None

    @model_validator(mode="after")
    def _grounded(self) -> DraftFacts:
        ctx = type(self).grounding
        if ctx is None:  # parsing outside a model call: verification happens later
            return self
        problems = []
        for n, fact in enumerate(self.facts, 1):
            if not fact.statement.strip():
                continue  # "nothing about the focus area" is an answer, not an error
            checked = check_draft(fact, ctx.source, ctx.windows)
            problems.extend(f"fact {n}: {p}" for p in checked.problems)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def draft_model_for(area: Category, grounding: Grounding | None = None) -> type[DraftFacts]:
    """A response model whose ``names`` field says what names this area wants; with
    ``grounding``, its validation checks quotes against those passages (instructor re-asks)."""
    fact_model = create_model(
        f"{area.capitalize()}Fact",
        __base__=DraftFact,
        names=(list[str], Field(default_factory=list, description=AREAS[area].names_label)),
    )
    model = create_model(
        f"{area.capitalize()}Facts",
        __base__=DraftFacts,
        facts=(list[fact_model], Field(default_factory=list, max_length=8)),  # type: ignore[valid-type]
    )
    model.grounding = grounding
    return model
