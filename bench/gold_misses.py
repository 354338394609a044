"""Which gold key facts an output misses (same category, citation overlapping the gold quote).

Usage: python bench/gold_misses.py OUTPUT.json GOLD.json SOURCE.txt
A stop-gap until the evaluation harness (extractor eval) exists.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(out_path: str, gold_path: str, source_path: str) -> None:
    out = json.loads(Path(out_path).read_text(encoding="utf-8"))
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    source = Path(source_path).read_text(encoding="utf-8")
    valid = sum(
        source[c["start"] : c["end"]] == c["quote"] for f in out["facts"] for c in f["citations"]
    )
    total = sum(len(f["citations"]) for f in out["facts"])
    found = {"key": [0, 0], "supporting": [0, 0]}
    misses = []
    for g in gold["facts"]:
        a = source.index(g["quote"])
        b = a + len(g["quote"])
        hit = any(
            f["category"] == g["category"] and c["start"] < b and a < c["end"]
            for f in out["facts"]
            for c in f["citations"]
        )
        found[g["importance"]][0] += hit
        found[g["importance"]][1] += 1
        if not hit and g["importance"] == "key":
            misses.append(f"{g['id']} ({g['category']}): {g['fact']}")
    print(f"citations valid: {valid}/{total}")
    for k, (h, n) in found.items():
        print(f"{k} recall: {h}/{n} = {h / n:.2f}")
    print("missed key facts:")
    for m in misses:
        print("  -", m)


if __name__ == "__main__":
    main(*sys.argv[1:4])
