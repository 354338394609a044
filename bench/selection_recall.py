"""How many gold facts the deterministic selection offers to the model (no LLM).

Usage: python bench/selection_recall.py [--per-area N] [--all] [--wrap W] [-v]

For each gold document: how many key facts (``--all``: every fact) have a sentence
overlapping the gold quote among the candidates of the fact's own area, at the
pipeline's real budget. ``--wrap W`` hard-wraps every paragraph of the text at W
columns first (spaces become newlines, so offsets and gold spans are unchanged):
the form of 1990s-2000s plain-text filings.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from extractor.core.company import guess_company
from extractor.core.segment import split_sentences
from extractor.core.select import select_candidates
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
        print(f"{gold.doc}: {hit}/{len(rows)}")
        per_doc[gold.doc] = {"offered": hit, "key_facts": len(rows)}
        total_hit += hit
        total += len(rows)
    summary = {"wrap": args.wrap, "found": total_hit, "total": total, "documents": per_doc}
    print(json.dumps({k: v for k, v in summary.items() if k != "documents"}))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
