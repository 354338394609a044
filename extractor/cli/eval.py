"""``extractor eval``: score outputs against gold annotations, one file or a folder."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extractor.cli.targets import check_target, write_target
from extractor.config import ReadOptions
from extractor.documents import load_source
from extractor.errors import InputError
from extractor.evaluation import DocScore, Gold, load_gold, overall, score_document


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser(
        "eval",
        help="score outputs against gold annotations",
        description="Score OUTPUT.json against GOLD.json, or every gold file of a folder "
        "against the outputs in OUTPUT folder (matched by document name).",
    )
    e.add_argument("output", help="an output JSON file, or a folder of them")
    e.add_argument("--gold", required=True, help="a gold JSON file, or a folder of them")
    e.add_argument(
        "--docs",
        help="folder of the source texts (default: the gold folder's sibling docs/)",
    )
    e.add_argument("--source", help="the source text, for a single output")
    e.add_argument("--max-tokens", type=int, help="token cap (default: the output's own)")
    e.add_argument("--json", metavar="REPORT", help="also write the scores as JSON")
    e.set_defaults(func=run)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable JSON file ({exc})") from exc


def _gold(path: Path) -> Gold:
    try:
        return load_gold(path.read_bytes())
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except (OSError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise InputError(f"{path}: not a gold annotation file ({first})") from exc


def _source(gold: Gold, gold_path: Path, docs: str | None, source: str | None, output: dict) -> str:
    path = Path(source) if source else Path(docs or gold_path.parent.parent / "docs") / gold.doc
    if not path.exists():
        raise InputError(f"{path}: source text not found (use --docs or --source)")
    # Read as `summarize` read it, so the text is the one the output cites.
    recorded = (output.get("document") or {}).get("sha256")
    doc = load_source(str(path), ReadOptions(max_bytes=None))
    return doc.cited_text(recorded if isinstance(recorded, str) else None)


def _check_same_text(output: dict, text: str, where: Path) -> None:
    recorded = (output.get("document") or {}).get("sha256")
    actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if recorded and recorded != actual:
        raise InputError(f"{where}: was made from a different text than the source given")


def _outputs_by_doc(folder: Path) -> dict[str, tuple[Path, dict]]:
    found: dict[str, tuple[Path, dict]] = {}
    for path in sorted(folder.glob("*.json")):
        data = _read_json(path)
        name = (data.get("document") or {}).get("name") if isinstance(data, dict) else None
        if name:
            found[name] = (path, data)
    return found


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _markdown(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def format_table(scores: list[DocScore]) -> str:
    rows: list[list[object]] = []
    for s in scores:
        para = f"{s.paragraph_tokens}/{s.token_cap}" + (
            "" if s.one_paragraph and s.within_cap else " FAIL"
        )
        rows.append(
            [
                s.doc,
                f"{s.citations_valid}/{s.citations}",
                f"{s.key_found}/{s.key_total}",
                f"{s.all_found}/{s.all_total}",
                len(s.unsupported_figures),
                len(s.trap_hits),
                len(s.invented_absences),
                para,
            ]
        )
    o = overall(scores)
    rows.append(
        [
            f"**overall ({o.documents})**",
            _pct(o.citation_validity),
            _pct(o.key_recall),
            _pct(o.all_recall),
            o.unsupported_figures,
            o.trap_hits,
            o.invented_absences,
            f"{o.paragraphs_ok}/{o.documents} ok",
        ]
    )
    header = [
        "document",
        "citations valid",
        "key recall",
        "all recall",
        "unsupported figures",
        "trap hits",
        "invented absences",
        "paragraph",
    ]
    return _markdown(header, rows) + "\n\n" + format_reader_table(scores)


def format_reader_table(scores: list[DocScore]) -> str:
    """The reader's measures of each paragraph (README, "Reader measures")."""
    rows: list[list[object]] = []
    for s in scores:
        r = s.reader
        if r is None:
            rows.append([s.doc, "–", "–", "–", "–", "–", "–", "–", "–", "–", 0])
            continue
        kf = "n/a" if not r.key_figures_total else f"{r.key_figures_in_prose}/{r.key_figures_total}"
        rows.append(
            [
                s.doc,
                r.first_person_words,
                r.fragments,
                r.repeated_openers,
                r.near_duplicate_pairs,
                r.off_topic_sentences,
                "–" if r.identity_first is None else "yes" if r.identity_first else "no",
                r.promotional_sentences,
                r.dated_event_sentences,
                kf,
                r.tokens,
            ]
        )
    o = overall(scores)
    rows.append(
        [
            f"**overall ({o.documents})**",
            o.first_person_words,
            o.fragments,
            o.repeated_openers,
            o.near_duplicate_pairs,
            o.off_topic_sentences,
            f"{o.identity_first}/{o.identity_checked}",
            o.promotional_sentences,
            o.dated_event_sentences,
            _pct(o.key_figures_in_prose),
            "",
        ]
    )
    header = [
        "document",
        "first-person words",
        "fragments",
        "repeated openers",
        "near-duplicate pairs",
        "off-topic sentences",
        "names it first",
        "promotional",
        "dated events",
        "key figures in prose",
        "tokens",
    ]
    return _markdown(header, rows)


def run(args: argparse.Namespace) -> int:
    check_target(args.json, "--json")
    out_path, gold_path = Path(args.output), Path(args.gold)
    scores: list[DocScore] = []
    missing: list[str] = []
    if gold_path.is_dir():
        if not out_path.is_dir():
            raise InputError(f"{out_path}: with a gold folder, OUTPUT must be a folder too")
        outputs = _outputs_by_doc(out_path)
        golds = sorted(gold_path.glob("*.json"))
        if not golds:
            raise InputError(f"{gold_path}: no gold JSON files")
        for gp in golds:
            gold = _gold(gp)
            if gold.doc not in outputs:
                missing.append(gold.doc)
                continue
            op, output = outputs[gold.doc]
            text = _source(gold, gp, args.docs, None, output)
            _check_same_text(output, text, op)
            scores.append(score_document(output, gold, text, args.max_tokens))
        if not scores:
            raise InputError(f"{out_path}: no output matches a gold document")
    else:
        gold = _gold(gold_path)
        output = _read_json(out_path)
        if not isinstance(output, dict):
            raise InputError(f"{out_path}: expected a JSON object")
        text = _source(gold, gold_path, args.docs, args.source, output)
        _check_same_text(output, text, out_path)
        scores.append(score_document(output, gold, text, args.max_tokens))
    print(format_table(scores))
    for s in scores:
        for miss in s.missed_key:
            print(f"missed key fact in {s.doc}: {miss}")
        for p in s.unsupported_figures:
            print(f"unsupported figure in {s.doc}: {p.figure} ({p.where})")
    for doc in missing:
        print(f"no output for {doc}")
    if args.json:
        report = {
            "documents": [s.model_dump() for s in scores],
            "overall": overall(scores).model_dump(),
            "missing": missing,
        }
        write_target(args.json, json.dumps(report, indent=2) + "\n")
    return 1 if missing else 0
