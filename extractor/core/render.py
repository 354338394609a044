"""Render verified facts into one paragraph under a token cap.

Sentences come from ``templates/summary.j2`` (sandboxed, StrictUndefined).
Each sentence renders one fact, so every sentence is traceable; when the
paragraph is over the cap, whole sentences are dropped, lowest priority
first, never cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from extractor.core.package_data import template_dir
from extractor.core.schema import CATEGORIES, Category, Fact, Summary, SummarySentence
from extractor.core.tokens import DEFAULT_TOKEN_CAP, DEFAULT_TOKENIZER, count_tokens
from extractor.errors import RenderError

PARAGRAPH_ORDER: tuple[Category, ...] = (
    "products",
    "revenue",
    "customers",
    "channels",
    "financing",
)
AREA_LABEL: dict[Category, str] = {
    "revenue": "its sources of revenue",
    "customers": "its customer base",
    "products": "its products",
    "channels": "its distribution channels",
    "financing": "details of its financing",
}
TEMPLATE = "summary.j2"


def join_and(items: Sequence[str]) -> str:
    """``["A", "B", "C"]`` -> ``"A, B and C"``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# Statements copied from the filing speak as "we"; the paragraph speaks about the
# company. Only rewrites that need no verb agreement (our -> its, "We are" ->
# "The company is"); "We sell" stays rather than risk "The company sell".
_THIRD_PERSON: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^We are\b"), "The company is"),
    (re.compile(r"^We were\b"), "The company was"),
    (re.compile(r"^We have\b"), "The company has"),
    (re.compile(r"^Our\b"), "The company's"),
    (re.compile(r"\bOur\b"), "Its"),
    (re.compile(r"\bour\b"), "its"),
)


def third_person(statement: str) -> str:
    """ "Sales through our indirect channels ..." -> "Sales through its indirect channels ..." """
    for pattern, replacement in _THIRD_PERSON:
        statement = pattern.sub(replacement, statement)
    return statement


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )
    env.filters["join_and"] = join_and
    env.filters["third_person"] = third_person
    return env


@dataclass(frozen=True)
class _Unit:
    text: str
    fact_ids: tuple[str, ...]
    not_disclosed: tuple[Category, ...]
    priority: float
    order: int


def _one_line(text: str) -> str:
    return " ".join(text.split())


_WORD = re.compile(r"[a-z]+|\d+(?:[.,]\d+)*")


def near_duplicate(a: str, b: str, threshold: float = 0.7) -> bool:
    """Same figures and mostly the same words: saying both would repeat a fact."""
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    if {w for w in wa if w[0].isdigit()} != {w for w in wb if w[0].isdigit()}:
        return False
    union = wa | wb
    return bool(union) and len(wa & wb) / len(union) >= threshold


def render_summary(
    facts: Sequence[Fact],
    not_disclosed: Sequence[Category] = (),
    token_cap: int = DEFAULT_TOKEN_CAP,
    tokenizer: str = DEFAULT_TOKENIZER,
) -> Summary:
    """Company facts become sentences in area order; trimmed to ``token_cap`` tokens."""
    try:
        template = _environment().get_template(TEMPLATE)
        module = template.make_module({"sentences": []})
        units: list[_Unit] = []
        company_facts = [f for f in facts if f.subject == "company"]
        spans: list[tuple[int, int, int]] = []  # (start, end, unit index) already rendered
        for area in PARAGRAPH_ORDER:
            area_facts = sorted(
                (f for f in company_facts if f.category == area), key=lambda f: -f.priority
            )
            for f in area_facts:
                # The same passage extracted under two areas, or (nearly) the same
                # sentence produced twice, is said once; it traces to both facts.
                text = _one_line(str(module.fact_sentence(f)))
                twin = next(
                    (i for a, b, i in spans for c in f.citations if c.start < b and a < c.end), None
                )
                if twin is None:
                    twin = next(
                        (i for i, u in enumerate(units) if near_duplicate(u.text, text)), None
                    )
                if twin is not None:
                    u = units[twin]
                    units[twin] = _Unit(u.text, (*u.fact_ids, f.id), (), u.priority, u.order)
                    continue
                spans.extend((c.start, c.end, len(units)) for c in f.citations)
                units.append(_Unit(text, (f.id,), (), f.priority, len(units)))
        missing = [a for a in CATEGORIES if a in set(not_disclosed)]
        if missing:
            labels = [AREA_LABEL[a] for a in PARAGRAPH_ORDER if a in missing]
            text = _one_line(str(module.not_disclosed_sentence(labels)))
            units.append(_Unit(text, (), tuple(missing), 0.0, len(units)))

        def paragraph(us: list[_Unit]) -> str:
            return _one_line(template.render(sentences=[u.text for u in us]))

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
        dropped_fact_ids=[i for u in dropped for i in u.fact_ids],
    )
