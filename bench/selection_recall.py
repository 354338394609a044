"""How many gold facts the deterministic selection offers to the model (no LLM).

Usage: python bench/selection_recall.py [--per-area N] [--all]
For each gold document: the rank, in its own area, of the best sentence that
overlaps each key fact's quote, and recall at the chosen per-area budget.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from extractor.core.company import guess_company
from extractor.core.segment import split_sentences
from extractor.core.select import select_candidates
from extractor.evaluation import load_gold

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-area", type=int, default=8)
    ap.add_argument("--all", action="store_true", help="supporting facts too")
    ap.add_argument("-v", action="store_true", help="list misses")
    args = ap.parse_args()
    total_hit = total = 0
    for gp in sorted((SHARED / "gold").glob("*.json")):
        gold = load_gold(gp.read_bytes())
        text = (SHARED / "docs" / gold.doc).read_text(encoding="utf-8")
        cands = select_candidates(
            split_sentences(text), per_area=args.per_area, company=guess_company(text)
        )
        hit = n = 0
        for g in gold.facts:
            if g.importance != "key" and not args.all:
                continue
            a = text.index(g.quote)
            b = a + len(g.quote)
            ok = any(c.sentence.start < b and a < c.sentence.end for c in cands[g.category])
            other = [
                area
                for area, cs in cands.items()
                if area != g.category
                and any(c.sentence.start < b and a < c.sentence.end for c in cs)
            ]
            hit += ok
            n += 1
            if not ok and args.v:
                print(f"  MISS {gold.doc} {g.id} ({g.category}; in {other}): {g.quote[:110]!r}")
        print(f"{gold.doc}: {hit}/{n}")
        total_hit += hit
        total += n
    print(json.dumps({"per_area": args.per_area, "found": total_hit, "total": total}))


if __name__ == "__main__":
    main()
