"""Which sentences the paragraph says, in which order, with which subject.

Planned like an analyst's note: first who the company is and what it does (the
record's description, else a verified statement that names it and says what it
does, else what it offers, with its name), with its segments; then how it earns
money, who buys, what it sells, how it reaches buyers, how it is financed. The
record's sentences (``templates/summary.j2`` macros, values as data) come first
in each area; then, up to three per area, verified statements for what the
record cannot hold, ranked by what a business-model summary needs (figures,
then segments, buyers, offerings, channels, instruments: ``worth.substance``),
made fit by ``wording.third_person``, never a near-duplicate, and never praise,
a plan, a dated event or investment philosophy (``worth.not_worth_saying``:
those stay in the JSON). Last, subjects chosen so that no two sentences open alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from extractor.core.company import UNKNOWN, Company, own_units
from extractor.core.fact_fields import AREA_WEIGHT
from extractor.core.figures import find_figures, unsupported_figures, visible
from extractor.core.identity import add_identity
from extractor.core.reader import fragment, near_duplicate, opener
from extractor.core.record_reading import short_name
from extractor.core.record_sentences import _record_sentences
from extractor.core.sayable import richest, unsayable
from extractor.core.schema import BusinessModel, Category, Fact
from extractor.core.statement import date_last
from extractor.core.table_context import TableRow, cited_row, rows_sentence
from extractor.core.topics import on_topic
from extractor.core.wording import name_variants, third_person
from extractor.core.wordlists import HEDGE_WORDS, IS_YEAR, MONTH
from extractor.core.worth import has_figure, substance

PARAGRAPH_ORDER: tuple[Category, ...] = (
    "revenue",
    "customers",
    "products",
    "channels",
    "financing",
)
MAX_PER_AREA = 3
_DATE = re.compile(rf"\b{MONTH}\s+\d{{1,2}}\b")
_HEDGED = re.compile(rf"\b{HEDGE_WORDS}\b", re.I)


def one_line(text: str) -> str:
    # Zero-width characters a cited span carries never reach a sentence.
    return " ".join(visible(text).split())


@dataclass
class _Spec:
    """A sentence before its subject is chosen: ``make(subject)`` writes it."""

    area: Category
    make: Callable[[str], str | None]
    fact_ids: tuple[str, ...]
    priority: float
    company_subject: bool
    draft: str = ""  # written with the name, for comparisons before the final pass
    short_draft: str = ""  # written with "It"
    from_record: bool = True
    # Said first: 1 who the company is and what it does, 2 its segments; 0 not.
    identity: int = 0


@dataclass
class _Writer:
    module: object
    short: str = "It"
    specs: list[_Spec] = field(default_factory=list)

    def add(
        self,
        area: Category,
        make: Callable[[str], str | None],
        fact_ids: Sequence[str],
        priority: float,
        company_subject: bool,
        from_record: bool = True,
        identity: int = 0,
    ) -> bool:
        draft, pronoun = make(self.short), make("It")
        if not draft or not pronoun or self.repeats(one_line(draft), one_line(pronoun)):
            return False
        if not fact_ids or fragment(draft):
            return False
        self.specs.append(
            _Spec(
                area,
                make,
                tuple(dict.fromkeys(fact_ids)),
                priority,
                company_subject,
                one_line(draft),
                one_line(pronoun),
                from_record,
                identity,
            )
        )
        return True

    def repeats(self, *drafts: str) -> _Spec | None:
        """The sentence already written that this one nearly repeats, with either subject."""
        for s in self.specs:
            if any(near_duplicate(a, b) for a in drafts for b in (s.draft, s.short_draft)):
                return s
        return None

    def macro(
        self,
        area: Category,
        name: str,
        *args: object,
        fact_ids: Sequence[str],
        priority: float,
        identity: int = 0,
    ) -> None:
        """A record sentence with the company as subject."""
        fn = getattr(self.module, name)
        make = lambda subject: str(fn(subject, *args))  # noqa: E731
        self.add(area, make, fact_ids, priority, True, identity=identity)

    def plain(
        self, area: Category, name: str, *args: object, fact_ids: Sequence[str], priority: float
    ) -> None:
        fn = getattr(self.module, name)
        self.add(area, lambda _subject: str(fn(*args)), fact_ids, priority, False)


def _same_row_of_tables(spec: _Spec, f: Fact, by_id: dict[str, Fact]) -> list[TableRow]:
    """The rows the sentence says and ``f``'s, when all are the same row of tables with
    their titles; else empty."""
    quotes = [[c.quote for c in by_id[i].citations] for i in spec.fact_ids if i in by_id]
    rows = [cited_row(q) for q in [*quotes, [c.quote for c in f.citations]]]
    if len(rows) < 2 or any(r is None or not r.title for r in rows):
        return []
    read = [r for r in rows if r is not None]
    return read if all(r.alike(read[0]) for r in read) else []


def _overlap(f: Fact, spec: _Spec, by_id: dict[str, Fact]) -> bool:
    return any(
        c.start < d.end and d.start < c.end
        for c in f.citations
        for i in spec.fact_ids
        if i in by_id
        for d in by_id[i].citations
    )


def _fallbacks(
    w: _Writer,
    facts: Sequence[Fact],
    area: Category,
    names: list[str],
    budget: int,
    by_id: dict[str, Fact],
    company: Company = UNKNOWN,
) -> None:
    """Verified statements for what the record did not say, made fit for the paragraph.
    A statement already said (same figures, same passage, or near-duplicate words) is not
    repeated: its fact joins the sentence that says it."""

    def covering(f: Fact) -> _Spec | None:
        # What it would say (years aside) already in a sentence: that sentence says it.
        said = _DATE.sub(" ", richest(f))
        figures = [x.text for x in find_figures(said) if not IS_YEAR.match(x.text)]
        if not figures:
            return None
        return next(
            (s for s in w.specs if not unsupported_figures(" ".join(figures), s.draft)), None
        )

    def key(f: Fact) -> tuple[float, ...]:
        words = richest(f)
        figures = find_figures(words) if covering(f) is None else []
        # Money and shares say how it earns and is financed; counts come after them. A
        # figure counts where the sentence also names what the business is made of
        # (customers, stores, revenue, debt ...): "100% recyclable packaging" does not.
        figured = 2 if any(x.kind != "number" for x in figures) else 1 if figures else 0
        figured *= substance(words) > has_figure(words)
        hedged = _HEDGED.search(f.statement) is not None
        # A statement led by the company ("We own ...") before one about a detail of it.
        led = bool(re.match(r"(?:We|Our|The Company)\b", f.statement)) or any(
            f.statement.startswith(n) for n in names
        )
        # A note the model wrote for the area before a passage triage filed there: the
        # model's is about the area, the passage may carry it in passing.
        coded = f.noted_by == "code"
        return (-figured, hedged, coded, -substance(words), -led, -f.priority)

    def join(spec: _Spec, f: Fact) -> None:
        if f.id not in spec.fact_ids:
            spec.fact_ids = (*spec.fact_ids, f.id)

    added = 0
    for f in sorted(facts, key=key):
        figured = bool(find_figures(f.statement))
        twin = covering(f)
        if twin is not None:
            join(twin, f)
            continue
        if any(f.id in s.fact_ids for s in w.specs) and not figured:
            continue
        statement = richest(f)
        draft = third_person(statement, w.short, names)
        pronoun = third_person(statement, "It", names)
        if draft is None or pronoun is None or unsayable(f, statement, draft, area, names, company):
            continue  # it stays in the JSON (``sayable.unsayable`` says why)
        if _opens_as_earlier(w, pronoun) and (moved := date_last(statement)) is not None:
            # "At December 31, 2024, Acme Bank was ..." after "At December 31, 2024, it had
            # ...": the date of record goes last.
            statement = moved
            draft = third_person(statement, w.short, names)
            pronoun = third_person(statement, "It", names)
            if draft is None or pronoun is None:
                continue
        if _opens_as_earlier(w, pronoun):
            continue  # not the company as subject, and it would open as an earlier one does
        twin = w.repeats(draft, pronoun) or next(
            (s for s in w.specs if not figured and _overlap(f, s, by_id)), None
        )
        if twin is not None and figured and twin.from_record:
            # The statement says what the record sentence says, and its figures too.
            at = w.specs.index(twin)
            w.specs.remove(twin)
            f_ids, prio = (*twin.fact_ids, f.id), max(twin.priority, f.priority)
            make = partial(third_person, statement, names=names)
            if w.add(area, make, f_ids, prio, draft.startswith((w.short, "It ", "Its ")), False):
                added += 1
            else:
                w.specs.insert(at, twin)
            continue
        if twin is not None and (rows := _same_row_of_tables(twin, f, by_id)):
            # The same row of another table ("Total operating revenues" of gas after that of
            # electricity): one sentence gives both, each figure beside its year.
            text = rows_sentence(rows)
            twin.make = lambda _subject, text=text: text
            twin.draft = twin.short_draft = text
            join(twin, f)
            continue
        if twin is not None:
            if figured and unsupported_figures(statement, twin.draft):
                continue  # worded alike, other figures: not what that sentence says
            join(twin, f)
            continue
        if added >= budget:
            continue
        make = partial(third_person, statement, names=names)
        if w.add(area, make, [f.id], f.priority, draft.startswith((w.short, "It ", "Its ")), False):
            added += 1


def _opens_as_earlier(w: _Writer, pronoun: str) -> bool:
    return not pronoun.startswith(("It ", "Its ")) and any(
        opener(pronoun) in (opener(s.draft), opener(s.short_draft)) for s in w.specs
    )


def _final_texts(specs: list[_Spec], short: str, lead: str) -> list[tuple[_Spec, str]]:
    """Subjects chosen in paragraph order: the name first, then mostly "It", the name again
    now and then, and never an opener an earlier sentence had."""
    out: list[tuple[_Spec, str]] = []
    seen: set[tuple[str, ...]] = set()
    n = 0
    for spec in specs:
        text = spec.draft
        if spec.company_subject:
            first = lead if spec.identity == 1 else short if n == 0 or n % 3 == 2 else "It"
            for subject in (first, "It" if first != "It" else short):
                made = spec.make(subject)
                if made is None:
                    continue
                text = one_line(made)
                if opener(text) not in seen:
                    break
            n += 1
        seen.add(opener(text))
        out.append((spec, text))
    return out


def plan_sentences(
    module: object, record: BusinessModel, facts: Sequence[Fact], source: str = ""
) -> list[tuple[str, tuple[str, ...], float]]:
    """(text, fact ids, priority) of every sentence, in paragraph order; only on-topic
    facts (``topics.on_topic``, by their section too when ``source`` is given) are said."""
    company = record.company
    short = company.short_name if company is not None else "The company"
    names = name_variants(company.name if company else "the company", short)
    filer = Company.named(company.name) if company is not None else UNKNOWN
    # Its subsidiaries as the text names them ("the Utility"): their facts are its own.
    filer = replace(filer, units=own_units(source))
    w = _Writer(module, short)
    own = [f for f in facts if f.subject == "company" and on_topic(f, source)]
    by_id = {f.id: f for f in own}
    for area in PARAGRAPH_ORDER:
        _record_sentences(w, record, area, AREA_WEIGHT[area] + 0.4)
    # The first sentence names the company as the text gives it, even where its statements
    # call it "the Company" ("FIRST AMERICAN SCIENTIFIC CORP." -> "First American Scientific").
    lead = short_name(company.name) if company is not None and short == "The company" else short
    if not any(s.identity == 1 for s in w.specs):
        # Any section may say who it is ("Acme, incorporated in 1995, is a holding company").
        add_identity(w, [f for f in facts if f.subject == "company"], names, filer, lead)
    for area in PARAGRAPH_ORDER:
        made = sum(s.area == area and s.priority < 2.0 and not s.identity for s in w.specs)
        area_facts = [f for f in own if f.category == area]
        budget = max(0, MAX_PER_AREA - made)
        _fallbacks(w, area_facts, area, names, budget, by_id, filer)
    if not any(s.identity == 1 for s in w.specs):
        # No description and no statement of it: what it offers, said with its name, opens.
        first = next((s for s in w.specs if s.company_subject and s.area == "products"), None)
        first = first or next((s for s in w.specs if s.company_subject), None)
        if first is not None:
            first.identity = 1
    order = {a: i for i, a in enumerate(PARAGRAPH_ORDER)}
    # Stable: within an area, record sentences first.
    specs = sorted(w.specs, key=lambda s: (not s.identity, s.identity or order[s.area]))
    return [(text, spec.fact_ids, spec.priority) for spec, text in _final_texts(specs, short, lead)]


def unsaid_areas(
    module: object, record: BusinessModel, facts: Sequence[Fact], source: str = ""
) -> list[Category]:
    """Areas with verified company facts of which the paragraph would say nothing (no
    sentence rests on a fact of the area): what it sells or who buys must not go
    unmentioned without being listed as not disclosed."""
    area_of = {f.id: f.category for f in facts}
    said = {
        area_of.get(i) for _, ids, _ in plan_sentences(module, record, facts, source) for i in ids
    }
    has = {f.category for f in facts if f.subject == "company"}
    return [a for a in PARAGRAPH_ORDER if a in has and a not in said]
