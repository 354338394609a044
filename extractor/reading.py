"""Read wide, write little: triage the reading pool, then choose what gets a note.

Every pooled passage is labelled by the model at the cost of its own tokens
(``core.triage``); nothing is generated but one token. The label shares are
calibrated per document: a small model leans to some letters whatever it reads,
so each passage's shares are divided by the pool's mean share of each label
before they are compared (contextual calibration, Zhao et al. 2021). A passage
is filed under each area whose calibrated share reaches ``AREA_SHARE``, under an
area whose ranking offered it where the share reaches ``OFFERED_SHARE`` (the
model must still see something of the area; the ranking saw its words), and
always under the area of a headline figure it states.

Within an area, the passages triage is surest of get a note the model writes
(``NOTES_PER_AREA``); the others get a note code writes from the passage itself,
verified by the same checks, so that the fact is on record without paying for
generated tokens. A backend that gives no labels (no log-probabilities and no
letter in its answer) falls back to today's selection: ``select_candidates``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from extractor.core.budget import TokenBudget
from extractor.core.schema import CATEGORIES, Category
from extractor.core.select.rank import Candidate, Pooled
from extractor.core.select.triage import (
    AREA_SHARE,
    LABELS,
    OFFERED_SHARE,
    Verdict,
    triage_messages,
    verdict_from,
)
from extractor.providers.base import LLM, TriageRequest, Usage

# Passages per area the model writes a note for; the rest of what triage files
# there get a note written by code (their own words, restated).
NOTES_PER_AREA = 4


@dataclass
class Reading:
    """What triage made of the pool; ``verdicts`` is aligned with ``pool``."""

    pool: list[Pooled]
    verdicts: list[Verdict] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0

    @property
    def labelled(self) -> bool:
        """The backend gave labels: triage decides; else selection does."""
        return any(v.usable for v in self.verdicts)


def read_pool(
    llm: LLM,
    source: str,
    pool: list[Pooled],
    company: str,
    budget: TokenBudget | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Reading:
    """Label every pooled passage; stop at the first answer without a label (a backend
    that cannot do this gives none for any passage)."""
    reading = Reading(pool)
    started = time.perf_counter()
    for n, item in enumerate(pool, 1):
        if budget is not None:
            budget.check()
        answer = llm.triage(TriageRequest(triage_messages(company, item.sentence.text), source))
        reading.usage.add(answer.usage)
        verdict = verdict_from(answer.probabilities)
        if not verdict.usable and n == 1:
            break
        reading.verdicts.append(verdict)
        if progress is not None:
            progress(n, len(pool))
    reading.seconds = time.perf_counter() - started
    return reading


def calibrated(verdicts: list[Verdict]) -> list[Verdict]:
    """Each passage's shares divided by the pool's mean share of that label, renormalised."""
    usable = [v for v in verdicts if v.usable]
    if not usable:
        return verdicts
    mean = {k: sum(v.shares.get(k, 0.0) for v in usable) / len(usable) for k in LABELS}
    out = []
    for v in verdicts:
        if not v.usable:
            out.append(v)
            continue
        raw = {k: v.shares.get(k, 0.0) / mean[k] if mean[k] > 0 else 0.0 for k in LABELS}
        total = sum(raw.values())
        out.append(Verdict({k: p / total for k, p in raw.items()}) if total > 0 else v)
    return out


@dataclass(frozen=True)
class Filed:
    """An area's passages in document order: those the model notes, those code notes."""

    model: list[Candidate]
    code: list[Candidate]


def filing(
    reading: Reading, share: float = AREA_SHARE
) -> list[tuple[set[Category], set[Category], Verdict]]:
    """Per pooled passage: the areas it is filed under, those the model's label gave on
    its own, and its calibrated verdict."""
    out = []
    for item, verdict in zip(reading.pool, calibrated(reading.verdicts), strict=False):
        labelled = set(verdict.areas(share))
        seconded = {a for a in item.offered if verdict.share(a) >= min(share, OFFERED_SHARE)}
        out.append((labelled | seconded | set(item.always), labelled, verdict))
    return out


def file_passages(
    reading: Reading, notes_per_area: int = NOTES_PER_AREA, share: float = AREA_SHARE
) -> dict[Category, Filed]:
    """Each area's passages as triage filed them; the surest get the model's notes."""
    found: dict[Category, list[tuple[float, Candidate]]] = {a: [] for a in CATEGORIES}
    for item, (areas, _, verdict) in zip(reading.pool, filing(reading, share), strict=False):
        for area in areas:
            sure = verdict.share(area) + (1.0 if area in item.always else 0.0)
            found[area].append((sure, Candidate(item.sentence, item.scores[area])))
    filed: dict[Category, Filed] = {}
    for area, pairs in found.items():
        ranked = sorted(pairs, key=lambda x: (-x[0], x[1].sentence.start))
        chosen = {id(c) for _, c in ranked[:notes_per_area]}
        in_order = sorted((c for _, c in pairs), key=lambda c: c.sentence.start)
        filed[area] = Filed(
            model=[c for c in in_order if id(c) in chosen],
            code=[c for c in in_order if id(c) not in chosen],
        )
    return filed
