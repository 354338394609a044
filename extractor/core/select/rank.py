"""Choose, deterministically, the few passages per focus area the model will read.

The small model loses facts in long prompts and copies the first passages it
sees, so it gets only a handful of candidates per call. Selection is BM25 over
sentences with an area lexicon, boosted by section headings, figures next to
area words, and first-person business statements; the opening overview
sentences ("We are a leading provider of ...") are always offered to the
products area because keyword scores miss them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from extractor.core.areas import AREAS
from extractor.core.lexicon.words import BUSINESS_VERBS, FIRST_PERSON_WORDS, MODAL_WORDS, YEAR
from extractor.core.schema import CATEGORIES, Category
from extractor.core.text.company import company_head
from extractor.core.text.figures import find_figures
from extractor.core.text.segment import Sentence

_WORD = re.compile(r"[a-z][a-z\-]+")

_FIGURE = re.compile(r"[$€£¥]\s?\d|\d\s?%|\d+(?:\.\d+)?\s(?:million|billion|percent)", re.I)
_FIRST_PERSON = re.compile(rf"\b(?:{FIRST_PERSON_WORDS}|the company)\b", re.I)
_BUSINESS_VERB = rf"{BUSINESS_VERBS}(?:s|ed|d)?\b"
# "We are a leading provider of ...": self-descriptions by the verb to be. Those
# with a business verb ("we provide", "NetApp sells") are ``_self_description``.
_OVERVIEW = re.compile(
    r"\b(we|the company|[A-Z][\w.&,]* (?:inc|corp|plc|company)\.?)\s+(?:is|are)\s+"
    r"(?:a|an|the|one)\b",
    re.I,
)
# What a company says it makes or provides is also what it earns from.
_OVERVIEW_AREAS: tuple[Category, ...] = ("products", "revenue")
# Risk talk: "could", "might" and "may not" of the modals, and pointers to risk factors.
_HEDGE = re.compile(
    rf"\b((?!may\b|would\b){MODAL_WORDS}|may not|risk factors?|forward-looking)\b", re.I
)
# Pointers to other parts of the filing carry no fact of their own.
_CROSS_REF = re.compile(
    r"\b(?:see|refer to|described in|discussed in|included in)\b[^.]{0,80}"
    r"\b(?:item|note|part|section|exhibit)s?\b|\bfor (?:more|additional|further) information\b"
    r"|\bincorporated (?:herein )?by reference\b",
    re.I,
)


@dataclass(frozen=True)
class Candidate:
    sentence: Sentence
    score: float


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@cache
def _stem_pattern(term: str) -> re.Pattern[str]:
    # Stems match at the start of a word: "rent" in "rental", not in "current".
    return re.compile(r"(?<![a-z])" + re.escape(term))


def _count(term: str, text_lower: str) -> int:
    return len(_stem_pattern(term).findall(text_lower)) if term in text_lower else 0


def _lexicon_hits(text_lower: str, lexicon: dict[str, float]) -> dict[str, int]:
    hits = {term: _count(term, text_lower) for term in lexicon}
    return {term: n for term, n in hits.items() if n}


class _BM25:
    """BM25 over sentences where query terms are lexicon stems (prefix matches)."""

    def __init__(self, texts: list[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.lower = [t.lower() for t in texts]
        self.lengths = [max(1, len(_tokens(t))) for t in texts]
        self.avg = sum(self.lengths) / max(1, len(self.lengths))
        self.k1, self.b = k1, b
        self.n = len(texts)
        self.df: Counter[str] = Counter()

    def idf(self, term: str) -> float:
        if term not in self.df:
            self.df[term] = sum(1 for t in self.lower if _count(term, t))
        df = self.df[term]
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def score(self, i: int, lexicon: dict[str, float]) -> float:
        total = 0.0
        norm = self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg)
        for term, tf in _lexicon_hits(self.lower[i], lexicon).items():
            total += lexicon[term] * self.idf(term) * tf * (self.k1 + 1) / (tf + norm)
        return total


# How a sentence's BM25 score for an area is scaled: up under the area's heading, with a
# figure where the area's mix is told in figures, or said of the company itself; down
# when it hedges, points elsewhere ("see Item 7"), or is too long or too short to hold one
# fact well (very long sentences crowd the prompt, very short ones rarely carry a fact).
_UNDER_HEADING, _WITH_FIGURE, _OWN_WORDS = 1.5, 1.4, 1.2
_HEDGED, _CROSS_REFERENCE, _ODD_LENGTH = 0.6, 0.2, 0.5
_LONGEST, _SHORTEST = 600, 40


def _area_score(bm25: _BM25, i: int, s: Sentence, area: Category) -> float:
    score = bm25.score(i, AREAS[area].words)
    if score <= 0:
        return 0.0
    heading = s.heading.lower()
    if any(w in heading for w in AREAS[area].headings):
        score *= _UNDER_HEADING
    if _FIGURE.search(s.text) and AREAS[area].ranks_figures:
        score *= _WITH_FIGURE
    if _FIRST_PERSON.search(s.text):
        score *= _OWN_WORDS
    if _HEDGE.search(s.text):
        score *= _HEDGED
    if _CROSS_REF.search(s.text):
        score *= _CROSS_REFERENCE
    if len(s.text) > _LONGEST or len(s.text) < _SHORTEST:
        score *= _ODD_LENGTH
    return score


def _self_description(company: str) -> re.Pattern[str]:
    """'NetApp provides ...', 'The Company owns ...': the company as subject of a business verb."""
    head = company_head(company)
    names = ["we", "the company"]
    if head:
        names.append(re.escape(head) + r"(?:['’]s)?")
    subject = rf"^\W*(?:{'|'.join(names)})"
    # "Acme Corporation, incorporated in Ohio in 1995, is a holding company ..."
    aside = r"(?:,[^,.;]{1,80},)?"
    is_a = rf"{subject}(?:\s+[A-Z][\w&.]*){{0,3}}{aside}\s+(?:is|are)\s+(?:a|an|one)\b"
    return re.compile(rf"{subject}\s+(?:[\w-]+\s+){{0,3}}?{_BUSINESS_VERB}|{is_a}", re.I)


def overview_sentences(
    sentences: list[Sentence], limit: int = 4, company: str = ""
) -> list[Sentence]:
    """The opening self-descriptions keyword scores miss."""
    own = _self_description(company)
    found = [
        s
        for s in sentences[:60]
        if not s.is_heading and (_OVERVIEW.search(s.text) or own.search(s.text))
    ]
    return found[:limit]


_BOILERPLATE = re.compile(
    r"unless (?:otherwise indicated|the context)|refer(?:s|red)? to\b|forward-looking"
    r"|incorporated (?:in|under)|(?:was|were) (?:incorporated|organized|founded)|under the laws of"
    r"|headquarter|principal executive offices|fiscal year ends?|telephone number"
    r"|\b(?:this|the) (?:combined )?annual report\b",
    re.I,
)
# "X, incorporated in Delaware in 1995, is a holding company whose ...", "X, a Texas
# corporation, was organized in 1978, and ... we engage in the insurance business": what the
# company is or does outweighs where it was incorporated ("is a corporation formed under
# the laws of Ohio" says nothing more).
_WHAT_IT_IS = re.compile(
    r"^(?!this\b)[^.;]{0,120}?\b(?:is|are)\s+(?:a|an|one of)\s(?!(?:\w+\s)?(?:corporation|company)"
    r"\s+(?:formed|organized|incorporated|existing))"
    rf"|\b(?:we|it)\s+(?:\w+\s+)?(?:engage[sd]?\b|{_BUSINESS_VERB})",
    re.I,
)


def opening_sentences(
    body: list[Sentence], max_sentences: int = 8, max_chars: int = 2200
) -> list[Sentence]:
    """The first sentences of the text proper: Item 1 opens with the business model in
    brief (what the company sells, to whom, how), in words no lexicon anticipates."""
    found: list[Sentence] = []
    chars = 0
    for s in body:
        if len(found) >= max_sentences or chars + len(s.text) > max_chars:
            break
        if len(s.text) < 40:
            continue
        if _BOILERPLATE.search(s.text) and not _WHAT_IT_IS.search(s.text):
            continue
        found.append(s)
        chars += len(s.text)
    return found


# "our finance income was approximately $69.5 million, $51.2 million and $34.9 million",
# "Our total revenues for the year ... were $206.8 million and net income was $4.1
# million": the headline figures, whatever the filer calls its revenue. BM25 ranks them
# low beside long sentences full of area words.
_HEADLINE = re.compile(
    r"\b(?:our|its|the company['’]s|total|consolidated)\s+"
    r"(?P<what>(?:(?:total|net|operating|finance|interest)\s+)*(?:revenues?|sales|income|loss))\b"
    r"(?![^.;$]{0,20}carry)[^.;$]{0,60}?\b(?:was|were|totaled|totalled|amounted to)\b"
    r"[^.;]{0,30}?[$€£]\s?\d",
    re.I,
)
_PERIOD = re.compile(rf"\b{YEAR}\b|\bfiscal\b|\byears?\b", re.I)


def headline_figures(body: list[Sentence], limit: int = 2) -> dict[int, set[Category]]:
    """Sentences stating the period's revenue (revenue area) or net income or loss
    (financing), the first ``limit`` of each, by sentence index."""
    found: dict[int, set[Category]] = {}
    counts: Counter[str] = Counter()
    for s in body:
        if not _PERIOD.search(s.text):
            continue
        for m in _HEADLINE.finditer(s.text):
            what = m["what"].lower()
            if what == "loss" or what.endswith("operating income"):
                continue  # a segment's or an operation's result, not the period's
            net = what.endswith(("net income", "net loss"))
            area: Category = "financing" if net else "revenue"
            if counts[area] < limit and area not in found.get(s.index, set()):
                counts[area] += 1
                found.setdefault(s.index, set()).add(area)
    return found


def area_scores(body: list[Sentence]) -> dict[Category, list[float]]:
    """Each sentence's score in each area (0 where it says nothing of the area)."""
    bm25 = _BM25([s.text for s in body])
    return {
        area: [_area_score(bm25, i, s, area) for i, s in enumerate(body)] for area in CATEGORIES
    }


def select_candidates(
    sentences: list[Sentence],
    per_area: int = 8,
    max_chars: int = 4000,
    max_areas_per_sentence: int = 5,
    opening_per_sentence: int = 2,
    max_per_area: int = 11,
    company: str = "",
) -> dict[Category, list[Candidate]]:
    """Top passages per area, each list in document order.

    A sentence may serve at most ``max_areas_per_sentence`` areas (the ones it
    scores highest in) so one sentence does not crowd every area.
    """
    body = [s for s in sentences if not s.is_heading]
    scores = area_scores(body)
    allowed: list[set[Category]] = []
    for i in range(len(body)):
        ranked = sorted(CATEGORIES, key=lambda a: scores[a][i], reverse=True)
        allowed.append({a for a in ranked[:max_areas_per_sentence] if scores[a][i] > 0})

    overview = {s.index for s in overview_sentences(body, company=company)}
    position = {s.index: i for i, s in enumerate(body)}
    # Each opening sentence goes to the areas it scores best in (at most two).
    opening_areas: dict[int, set[Category]] = {}
    for s in opening_sentences(body):
        i = position[s.index]
        ranked = sorted(CATEGORIES, key=lambda a: scores[a][i], reverse=True)
        opening_areas[s.index] = {a for a in ranked[:opening_per_sentence] if scores[a][i] > 0}
    for index, areas in headline_figures(body).items():
        opening_areas[index] = opening_areas.get(index, set()) | areas
    result: dict[Category, list[Candidate]] = {}
    for area in CATEGORIES:
        order = sorted(range(len(body)), key=lambda i: scores[area][i], reverse=True)
        chosen: list[Candidate] = []
        chars = 0
        top = max(scores[area]) if body else 0.0
        for s in body:
            if (area in _OVERVIEW_AREAS and s.index in overview) or area in opening_areas.get(
                s.index, ()
            ):
                chosen.append(Candidate(s, top + 1.0))
                chars += len(s.text)
        chosen = chosen[:max_per_area]
        budget = min(max_per_area, len(chosen) + per_area)
        for i in order:
            if len(chosen) >= budget or scores[area][i] <= 0:
                break
            s = body[i]
            if area not in allowed[i] or any(c.sentence.index == s.index for c in chosen):
                continue
            if chars + len(s.text) > max_chars and chosen:
                continue
            chosen.append(Candidate(s, scores[area][i]))
            chars += len(s.text)
        result[area] = sorted(chosen, key=lambda c: c.sentence.start)
    return result


_MIN_POOLED_CHARS = 40


def large_amount(text: str) -> bool:
    """An amount of money in millions or more ("$2.6 billion", "$193.6 million")."""
    return any(
        f.kind == "amount" and f.scale in ("million", "billion", "trillion")
        for f in find_figures(text)
    )


@dataclass(frozen=True)
class Pooled:
    """One passage of the reading pool: the areas whose ranking offered it (best first),
    its score in each, and the areas it always goes to (a headline figure)."""

    sentence: Sentence
    offered: tuple[Category, ...]
    scores: dict[Category, float]
    always: frozenset[Category] = frozenset()


def pool_passages(
    sentences: list[Sentence], per_area: int | None, company: str = ""
) -> list[Pooled]:
    """The reading pool, in document order: each area's ranking at ``per_area`` passages
    without a character cap, merged and de-duplicated, with the opening and
    headline-figure sentences as in ``select_candidates``; ``None``: every body sentence."""
    body = [s for s in sentences if not s.is_heading]
    size = len(body) if per_area is None else per_area
    lists = select_candidates(
        sentences, per_area=size, max_chars=10**12, max_per_area=size, company=company
    )
    scores = area_scores(body)
    position = {s.index: i for i, s in enumerate(body)}
    headline = headline_figures(body)
    offered: dict[int, list[tuple[float, Category]]] = {}
    for area, chosen in lists.items():
        for c in chosen:
            offered.setdefault(c.sentence.index, []).append((c.score, area))
    amounts = 0
    for s in body:
        # Every body sentence that can carry a fact of its own (not a pointer to another
        # part of the filing, not a scrap) with "all"; at any budget, every one stating
        # an amount in millions or more: the figures an analyst reads a filing for, which
        # a ranking by area words puts far down ("$193.6 million of preferred units").
        if len(s.text) < _MIN_POOLED_CHARS or _CROSS_REF.search(s.text):
            continue
        if per_area is None:
            offered.setdefault(s.index, [])
        elif s.index not in offered and amounts < size and large_amount(s.text):
            amounts += 1  # at most one area's budget more: a bank's Item 1 is full of them
            offered.setdefault(s.index, [])
    pool = []
    for s in body:
        if s.index not in offered:
            continue
        i = position[s.index]
        pool.append(
            Pooled(
                sentence=s,
                offered=tuple(a for _, a in sorted(offered[s.index], key=lambda x: -x[0])),
                scores={a: scores[a][i] for a in CATEGORIES},
                always=frozenset(headline.get(s.index, ())),
            )
        )
    return pool
