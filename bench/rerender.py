"""Re-render saved outputs with the current code (facts -> record -> paragraph), no model.

Usage (from the repository root)::

    python bench/rerender.py bench/results/2026-11-21/run-full/outputs/*.pipeline.json \
        [--docs ../shared/eval/docs] [--gold ../shared/eval/gold] [--show] [--out DIR]

Render is pure, so every change to the record or the templates can be
measured on saved outputs. Per document it prints the reader's measures of
the saved paragraph (before) and of the re-rendered one (after), and the
unsupported figures of the new paragraph (the eval's check: each sentence's
figures against its facts' spans). ``--show`` prints the new paragraphs,
``--out`` writes the re-rendered outputs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.core.paragraph.render import render_summary, unsaid
from extractor.core.record.build import build_business_model
from extractor.core.schema import SCHEMA_VERSION, Output, ReadingRun
from extractor.core.text.company import guess_company
from extractor.evaluation import Gold, load_gold, score_document
from extractor.evaluation.reader import ReaderMeasures, reader_measures

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
COLUMNS = (
    "first_person_words",
    "fragments",
    "repeated_openers",
    "near_duplicate_pairs",
    "off_topic_sentences",
    "promotional_sentences",
    "dated_event_sentences",
    "tokens",
)
SHORT = ("1st", "frag", "open", "dup", "off", "promo", "dated", "tok")


def _key_values(gold: Gold | None) -> list[list[str]] | None:
    if gold is None:
        return None
    return [g.values for g in gold.facts if g.importance == "key" and g.values]


def _cells(m: ReaderMeasures) -> list[str]:
    cells = [str(getattr(m, c)) for c in COLUMNS]
    kf = "–" if m.key_figures_total is None else f"{m.key_figures_in_prose}/{m.key_figures_total}"
    named = "–" if m.identity_first is None else "yes" if m.identity_first else "no"
    return [named, *cells, kf]


def rerender(data: dict, source: str) -> Output:
    """The saved output with its record and paragraph made by the current code."""
    data = {**data, "schema_version": SCHEMA_VERSION}
    data.pop("business_model", None)
    if isinstance(data.get("run"), dict):
        # A newer run may record more of its reading than this code knows; render needs none.
        known = set(ReadingRun.model_fields)
        reading = data["run"].get("reading") or None
        if reading is not None:
            reading = {k: v for k, v in reading.items() if k in known}
        data["run"] = {**data["run"], "reading": reading}
    out = Output.model_validate(data)
    record = build_business_model(out.facts, guess_company(source), source=source)
    # As the pipeline does: areas said of nothing are listed again by the current code.
    listed = [n for n in out.not_disclosed if n.basis != "no_usable_facts"]
    missing = [n.category for n in listed]
    missing += [a for a in unsaid(out.facts, record, source) if a not in missing]
    summary = render_summary(
        out.facts,
        missing,
        out.summary.token_cap,
        out.summary.tokenizer,
        record=record,
        source=source,
    )
    return out.model_copy(update={"business_model": record, "summary": summary})


def _debug(out: Output, keys: list[list[str]] | None, source: str) -> None:
    from extractor.evaluation.reader import (
        FIRST_PERSON,
        _value_in,
        fragment,
        near_duplicate,
        off_topic,
        opener,
        sentences,
    )

    sents = sentences(out.summary.text)
    say = []
    for i, s in enumerate(sents):
        if fragment(s):
            say.append(f"fragment: {s}")
        if off_topic(s):
            say.append(f"off-topic: {s}")
        if FIRST_PERSON.search(s):
            say.append(f"first person: {s}")
        if any(opener(t) == opener(s) for t in sents[:i]):
            say.append(f"repeated opener: {s}")
        for t in sents[i + 1 :]:
            if near_duplicate(s, t):
                say.append(f"near-duplicate: {s} || {t}")
    for values in keys or []:
        if not all(_value_in(v, out.summary.text) for v in values):
            held = [
                f.id
                for f in out.facts
                if f.subject == "company" and all(_value_in(v, f.statement) for v in values)
            ]
            say.append(f"key values missing: {values} (company facts stating them: {held})")
    print(f"## {out.document.name}", *say, sep="\n  ", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("outputs", nargs="+", type=Path)
    p.add_argument("--docs", type=Path, default=EVAL / "docs")
    p.add_argument("--gold", type=Path, default=EVAL / "gold")
    p.add_argument("--show", action="store_true")
    p.add_argument("--out", type=Path)
    p.add_argument("--debug", action="store_true", help="print what each measure counted")
    args = p.parse_args(argv)
    header = [
        "document",
        "names it first before/after",
        *(f"{s} before/after" for s in SHORT),
        "key figs before/after",
        "unsupported",
    ]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    pooled = [0, 0, 0]
    for path in args.outputs:
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data["document"]["name"]
        if not (args.docs / name).is_file():  # a run named by its stem ("SONM_2022")
            name = next((p.name for p in sorted(args.docs.glob(f"{name}*.txt"))), name)
        source = (args.docs / name).read_text(encoding="utf-8").removeprefix("\ufeff")
        gold_path = args.gold / name.replace(".txt", ".json")
        gold = load_gold(gold_path.read_bytes()) if gold_path.is_file() else None
        keys = _key_values(gold)
        company = guess_company(source)
        before = reader_measures(data["summary"]["text"], keys, company=company)
        out = rerender(data, source)
        after = reader_measures(out.summary.text, keys, company=company)
        unsupported = "–"
        if gold is not None:
            score = score_document(out.model_dump(), gold, source)
            unsupported = str(len(score.unsupported_figures))
            pooled[0] += before.key_figures_in_prose or 0
            pooled[1] += after.key_figures_in_prose or 0
            pooled[2] += after.key_figures_total or 0
        cells = [f"{b} / {a}" for b, a in zip(_cells(before), _cells(after), strict=True)]
        rows.append(
            f"| {name.removesuffix('_item1.txt')} | " + " | ".join(cells) + f" | {unsupported} |"
        )
        if args.debug:
            _debug(out, keys, source)
        if args.show:
            print(f"## {name}\n\n{out.summary.text}\n", file=sys.stderr)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / path.name).write_text(out.model_dump_json(indent=2) + "\n", "utf-8")
    print("\n".join(rows))
    if pooled[2]:
        print(
            f"\nkey figures in prose, pooled: before {pooled[0]}/{pooled[2]} "
            f"({pooled[0] / pooled[2]:.2f}), after {pooled[1]}/{pooled[2]} "
            f"({pooled[1] / pooled[2]:.2f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
