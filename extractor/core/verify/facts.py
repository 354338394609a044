"""Turn model drafts into verified facts: aligned citations, checked figures, no duplicates.

Nothing the model says is trusted: a draft without an alignable quote, or
with a figure its quote does not contain, becomes a ``Rejected`` entry for
audit and never a ``Fact``. Typed figures (amounts, percentages, periods) are
read from the cited text by code; names are kept only if the quote has them.

Each draft becomes one ``Claim`` (its cleaned statement and the citation
chosen for it), then goes through the named checks in order: the first
``STATEMENT_CHECKS`` problem and the quote's problem are reported; the
``CITATION_CHECKS`` run on a cited claim without such problems and stop at
the first that fails. A claim with no problem is a fact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from extractor.core.schema import Category, Citation, Fact, Rejected
from extractor.core.text.company import UNKNOWN, Company
from extractor.core.text.meaning import table_row
from extractor.core.text.neighbours import belongs_to_neighbour
from extractor.core.text.statement import (
    MAX_STATEMENT_WORDS,
    clean_statement,
    clip_statement,
    looks_truncated,
)
from extractor.core.text.table_context import column_header, table_title, table_unit
from extractor.core.verify.claim_wording import (
    clean_names,
    control_characters,
    has_markup,
    hedge_dropped,
    names_not_in_span,
    negation_dropped,
    negation_unsupported,
)
from extractor.core.verify.drafts import (
    MAX_NOTE_CHARS,
    CheckedDraft,
    DraftFact,
    check_draft,
    clip_for_audit,
)
from extractor.core.verify.fact_fields import (
    fact_priority,
    number_facts,
    typed_fields,
)
from extractor.core.verify.injection import addressed_to_a_model, instruction_at
from extractor.core.verify.passages import drifted_passage, own_passage
from extractor.core.verify.problems import Problem
from extractor.core.verify.restate import RESTATED, passage_of, restatable
from extractor.core.verify.support import (
    credits_company,
    direction_unsupported,
    mentions_company,
    other_party_clause,
    periods_swapped,
    result_flipped,
    sign_unsupported,
    supports,
    words_missing,
    words_support,
)

__all__ = [
    "CITATION_CHECKS",
    "STATEMENT_CHECKS",
    "AreaInput",
    "Claim",
    "addressed_to_a_model",
    "clip_statement",
    "direction_unsupported",
    "drifted_passage",
    "looks_truncated",
    "mentions_company",
    "number_facts",
    "verify_area",
]


@dataclass(frozen=True)
class AreaInput:
    area: Category
    drafts: Sequence[DraftFact]
    windows: Sequence[tuple[int, int]]
    ranks: Sequence[float]
    # Per draft: written by code from its passage (``extract.add_code_notes``), not by
    # the model. Such a note is the passage itself: a long sentence is not a fault of
    # its wording, and when it fails a check it is dropped, not recorded as a
    # model's rejected wording.
    by_code: Sequence[bool] = ()


@dataclass(frozen=True)
class Claim:
    """One draft on its way to a fact: the statement as it would be published and what it cites."""

    draft: DraftFact
    rank: float
    statement: str  # cleaned and clipped
    checked: CheckedDraft  # the quote aligned to the area's passages
    citation: Citation | None  # None: nothing to cite
    quote_problems: tuple[str, ...]  # of the quote, unless its own passage carries the claim


@dataclass
class _Area:
    """What the checks of one area see besides the claim."""

    source: str
    company: Company
    facts: list[Fact] = field(default_factory=list)


def _cited(claim: Claim) -> str:
    return claim.citation.quote if claim.citation is not None else ""


def _is_instruction(claim: Claim, area: _Area) -> bool:
    # The sentence around the quote itself (or the numbered passage cited).
    c = claim.citation
    anchor = claim.checked.anchor
    at = anchor if c is not None and c.match != "passage" and anchor else c
    assert at is not None  # citation checks run on cited claims only
    return instruction_at(area.source, at.start, at.end)


def _about_neighbour(claim: Claim, area: _Area) -> bool:
    c = claim.citation
    assert c is not None
    return bool(
        belongs_to_neighbour(
            claim.statement,
            area.source,
            c.start,
            c.end,
            lambda s, t: words_missing(s, t, area.company),
        )
    )


def _overlaps(a: Citation, b: Citation) -> bool:
    return a.start < b.end and b.start < a.end


StatementCheck = Callable[[str], bool]
CitationCheck = Callable[[Claim, _Area], bool]


def _of_wording(check: Callable[[str, str], bool]) -> CitationCheck:
    """A check of the statement against its cited words alone."""
    return lambda c, a: check(c.statement, _cited(c))


# (the problem recorded, whether the statement has it), in order; the first that applies
# is reported.
STATEMENT_CHECKS: tuple[tuple[Problem, StatementCheck], ...] = (
    (Problem.EMPTY, lambda s: not s),
    (Problem.TOO_LONG, lambda s: len(s.split()) > MAX_STATEMENT_WORDS),
    (Problem.CUT_OFF, looks_truncated),
)
# (the problem recorded, whether the claim has it), in order; the first that applies is reported.
CITATION_CHECKS: tuple[tuple[Problem, CitationCheck], ...] = (
    (Problem.INSTRUCTION, _is_instruction),
    (
        Problem.UNSUPPORTED_WORDS,
        lambda c, a: not words_support(c.statement, _cited(c), a.company),
    ),
    (
        Problem.OTHER_PARTY,
        lambda c, a: credits_company(c.statement, _cited(c), a.company),
    ),
    (Problem.NEIGHBOUR, _about_neighbour),
    (
        Problem.DIRECTION,
        _of_wording(direction_unsupported),
    ),
    (
        Problem.DUPLICATE,
        lambda c, a: claim_overlaps(c, a.facts),
    ),
    # Wording, beyond words and figures: what a model bent or planted.
    (
        Problem.CONTROL_CHARACTERS,
        lambda c, a: bool(control_characters(c.draft.statement, "".join(set(_cited(c))))),
    ),
    (Problem.MARKUP, lambda c, a: has_markup(c.draft.statement)),
    (
        Problem.NEGATION_ADDED,
        _of_wording(negation_unsupported),
    ),
    (
        Problem.NEGATION_DROPPED,
        _of_wording(negation_dropped),
    ),
    (
        Problem.HEDGE_DROPPED,
        _of_wording(hedge_dropped),
    ),
    (
        Problem.RESULT_FLIPPED,
        _of_wording(result_flipped),
    ),
    (
        Problem.PERIODS_SWAPPED,
        _of_wording(periods_swapped),
    ),
    (
        Problem.SIGN_ADDED,
        _of_wording(sign_unsupported),
    ),
    (
        Problem.NAMES_ADDED,
        lambda c, a: bool(names_not_in_span(c.statement, _cited(c), a.company.name, a.source)),
    ),
)


def claim_overlaps(claim: Claim, facts: Sequence[Fact]) -> bool:
    c = claim.citation
    return c is not None and any(_overlaps(c, f.citations[0]) for f in facts)


# A code note is a whole passage; one sentence of a filing runs longer than a note.
MAX_CODE_NOTE_WORDS = 90


def _problems(claim: Claim, area: _Area, by_code: bool = False) -> list[Problem | str]:
    shape = next(
        (
            p
            for p, has in STATEMENT_CHECKS
            if has(claim.statement)
            and not (
                by_code
                and p is Problem.TOO_LONG
                and len(claim.statement.split()) <= MAX_CODE_NOTE_WORDS
            )
        ),
        None,
    )
    problems = [shape] if shape else []
    problems += claim.quote_problems
    if problems or claim.citation is None:
        return problems
    return next(([p] for p, has in CITATION_CHECKS if has(claim, area)), [])


def _claim(
    source: str, draft: DraftFact, rank: float, windows: Sequence[tuple[int, int]], company: Company
) -> Claim:
    checked = check_draft(draft, source, windows)
    # Clipping keeps a prefix of the cleaned text, so one cleaning is enough.
    statement = clip_statement(clean_statement(draft.statement))
    quote_problems = checked.problems
    a = checked.alignment
    own = own_passage(source, draft, statement, windows, company)
    if own is not None and (
        quote_problems or a is None or not supports(statement, source[a.start : a.end], company)
    ):
        # The quote strayed (the model copies on into a neighbour), but the note's
        # own numbered passage carries the statement: cite that passage.
        return Claim(draft, rank, statement, checked, own, ())
    citation = None
    if not quote_problems and a is not None:
        citation = Citation(
            start=a.start,
            end=a.end,
            quote=source[a.start : a.end],
            match=a.kind.value,
            score=round(a.score, 1),
        )
    return Claim(draft, rank, statement, checked, citation, quote_problems)


def _fact(area: Category, claim: Claim, max_rank: float, company: Company, source: str) -> Fact:
    assert claim.citation is not None
    citations = [claim.citation]
    header, row = claim.checked.header, claim.checked.alignment
    # The header of the row the citation is; not when the claim moved to another passage.
    if header is None or row is None or claim.citation.start != row.start:
        header = None
    if table_row(claim.citation.quote):
        # A table's row is read with its years, its unit and its title, all cited: "$ 6,620"
        # of "Natural Gas Operating Statistics", "(in millions)", "2022 2021 2020".
        header = header or column_header(source, claim.citation.start)
    if header is not None:
        spans = [header]
        if table_row(claim.citation.quote):
            spans += [
                x
                for x in (
                    table_unit(source, header, claim.citation.start),
                    table_title(source, header),
                )
                if x is not None
            ]
        citations += [
            Citation(start=a, end=b, quote=source[a:b], match="exact", score=100.0)
            for a, b in spans
        ]
    cited = " ".join(c.quote for c in citations)
    fields = typed_fields(area, cited, clean_names(claim.draft.names), claim.statement)
    subject = claim.draft.subject
    # A row of a table with its own year header is the filer's statistics, not a
    # third party's figure that happens not to name the company.
    own_table = column_header(source, claim.citation.start) is not None
    if subject == "company" and not own_table and not mentions_company(cited, company):
        subject = "third_party"
    # "Globex Inc. reported revenue of $36.7 billion" from a span that also says "we".
    if subject == "company" and other_party_clause(claim.statement, cited, company):
        subject = "third_party"
    priority = fact_priority(area, claim.rank, max_rank, bool(fields.amounts or fields.percentages))
    return Fact(
        id="",  # numbered by the caller, once all areas are in
        category=area,
        statement=claim.statement,
        subject=subject,
        fields=fields,
        priority=priority,
        citations=citations,
    )


def _restate(
    claim: Claim, problems: list[Problem | str], area: _Area, windows: Sequence[tuple[int, int]]
) -> Claim | None:
    """The claim as its cited passage, word for word, when only its wording failed."""
    if claim.citation is None or not restatable(problems):
        return None
    passage = passage_of(claim.citation, windows, area.source)
    if passage is None or not mentions_company(passage.quote, area.company):
        return None
    restated = replace(
        claim, statement=clean_statement(passage.quote), citation=passage, quote_problems=()
    )
    return None if _problems(restated, area) else restated


def verify_area(
    source: str, item: AreaInput, max_rank: float, company: Company = UNKNOWN
) -> tuple[list[Fact], list[Rejected]]:
    state = _Area(source, company)
    rejected: list[Rejected] = []
    by_code = list(item.by_code) or [False] * len(item.drafts)
    for draft, rank, coded in zip(item.drafts, item.ranks, by_code, strict=True):
        if not draft.statement.strip():
            continue  # the model's "nothing about this area" for a passage
        if coded:
            claim = _claim(source, draft, rank, item.windows, company)
            if not _problems(claim, state, by_code=True) and claim.citation is not None:
                fact = _fact(item.area, claim, max_rank, company, source)
                state.facts.append(fact.model_copy(update={"noted_by": "code"}))
            continue
        if max(len(draft.quote), len(draft.statement)) > MAX_NOTE_CHARS:
            rejected.append(
                Rejected(
                    category=item.area,
                    statement=clip_for_audit(draft.statement),
                    quote=clip_for_audit(draft.quote),
                    reason=f"note longer than {MAX_NOTE_CHARS:,} characters",
                )
            )
            continue
        claim = _claim(source, draft, rank, item.windows, company)
        problems = _problems(claim, state)
        restated = _restate(claim, problems, state, item.windows)
        if restated is not None:
            rejected.append(
                Rejected(
                    category=item.area,
                    statement=clip_for_audit(claim.statement),
                    quote=clip_for_audit(draft.quote),
                    reason="; ".join(map(str, problems)) + "; " + RESTATED,
                )
            )
            claim, problems = restated, []
        if problems or claim.citation is None:
            rejected.append(
                Rejected(
                    category=item.area,
                    statement=clip_for_audit(claim.statement),
                    quote=clip_for_audit(draft.quote),
                    reason="; ".join(map(str, problems)),
                )
            )
            continue
        state.facts.append(_fact(item.area, claim, max_rank, company, source))
    return state.facts, rejected
