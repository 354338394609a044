"""Outputs for audit-page tests, built from real text without a model.

Facts cite real sentences of a real filing; the paragraph comes from the real
``render_summary``. Only ``run`` is invented (and says so): no model ran.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import pytest

from extractor.core.paragraph.render import render_summary
from extractor.core.schema import (
    Category,
    Citation,
    DocumentInfo,
    Fact,
    FactFields,
    NotDisclosed,
    Output,
    Rejected,
    RunInfo,
)

from ..conftest import EXAMPLES
from ..real_texts import doc_text

# A sentence ends at . ! or ? before a capitalised word, a line break or the end.
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z“\"(]|\s*\n|\s*$)")


@dataclass(frozen=True)
class Spec:
    id: str
    category: Category
    statement: str
    # Each cites the whole sentence that starts with it; "=phrase" cites just the phrase.
    prefixes: tuple[str, ...]
    subject: str = "company"
    priority: float = 0.5
    fields: dict[str, list[str]] = field(default_factory=dict)


def sentence_citation(source: str, prefix: str) -> Citation:
    if prefix.startswith("="):
        start = source.index(prefix[1:])
        end = start + len(prefix) - 1
    else:
        start = source.index(prefix)
        m = _SENTENCE_END.search(source, start + len(prefix) - 1)
        end = m.end() if m else len(source)
    return Citation(start=start, end=end, quote=source[start:end], match="exact", score=100.0)


def build_output(
    source: str,
    specs: list[Spec],
    *,
    not_disclosed: tuple[Category, ...] = (),
    rejected: tuple[Rejected, ...] = (),
    token_cap: int = 512,
    name: str = "doc.txt",
) -> Output:
    facts = [
        Fact(
            id=s.id,
            category=s.category,
            statement=s.statement,
            subject=s.subject,  # type: ignore[arg-type]
            fields=FactFields(**s.fields),
            priority=s.priority,
            citations=[sentence_citation(source, p) for p in s.prefixes],
        )
        for s in specs
    ]
    summary = render_summary(facts, not_disclosed, token_cap=token_cap)
    return Output(
        document=DocumentInfo(
            name=name,
            sha256=hashlib.sha256(source.encode("utf-8")).hexdigest(),
            chars=len(source),
            tokens=0,
        ),
        facts=facts,
        not_disclosed=[
            NotDisclosed(category=c, basis="no_candidate_passages", note=f"no {c} passage")
            for c in not_disclosed
        ],
        rejected=list(rejected),
        summary=summary,
        run=RunInfo(
            model="none (test fixture)",
            backend="none",
            llm_calls=0,
            prompt_tokens=0,
            completion_tokens=0,
            seconds=0.0,
        ),
    )


@pytest.fixture(scope="session")
def sonm_output() -> Output:
    return Output.model_validate_json((EXAMPLES / "SONM_2022_item1.out.json").read_bytes())


@pytest.fixture(scope="session")
def fdx_text() -> str:
    # The 110 KB FedEx 2023 Item 1, carried gzipped in tests/data/docs.
    return doc_text("FDX_2023_item1.txt")


FDX_SPECS = [
    Spec(
        "products-1",
        "products",
        "FedEx Ground provides day-certain service across the U.S. and Canada.",
        ("FedEx Ground provides low-cost, day-certain service",),
        priority=0.9,
    ),
    # Inside products-1's sentence: overlapping citations of two areas.
    Spec(
        "customers-1",
        "customers",
        "FedEx Ground delivers to 100% of U.S. residences.",
        ("=residential delivery to 100% of U.S. residences",),
        priority=0.8,
        fields={"percentages": ["100%"]},
    ),
    Spec(
        "products-2",
        "products",
        "FedEx Express offers U.S. domestic and international shipping.",
        ("FedEx Express offers a wide range of U.S. domestic",),
        priority=0.85,
    ),
    Spec(
        "channels-1",
        "channels",
        "FedEx Office offers retail access to FedEx Express shipping.",
        ("FedEx Office offers retail access to FedEx Express shipping services",),
        priority=0.7,
    ),
    Spec(
        "revenue-1",
        "revenue",
        "FedEx Freight publishes list prices in its 100 Rules Tariff.",
        ("FedEx Freight periodically publishes updates to the list prices",),
        priority=0.6,
    ),
    Spec(
        "revenue-2",
        "revenue",
        "FedEx Dataworks builds dynamic pricing infrastructure.",
        ("FedEx Dataworks is also helping to build out a dynamic pricing",),
        priority=0.4,
    ),
    Spec(
        "channels-2",
        "channels",
        "FedEx Trade Networks operates about 122 offices in 33 countries.",
        ("As of May 31, 2023, FedEx Trade Networks Transport & Brokerage operated",),
        priority=0.3,
        fields={"periods": ["May 31, 2023"]},
    ),
    Spec(
        "customers-2",
        "customers",
        "Amazon.com is developing in-house delivery.",
        ("For example, Amazon.com has establis",),
        subject="third_party",
        priority=0.2,
    ),
]


@pytest.fixture(scope="session")
def fdx_output(fdx_text: str) -> Output:
    return build_output(
        fdx_text, FDX_SPECS, not_disclosed=("financing",), name="FDX_2023_item1.txt"
    )
