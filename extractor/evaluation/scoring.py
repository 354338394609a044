"""Score an output against a gold annotation (format of ``shared/eval/README.md``).

The scorer reads outputs leniently as plain dicts, so the same measures apply
to this pipeline's ``Output`` JSON, to a peer's facts converted to the same
shape (``facts[].category``, ``facts[].citations[].start/end/quote``), and to
plain prose (``{"summary": {"text": ...}}``, no facts): a measure that does
not apply to an output is ``None``, never a made-up zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from extractor.core.schema import CATEGORIES, Category
from extractor.core.text.company import guess_company
from extractor.core.text.figures import unsupported_figures
from extractor.core.tokens import DEFAULT_TOKEN_CAP, DEFAULT_TOKENIZER, TOKENIZERS, count_tokens
from extractor.evaluation.reader import ReaderMeasures, reader_measures

__all__ = [
    "DocScore",
    "Gold",
    "GoldFact",
    "OverallScore",
    "load_gold",
    "overall",
    "score_document",
]


class GoldFact(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    category: Category
    importance: Literal["key", "supporting"]
    fact: str = ""
    quote: str
    values: list[str] = Field(default_factory=list)


class GoldTrap(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    why: str = ""
    patterns: list[str]


class GoldAbsent(BaseModel):
    model_config = ConfigDict(extra="ignore")
    category: Category
    what: str = ""


class Gold(BaseModel):
    model_config = ConfigDict(extra="ignore")
    doc: str
    company: str = ""
    facts: list[GoldFact] = Field(default_factory=list)
    traps: list[GoldTrap] = Field(default_factory=list)
    absent: list[GoldAbsent] = Field(default_factory=list)


def load_gold(data: str | bytes) -> Gold:
    return Gold.model_validate_json(data)


class FigureProblem(BaseModel):
    where: str  # "fact <id>", "fact <id> field", "paragraph"
    figure: str


class DocScore(BaseModel):
    doc: str
    citations: int
    citations_valid: int
    citation_validity: float | None = Field(description="None when the output cites nothing.")
    key_found: int
    key_total: int
    key_recall: float | None
    all_found: int
    all_total: int
    all_recall: float | None
    missed_key: list[str] = Field(description="Gold key facts not found: 'id (category): fact'.")
    unsupported_figures: list[FigureProblem]
    figure_basis: Literal["cited_spans", "document"] = Field(
        description="cited_spans: paragraph figures checked against the spans of the facts "
        "behind each sentence; document: prose without facts, checked against the whole text."
    )
    trap_hits: list[str] = Field(description="Gold trap ids whose pattern matches the paragraph.")
    invented_absences: list[Category] = Field(
        description="Areas the output calls not disclosed although the gold has facts there."
    )
    confirmed_absences: list[Category]
    paragraph_tokens: int
    token_cap: int
    one_paragraph: bool
    within_cap: bool
    untraceable_sentences: int | None = Field(
        description="Paragraph sentences with neither facts nor a not-disclosed area; "
        "None for prose without sentence records."
    )
    reader: ReaderMeasures | None = Field(
        default=None, description="The reader's measures of the paragraph (README)."
    )


def _spans_of(quote: str, source: str) -> list[tuple[int, int]]:
    spans, at = [], source.find(quote)
    while at >= 0:
        spans.append((at, at + len(quote)))
        at = source.find(quote, at + 1)
    return spans


def _citations(fact: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [c for c in fact.get("citations") or [] if isinstance(c, Mapping)]


def _is_valid(citation: Mapping[str, Any], source: str) -> bool:
    start, end, quote = citation.get("start"), citation.get("end"), citation.get("quote")
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(quote, str)):
        return False
    return 0 <= start < end <= len(source) and source[start:end] == quote and bool(quote)


def _found(gold: GoldFact, facts: list[Mapping[str, Any]], source: str) -> bool:
    spans = _spans_of(gold.quote, source)
    for fact in facts:
        if fact.get("category") != gold.category:
            continue
        for c in _citations(fact):
            if not _is_valid(c, source):
                continue  # an invalid citation cannot find anything
            if any(c["start"] < b and a < c["end"] for a, b in spans):
                return True
    return False


def _fact_figure_problems(fact: Mapping[str, Any], source: str) -> list[FigureProblem]:
    evidence = [c["quote"] for c in _citations(fact) if _is_valid(c, source)]
    fid = str(fact.get("id", "?"))
    problems = [
        FigureProblem(where=f"fact {fid}", figure=f)
        for f in unsupported_figures(str(fact.get("statement", "")), evidence)
    ]
    fields = fact.get("fields") or {}
    for key in ("amounts", "percentages"):
        for value in fields.get(key) or []:
            for f in unsupported_figures(str(value), evidence):
                problems.append(FigureProblem(where=f"fact {fid} {key}", figure=f))
    return problems


def _paragraph_figure_problems(
    output: Mapping[str, Any], facts_by_id: Mapping[str, Mapping[str, Any]], source: str
) -> tuple[list[FigureProblem], Literal["cited_spans", "document"]]:
    summary = output.get("summary") or {}
    sentences = summary.get("sentences")
    if not sentences:
        text = str(summary.get("text", ""))
        return [
            FigureProblem(where="paragraph", figure=f) for f in unsupported_figures(text, source)
        ], "document"
    problems: list[FigureProblem] = []
    for sentence in sentences:
        evidence = [
            c["quote"]
            for fid in sentence.get("fact_ids") or []
            for c in _citations(facts_by_id.get(fid, {}))
            if _is_valid(c, source)
        ]
        for f in unsupported_figures(str(sentence.get("text", "")), evidence):
            problems.append(FigureProblem(where="paragraph", figure=f))
    return problems, "cited_spans"


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def score_document(
    output: Mapping[str, Any], gold: Gold, source: str, token_cap: int | None = None
) -> DocScore:
    # Prose without a facts list is not scored on recall (None), an empty list is (0).
    cites_facts = "facts" in output
    facts = [f for f in output.get("facts") or [] if isinstance(f, Mapping)]
    facts_by_id = {str(f.get("id")): f for f in facts}
    cites = [c for f in facts for c in _citations(f)]
    valid = sum(_is_valid(c, source) for c in cites)

    key = [g for g in gold.facts if g.importance == "key"]
    hits = {g.id: _found(g, facts, source) for g in gold.facts}

    figure_problems = [p for f in facts for p in _fact_figure_problems(f, source)]
    para_problems, basis = _paragraph_figure_problems(output, facts_by_id, source)

    summary = output.get("summary") or {}
    text = str(summary.get("text", ""))
    cap = token_cap or int(summary.get("token_cap") or DEFAULT_TOKEN_CAP)
    tokenizer = summary.get("tokenizer")
    tokenizer = tokenizer if tokenizer in TOKENIZERS else DEFAULT_TOKENIZER
    tokens = count_tokens(text, tokenizer)
    key_values = [g.values for g in gold.facts if g.importance == "key" and g.values]

    traps = [t.id for t in gold.traps if any(re.search(p, text) for p in t.patterns)]
    claimed_absent = {
        str(n.get("category")) for n in output.get("not_disclosed") or [] if isinstance(n, Mapping)
    }
    gold_present = {g.category for g in gold.facts}
    gold_absent = {a.category for a in gold.absent}
    sentences = summary.get("sentences")
    untraceable = (
        None
        if sentences is None
        else sum(
            1
            for s in sentences
            if not s.get("not_disclosed")
            and not [fid for fid in s.get("fact_ids") or [] if fid in facts_by_id]
        )
    )
    return DocScore(
        doc=gold.doc,
        citations=len(cites),
        citations_valid=valid,
        citation_validity=_ratio(valid, len(cites)),
        key_found=sum(hits[g.id] for g in key),
        key_total=len(key),
        key_recall=_ratio(sum(hits[g.id] for g in key), len(key)) if cites_facts else None,
        all_found=sum(hits.values()),
        all_total=len(gold.facts),
        all_recall=_ratio(sum(hits.values()), len(gold.facts)) if cites_facts else None,
        missed_key=[f"{g.id} ({g.category}): {g.fact}" for g in key if not hits[g.id]],
        unsupported_figures=figure_problems + para_problems,
        figure_basis=basis,
        trap_hits=traps,
        invented_absences=[c for c in CATEGORIES if c in claimed_absent and c in gold_present],
        confirmed_absences=[c for c in CATEGORIES if c in claimed_absent and c in gold_absent],
        paragraph_tokens=tokens,
        token_cap=cap,
        one_paragraph=bool(text.strip()) and "\n" not in text.strip(),
        within_cap=tokens <= cap,
        untraceable_sentences=untraceable,
        reader=reader_measures(text, key_values, tokenizer, _company(output, source))
        if text.strip()
        else None,
    )


def _company(output: Mapping[str, Any], source: str) -> str:
    """The company's name as the output's record gives it, else as the text gives it."""
    record = output.get("business_model") or {}
    company = record.get("company") if isinstance(record, Mapping) else None
    name = company.get("name") if isinstance(company, Mapping) else None
    return name if isinstance(name, str) and name.strip() else guess_company(source)


class OverallScore(BaseModel):
    documents: int
    citation_validity: float | None = Field(description="Pooled over all citations.")
    key_recall: float | None = Field(description="Mean of the per-document key recalls.")
    all_recall: float | None = Field(description="Mean of the per-document all-fact recalls.")
    unsupported_figures: int
    trap_hits: int
    invented_absences: int
    paragraphs_ok: int = Field(description="Documents with one paragraph within the cap.")
    first_person_words: int = 0
    fragments: int = 0
    repeated_openers: int = 0
    near_duplicate_pairs: int = 0
    off_topic_sentences: int = 0
    identity_first: int = Field(
        default=0,
        description="Paragraphs whose first sentence names the company and says what it does.",
    )
    identity_checked: int = Field(default=0, description="Paragraphs with a company name.")
    promotional_sentences: int = 0
    dated_event_sentences: int = 0
    key_figures_in_prose: float | None = Field(
        default=None, description="Pooled: gold key facts with values whose values all appear."
    )


def _mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 4) if kept else None


def overall(scores: list[DocScore]) -> OverallScore:
    cites = sum(s.citations for s in scores)
    readers = [s.reader for s in scores if s.reader is not None]
    return OverallScore(
        documents=len(scores),
        citation_validity=_ratio(sum(s.citations_valid for s in scores), cites),
        key_recall=_mean(s.key_recall for s in scores),
        all_recall=_mean(s.all_recall for s in scores),
        unsupported_figures=sum(len(s.unsupported_figures) for s in scores),
        trap_hits=sum(len(s.trap_hits) for s in scores),
        invented_absences=sum(len(s.invented_absences) for s in scores),
        paragraphs_ok=sum(s.one_paragraph and s.within_cap for s in scores),
        first_person_words=sum(r.first_person_words for r in readers),
        fragments=sum(r.fragments for r in readers),
        repeated_openers=sum(r.repeated_openers for r in readers),
        near_duplicate_pairs=sum(r.near_duplicate_pairs for r in readers),
        off_topic_sentences=sum(r.off_topic_sentences for r in readers),
        identity_first=sum(bool(r.identity_first) for r in readers),
        identity_checked=sum(r.identity_first is not None for r in readers),
        promotional_sentences=sum(r.promotional_sentences for r in readers),
        dated_event_sentences=sum(r.dated_event_sentences for r in readers),
        key_figures_in_prose=_ratio(
            sum(r.key_figures_in_prose or 0 for r in readers),
            sum(r.key_figures_total or 0 for r in readers),
        ),
    )
