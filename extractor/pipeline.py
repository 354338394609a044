"""The stages end to end: segment, select, extract per area, verify, render.

``summarize`` takes text already read, a ready ``LLM`` and a ``RunConfig`` and
returns the ``Output`` contract, its own usage and cache hits included; it
reports one progress line per stage so a multi-minute CPU run never looks hung.
A model whose answers mostly do not parse fails the run (``ModelAnswerError``)
rather than passing for a text with nothing verifiable in it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from extractor.config import RunConfig
from extractor.core.budget import TokenBudget
from extractor.core.paragraph.render import render_summary, unsaid
from extractor.core.record.build import build_business_model
from extractor.core.schema import (
    CATEGORIES,
    AreaRun,
    Category,
    DocumentInfo,
    Fact,
    NotDisclosed,
    Output,
    PooledPassage,
    ReadingRun,
    Rejected,
    RunInfo,
)
from extractor.core.select.rank import Candidate, pool_passages, select_candidates
from extractor.core.text.company import Company
from extractor.core.text.segment import split_sentences
from extractor.core.tokens import count_tokens
from extractor.core.verify.facts import AreaInput, number_facts, verify_area
from extractor.errors import ModelAnswerError
from extractor.extract import AreaDrafts, add_code_notes, extract_area
from extractor.providers.base import LLM
from extractor.providers.document_key import settled, take_back
from extractor.reading import file_passages, filing, read_pool

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def _check_answers(llm: LLM, drafts: dict[str, AreaDrafts]) -> None:
    """Most areas' answers cut off or unparseable: a failed model, not a text with
    nothing to verify.

    Judged per area, not per request: a failed batch is asked again in halves,
    so one bad area makes many requests.
    """
    asked = [d for d in drafts.values() if d.asked]
    failed = [d for d in asked if d.model_failed]
    if len(failed) * 2 > len(asked):
        cut_off = sum(d.cut_off for d in asked)
        raise ModelAnswerError(
            f"model {llm.label} did not answer usefully: in {len(failed)} of {len(asked)} "
            f"areas most answers ({sum(d.failed for d in asked)} of "
            f"{sum(d.asked for d in asked)} in all, {cut_off} of them cut off at the token "
            "limit) were cut off or not the JSON asked for (garbage, wrong types, no content "
            "or over the size cap)"
        )


def _check_verified(
    llm: LLM, drafts: dict[str, AreaDrafts], facts: list[Fact], rejected: list[Rejected]
) -> None:
    """No fact at all, and every area the model answered either failed or had every
    statement it proposed rejected: the model gave nothing usable, which is not a text
    with nothing to say (whose honest answers are empty statements: exit 0)."""
    answered = [d for d in drafts.values() if d.asked]
    if facts or not rejected or not answered:
        return
    if all(d.model_failed or d.proposed for d in answered):
        reasons = list(dict.fromkeys(r.reason for r in rejected))
        raise ModelAnswerError(
            f"model {llm.label} gave no usable answer: all {len(rejected)} statements it "
            f"proposed were rejected by the checks ({'; '.join(reasons[:2])[:200]})"
        )


def summarize(
    text: str,
    llm: LLM,
    config: RunConfig = RunConfig(),  # noqa: B008 - frozen, so one shared default is safe
    *,
    name: str = "-",
    progress: Progress = _quiet,
    document_extra: dict[str, Any] | None = None,
) -> Output:
    """The output for ``text``; ``document_extra``: further ``DocumentInfo`` fields (where a
    located section came from). A run the model gave nothing usable for takes back the
    response-cache entries it wrote, so that a rerun asks the model again."""
    try:
        out = _summarize(text, llm, config, name, progress, document_extra or {})
    except ModelAnswerError:
        take_back(text)
        raise
    settled(text)
    return out


def _summarize(
    text: str, llm: LLM, config: RunConfig, name: str, progress: Progress, extra: dict[str, Any]
) -> Output:
    t0 = time.perf_counter()
    token_cap, tokenizer = config.token_cap, config.tokenizer
    budget = TokenBudget.starting_now(config.token_budget, lambda: llm.usage.total)
    stages: dict[str, float] = {}

    def stage(label: str, started: float, detail: str) -> None:
        stages[label] = round(time.perf_counter() - started, 2)
        progress(f"[{time.perf_counter() - t0:6.1f}s] {label}: {detail}")

    s = time.perf_counter()
    sentences = split_sentences(text)
    stage("segment", s, f"{len(sentences)} sentences")

    s = time.perf_counter()
    company = Company.from_text(text)
    per_area = config.reading.for_body(sum(not x.is_heading for x in sentences))
    pool = pool_passages(sentences, per_area, company=company.name)
    stage("pool", s, f"{len(pool)} passages ({per_area or 'all'} per area)")

    s = time.perf_counter()
    step = max(1, len(pool) // 4)

    def heard(n: int, total: int) -> None:
        if n % step == 0 and n < total:
            progress(f"[{time.perf_counter() - t0:6.1f}s] triage: {n}/{total} passages")

    reading = read_pool(llm, text, pool, company.name, budget, heard)
    code: dict[Category, list[Candidate]] = {a: [] for a in CATEGORIES}
    if reading.labelled:
        filed = file_passages(reading)
        candidates = {a: filed[a].model for a in CATEGORIES}
        code = {a: filed[a].code for a in CATEGORIES}
    else:  # no labels from this backend: today's selection decides
        candidates = select_candidates(sentences, per_area=config.per_area, company=company.name)
    stage(
        "triage" if reading.labelled else "select",
        s,
        ", ".join(f"{a} {len(candidates[a])}+{len(code[a])}" for a in CATEGORIES),
    )

    drafts: dict[str, AreaDrafts] = {}
    for area in CATEGORIES:
        s = time.perf_counter()
        drafts[area] = extract_area(
            llm, text, area, candidates[area], company, config.batch_size, budget
        )
        d = drafts[area]
        add_code_notes(d, code[area], text, sentences)
        stage(
            f"extract {area}",
            s,
            f"{len(d.drafts)} proposals, {d.usage.calls} calls, "
            f"{d.usage.prompt_tokens}+{d.usage.completion_tokens} tokens",
        )

    _check_answers(llm, drafts)

    s = time.perf_counter()
    max_rank = max((c.score for cs in candidates.values() for c in cs), default=1.0)
    facts: list[Fact] = []
    rejected: list[Rejected] = []
    for area in CATEGORIES:
        d = drafts[area]
        area_facts, area_rejected = verify_area(
            text, AreaInput(area, d.drafts, d.windows, d.ranks, d.by_code), max_rank, company
        )
        facts.extend(area_facts)
        rejected.extend(area_rejected)
    facts = number_facts(facts)
    stage("verify", s, f"{len(facts)} facts kept, {len(rejected)} rejected")
    _check_verified(llm, drafts, facts, rejected)

    s = time.perf_counter()
    not_disclosed = []
    for area in CATEGORIES:
        if not candidates[area] and not code[area]:
            not_disclosed.append(
                NotDisclosed(
                    category=area,
                    basis="no_candidate_passages",
                    note="no passage of the text matched this area",
                )
            )
        elif not any(f.category == area and f.subject == "company" for f in facts) and (
            drafts[area].model_failed
        ):
            not_disclosed.append(
                NotDisclosed(
                    category=area,
                    basis="model_failed",
                    note=f"{drafts[area].failed} of {drafts[area].asked} answers for this "
                    "area were cut off or not the JSON asked for",
                )
            )
        elif not any(f.category == area and f.subject == "company" for f in facts):
            not_disclosed.append(
                NotDisclosed(
                    category=area,
                    basis="no_verified_facts",
                    note="passages matched but no company fact survived verification",
                )
            )
    record = build_business_model(facts, company.name, source=text)
    listed = {n.category for n in not_disclosed}
    for area in unsaid(facts, record, text):
        if area not in listed:
            not_disclosed.append(
                NotDisclosed(
                    category=area,
                    basis="no_usable_facts",
                    note="company facts were verified, but none can be said (off-topic, "
                    "what may be, another company's, cut short)",
                )
            )
    summary = render_summary(
        facts, [n.category for n in not_disclosed], token_cap, tokenizer, record=record, source=text
    )
    stage(
        "render",
        s,
        f"{summary.tokens}/{token_cap} tokens, "
        f"{len(summary.sentences)} sentences, {len(summary.dropped_fact_ids)} facts dropped",
    )

    run = RunInfo(
        model=llm.model,
        backend=llm.label,
        llm_calls=reading.usage.calls + sum(d.usage.calls for d in drafts.values()),
        prompt_tokens=reading.usage.prompt_tokens
        + sum(d.usage.prompt_tokens for d in drafts.values()),
        completion_tokens=reading.usage.completion_tokens
        + sum(d.usage.completion_tokens for d in drafts.values()),
        cache_hits=reading.usage.cache_hits + sum(d.usage.cache_hits for d in drafts.values()),
        seconds=round(time.perf_counter() - t0, 2),
        areas=[
            AreaRun(
                category=a,
                candidates=len(candidates[a]),
                llm_calls=drafts[a].usage.calls,
                prompt_tokens=drafts[a].usage.prompt_tokens,
                completion_tokens=drafts[a].usage.completion_tokens,
                facts=sum(1 for f in facts if f.category == a),
                seconds=round(drafts[a].seconds, 2),
                failed_batches=drafts[a].failed_batches,
                unparsed_answers=drafts[a].unparsed,
            )
            for a in CATEGORIES
        ],
        stages=stages,
        unparsed_answers=sum(d.unparsed for d in drafts.values()),
        reading=ReadingRun(
            budget=per_area or "all",
            pool=len(pool),
            mode="triage" if reading.labelled else "selection",
            triage_calls=reading.usage.calls,
            triage_prompt_tokens=reading.usage.prompt_tokens,
            seconds=round(reading.seconds, 2),
            filed=len({c.sentence.index for a in CATEGORIES for c in candidates[a] + code[a]}),
            model_notes=sum(len(candidates[a]) for a in CATEGORIES),
            code_notes=sum(len(code[a]) for a in CATEGORIES),
            passages=[
                PooledPassage(
                    start=p.sentence.start,
                    end=p.sentence.end,
                    areas=[a for a in CATEGORIES if a in areas],
                    labelled=[a for a in CATEGORIES if a in labelled],
                    shares={k: round(v, 4) for k, v in verdict.shares.items()},
                )
                for p, (areas, labelled, verdict) in zip(pool, filing(reading), strict=False)
            ]
            if reading.labelled
            else [],
        ),
    )
    document = DocumentInfo(
        name=name,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        chars=len(text),
        tokens=count_tokens(text, tokenizer),
        **extra,
    )
    return Output(
        document=document,
        facts=facts,
        not_disclosed=not_disclosed,
        rejected=rejected,
        business_model=record,
        summary=summary,
        run=run,
    )
