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
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from extractor.core.areas import AREAS, PARAGRAPH_ORDER
from extractor.core.lexicon.words import HEDGE_WORDS, IS_YEAR, MONTH
from extractor.core.paragraph.identity import add_identity
from extractor.core.paragraph.record_sentences import add_record_sentences
from extractor.core.paragraph.sayable import richest, unsayable
from extractor.core.paragraph.wording import name_variants, third_person
from extractor.core.paragraph.writer import KEEP_ALWAYS, Spec, Writer, one_line
from extractor.core.record.reading import short_name
from extractor.core.schema import BusinessModel, Category, Fact
from extractor.core.text.company import UNKNOWN, Company, own_units
from extractor.core.text.figures import find_figures, unsupported_figures
from extractor.core.text.statement import date_last
from extractor.core.text.style import opener
from extractor.core.text.table_context import TableRow, cited_row, rows_sentence
from extractor.core.text.topics import on_topic
from extractor.core.text.worth import has_figure, substance

# Statements said per area beyond the record's sentences.
MAX_PER_AREA = 3
# A record sentence ranks this far above a statement of its area: the record's values
# are read from every fact, a statement is one passage.
_RECORD_FIRST = 0.4
# After the first sentence, the company's name is the subject of every third one ("It"
# otherwise), so that the paragraph neither repeats the name nor loses it.
_NAME_EVERY = 3
_DATE = re.compile(rf"\b{MONTH}\s+\d{{1,2}}\b")
_HEDGED = re.compile(rf"\b{HEDGE_WORDS}\b", re.I)


def _same_row_of_tables(spec: Spec, f: Fact, by_id: dict[str, Fact]) -> list[TableRow]:
    """The rows the sentence says and ``f``'s, when all are the same row of tables with
    their titles; else empty."""
    quotes = [[c.quote for c in by_id[i].citations] for i in spec.fact_ids if i in by_id]
    rows = [cited_row(q) for q in [*quotes, [c.quote for c in f.citations]]]
    if len(rows) < 2 or any(r is None or not r.title for r in rows):
        return []
    read = [r for r in rows if r is not None]
    return read if all(r.alike(read[0]) for r in read) else []


def _overlap(f: Fact, spec: Spec, by_id: dict[str, Fact]) -> bool:
    return any(
        c.start < d.end and d.start < c.end
        for c in f.citations
        for i in spec.fact_ids
        if i in by_id
        for d in by_id[i].citations
    )


def _fallbacks(
    w: Writer,
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

    def covering(f: Fact) -> Spec | None:
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

    def join(spec: Spec, f: Fact) -> None:
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


def _opens_as_earlier(w: Writer, pronoun: str) -> bool:
    return not pronoun.startswith(("It ", "Its ")) and any(
        opener(pronoun) in (opener(s.draft), opener(s.short_draft)) for s in w.specs
    )


def _final_texts(specs: list[Spec], short: str, lead: str) -> list[tuple[Spec, str]]:
    """Subjects chosen in paragraph order: the name first, then mostly "It", the name again
    now and then, and never an opener an earlier sentence had."""
    out: list[tuple[Spec, str]] = []
    seen: set[tuple[str, ...]] = set()
    n = 0
    for spec in specs:
        text = spec.draft
        if spec.company_subject:
            first = (
                lead if spec.identity == 1 else short if n == 0 or n % _NAME_EVERY == 2 else "It"
            )
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
    w = Writer(module, short)
    own = [f for f in facts if f.subject == "company" and on_topic(f, source)]
    by_id = {f.id: f for f in own}
    for area in PARAGRAPH_ORDER:
        add_record_sentences(w, record, area, AREAS[area].weight + _RECORD_FIRST)
    # The first sentence names the company as the text gives it, even where its statements
    # call it "the Company" ("FIRST AMERICAN SCIENTIFIC CORP." -> "First American Scientific").
    lead = short_name(company.name) if company is not None and short == "The company" else short
    if not any(s.identity == 1 for s in w.specs):
        # Any section may say who it is ("Acme, incorporated in 1995, is a holding company").
        add_identity(w, [f for f in facts if f.subject == "company"], names, filer, lead)
    for area in PARAGRAPH_ORDER:
        made = sum(s.area == area and s.priority < KEEP_ALWAYS and not s.identity for s in w.specs)
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
