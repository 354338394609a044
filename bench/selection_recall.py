"""How many gold facts selection offers to the model: the reading pool, then triage.

Usage: python bench/selection_recall.py [--pool N|all] [--outputs DIR] [--all] [--wrap W] [-v]

For each gold document: how many key facts (``--all``: every fact) have a sentence
overlapping the gold quote among the candidates of the fact's own area, at the
pipeline's real budget, without triage (``selection``: today's fallback for a
backend without labels). ``--pool N`` (default: the embedded model's budget) also
reports the reading pool: key facts with a pooled sentence, in any area (no model).
``--outputs DIR`` reads a run's outputs (``DIR/<doc>.pipeline.json``,
``run.reading.passages``) and reports triage: of the key facts the pool offered, how
many it filed under their own area, and how many passages it let through (filed under
any area, and by the model's label). ``--wrap W`` hard-wraps every paragraph of the
text at W columns first (spaces become newlines, so offsets and gold spans are unchanged):
the form of 1990s-2000s plain-text filings.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from extractor.config import READING_LOCAL
from extractor.core.select.rank import pool_passages, select_candidates
from extractor.core.text.company import guess_company
from extractor.core.text.segment import split_sentences
from extractor.evaluation import load_gold

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"


def hard_wrap(text: str, width: int) -> str:
    """Replace spaces by newlines so that no line is longer than ``width`` where a
    space allows it; the text keeps its length, so every offset still holds."""
    chars = list(text)
    line_start = 0
    last_space = -1
    for i, ch in enumerate(chars):
        if ch == "\n":
            line_start, last_space = i + 1, -1
        elif ch == " ":
            last_space = i
        if i - line_start >= width and last_space > line_start:
            chars[last_space] = "\n"
            line_start, last_space = last_space + 1, -1
    return "".join(chars)


def offered(text: str, gold, include_supporting: bool = False) -> list[tuple[str, bool, list[str]]]:
    """(fact id, offered in its own area, other areas that got it) per gold fact."""
    cands = select_candidates(split_sentences(text), company=guess_company(text))
    rows = []
    for g in gold.facts:
        if g.importance != "key" and not include_supporting:
            continue
        a = text.index(g.quote) if g.quote in text else _wrapped_index(text, g.quote)
        b = a + len(g.quote)

        hit = {
            area: any(c.sentence.start < b and a < c.sentence.end for c in cs)
            for area, cs in cands.items()
        }
        others = [area for area, ok in hit.items() if ok and area != g.category]
        rows.append((g.id, hit[g.category], others))
    return rows


def _span(text: str, quote: str) -> tuple[int, int]:
    a = text.index(quote) if quote in text else _wrapped_index(text, quote)
    return a, a + len(quote)


def pooled(
    text: str, gold, per_area: int | None, include_supporting: bool = False
) -> tuple[int, int, int]:
    """(key facts with a pooled sentence, key facts, pool size)."""
    pool = pool_passages(split_sentences(text), per_area, company=guess_company(text))
    facts = [g for g in gold.facts if g.importance == "key" or include_supporting]
    hit = 0
    for g in facts:
        a, b = _span(text, g.quote)
        hit += any(p.sentence.start < b and a < p.sentence.end for p in pool)
    return hit, len(facts), len(pool)


def triaged(text: str, gold, output: dict, include_supporting: bool = False) -> dict:
    """Triage, from a run's output: key facts the pool offered and those it filed in
    their own area (by any rule, and by the model's label alone); passages let through."""
    passages = ((output.get("run") or {}).get("reading") or {}).get("passages") or []
    facts = [g for g in gold.facts if g.importance == "key" or include_supporting]
    offered = filed = labelled = 0
    for g in facts:
        a, b = _span(text, g.quote)
        mine = [p for p in passages if p["start"] < b and a < p["end"]]
        offered += bool(mine)
        filed += any(g.category in p["areas"] for p in mine)
        labelled += any(g.category in p["labelled"] for p in mine)
    return {
        "offered": offered,
        "filed_own_area": filed,
        "labelled_own_area": labelled,
        "pool": len(passages),
        "let_through": sum(bool(p["areas"]) for p in passages),
        "let_through_by_label": sum(bool(p["labelled"]) for p in passages),
    }


def _wrapped_index(text: str, quote: str) -> int:
    pattern = r"\s".join(re.escape(part) for part in quote.split(" "))
    m = re.search(pattern, text)
    if m is None:
        raise ValueError(f"gold quote not in text: {quote[:60]!r}")
    return m.start()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--all", action="store_true", help="supporting facts too")
    ap.add_argument("--wrap", type=int, default=0, help="hard-wrap the text at W columns")
    ap.add_argument("--gold-dir", type=Path, default=SHARED / "gold")
    ap.add_argument("--docs-dir", type=Path, default=SHARED / "docs")
    ap.add_argument("--json", type=Path, help="write per-document results here")
    ap.add_argument(
        "--pool", default="default", help="reading pool per area, 'all', or the pipeline's default"
    )
    ap.add_argument("--outputs", type=Path, help="a run's outputs, to report triage")
    ap.add_argument("-v", action="store_true", help="list misses")
    args = ap.parse_args()
    total_hit = total = 0
    per_doc = {}
    for gp in sorted(args.gold_dir.glob("*.json")):
        gold = load_gold(gp.read_bytes())
        text = (args.docs_dir / gold.doc).read_text(encoding="utf-8")
        if args.wrap:
            text = hard_wrap(text, args.wrap)
        rows = offered(text, gold, args.all)
        hit = sum(ok for _, ok, _ in rows)
        if args.v:
            for fid, ok, others in rows:
                if not ok:
                    print(f"  MISS {gold.doc} {fid} (also in {others})")
        body = sum(not s.is_heading for s in split_sentences(text))
        size = {"all": None, "default": READING_LOCAL.for_body(body)}.get(args.pool)
        size = size if args.pool in ("all", "default") else int(args.pool)
        p_hit, p_total, p_size = pooled(text, gold, size, args.all)
        line = (
            f"{gold.doc}: selection {hit}/{len(rows)}, pool {p_hit}/{p_total} ({p_size} passages)"
        )
        row = {"offered": hit, "key_facts": len(rows), "pool_offered": p_hit, "pool": p_size}
        out_path = (
            args.outputs / gold.doc.replace("_item1.txt", ".pipeline.json")
            if args.outputs
            else None
        )
        if out_path is not None and out_path.is_file():
            t = triaged(text, gold, json.loads(out_path.read_text(encoding="utf-8")), args.all)
            row["triage"] = t
            line += (
                f", triage filed {t['filed_own_area']}/{t['offered']} in own area "
                f"({t['labelled_own_area']} by label), let through {t['let_through']}/{t['pool']} "
                f"({t['let_through_by_label']} by label)"
            )
        print(line)
        per_doc[gold.doc] = row
        total_hit += hit
        total += len(rows)
    pool_hit = sum(r["pool_offered"] for r in per_doc.values())
    tri = [r["triage"] for r in per_doc.values() if "triage" in r]
    summary = {
        "wrap": args.wrap,
        "found": total_hit,
        "total": total,
        "pool": args.pool,
        "pool_found": pool_hit,
        "triage_offered": sum(t["offered"] for t in tri),
        "triage_filed_own_area": sum(t["filed_own_area"] for t in tri),
        "documents": per_doc,
    }
    print(json.dumps({k: v for k, v in summary.items() if k != "documents"}))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
