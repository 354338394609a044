"""Write the paragraph from the business-model record, under a token cap.

Sentences come from ``templates/summary.j2`` (sandboxed, StrictUndefined),
area by area in a reader's order: what the company is and sells, who buys,
how it reaches them, how it earns (totals, mix, concentration), how it is
financed. What the record cannot hold comes from verified statements made
fit by ``wording.third_person`` (never a near-duplicate, never off-topic),
at most three sentences per area. Every sentence keeps the facts it rests
on; over the cap, whole sentences are dropped, lowest priority first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from extractor.core.areas import AREAS, PARAGRAPH_ORDER
from extractor.core.package_data import template_dir
from extractor.core.paragraph.plan import one_line, plan_sentences, unsaid_areas
from extractor.core.paragraph.wording import join_and, join_figures, possessive
from extractor.core.record.build import build_business_model
from extractor.core.schema import (
    CATEGORIES,
    BusinessModel,
    Category,
    Fact,
    Summary,
    SummarySentence,
)
from extractor.core.tokens import DEFAULT_TOKEN_CAP, DEFAULT_TOKENIZER, count_tokens
from extractor.errors import RenderError

__all__ = ["join_and", "render_summary", "unsaid"]

TEMPLATE = "summary.j2"
_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
]


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number_word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )
    env.filters["join_and"] = join_and
    env.filters["join_figures"] = join_figures
    env.filters["capfirst"] = _capfirst
    env.filters["possessive"] = possessive
    env.filters["number_word"] = _number_word
    return env


def unsaid(facts: Sequence[Fact], record: BusinessModel, source: str = "") -> list[Category]:
    """Areas with verified company facts the paragraph would say nothing of
    (``plan.unsaid_areas``); the caller lists them as not disclosed."""
    module = _environment().get_template(TEMPLATE).make_module({"sentences": []})
    return unsaid_areas(module, record, facts, source)


@dataclass
class _Unit:
    text: str
    fact_ids: tuple[str, ...]
    not_disclosed: tuple[Category, ...]
    priority: float
    order: int


def render_summary(
    facts: Sequence[Fact],
    not_disclosed: Sequence[Category] = (),
    token_cap: int = DEFAULT_TOKEN_CAP,
    tokenizer: str = DEFAULT_TOKENIZER,
    record: BusinessModel | None = None,
    source: str = "",
) -> Summary:
    """The record (built from ``facts`` if not given) becomes sentences area by area;
    trimmed to ``token_cap`` tokens by dropping whole sentences. With the ``source`` text,
    facts from an off-topic section of it are not said."""
    try:
        if record is None:
            record = build_business_model(facts, source=source)
        template = _environment().get_template(TEMPLATE)
        module = template.make_module({"sentences": []})
        planned = plan_sentences(module, record, facts, source)
        units = [
            _Unit(text, fact_ids, (), priority, i)
            for i, (text, fact_ids, priority) in enumerate(planned)
        ]
        missing = [a for a in CATEGORIES if a in set(not_disclosed)]
        if missing:
            labels = [AREAS[a].label for a in PARAGRAPH_ORDER if a in missing]
            text = one_line(str(module.not_disclosed_sentence(labels)))
            units.append(_Unit(text, (), tuple(missing), 0.0, len(units)))

        def paragraph(us: list[_Unit]) -> str:
            return one_line(template.render(sentences=[u.text for u in us]))

        # Greedy by priority: a sentence is kept if it still fits, so one huge
        # low-value sentence cannot push out everything after it.
        kept: list[_Unit] = []
        dropped: list[_Unit] = []
        for unit in sorted(units, key=lambda u: (-u.priority, u.order)):
            trial = sorted([*kept, unit], key=lambda u: u.order)
            if count_tokens(paragraph(trial), tokenizer) <= token_cap:
                kept = trial
            else:
                dropped.append(unit)
        text = paragraph(kept)
    except jinja2.TemplateError as exc:
        raise RenderError(f"paragraph template failed: {exc}") from exc
    in_paragraph = {i for u in kept for i in u.fact_ids}
    return Summary(
        text=text,
        tokens=count_tokens(text, tokenizer),
        tokenizer=tokenizer,
        token_cap=token_cap,
        sentences=[
            SummarySentence(
                text=u.text, fact_ids=list(u.fact_ids), not_disclosed=list(u.not_disclosed)
            )
            for u in kept
        ],
        dropped_fact_ids=list(
            dict.fromkeys(i for u in dropped for i in u.fact_ids if i not in in_paragraph)
        ),
    )
