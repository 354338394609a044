"""Compare two folders of ``*.out.json`` outputs, ignoring what differs run to run.

A cache replay of the same documents must give the same facts, paragraph,
citations, rejections and counts. Ignored: ``run.seconds``, ``run.stages``,
each area's ``seconds``, ``run.cache_hits``, and the model-call counters
(``llm_calls`` and token counts, run-wide and per area) because a replay
answers from the cache and the model does no work; instead every call of the
first run must be a cache hit of the second (``--replay``). ``--allow-new FIELD``
ignores a field present only in the second folder (a documented addition,
e.g. ``run.areas.failed_batches``).

    python -m bench.compare_outputs BASELINE REPLAY --replay [--allow-new run.areas.failed_batches]

Exit status 0 when every output of the first folder has an identical twin.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

_RUN_IGNORED = (
    "seconds",
    "stages",
    "cache_hits",
    "llm_calls",
    "prompt_tokens",
    "completion_tokens",
)
_AREA_IGNORED = ("seconds", "llm_calls", "prompt_tokens", "completion_tokens")


def _drop(data: dict[str, Any], path: list[str]) -> None:
    """Remove the field at ``path``; a list on the way applies the rest to each item."""
    if not isinstance(data, dict) or path[0] not in data:
        return
    if len(path) == 1:
        del data[path[0]]
        return
    inner = data[path[0]]
    for item in inner if isinstance(inner, list) else [inner]:
        _drop(item, path[1:])


def normalise(output: dict[str, Any], allow_new: list[str]) -> dict[str, Any]:
    data = json.loads(json.dumps(output))
    run = data.get("run", {})
    for key in _RUN_IGNORED:
        run.pop(key, None)
    for area in run.get("areas", []):
        for key in _AREA_IGNORED:
            area.pop(key, None)
    for field in allow_new:
        _drop(data, field.split("."))
    return data


def _diff(a: Any, b: Any, where: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{where}.{key}: only in {'replay' if key in b else 'baseline'}")
            else:
                out.extend(_diff(a[key], b[key], f"{where}.{key}"))
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{where}: {len(a)} items vs {len(b)}"]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in _diff(x, y, f"{where}[{i}]")
        ]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"[:300]]


def compare(first: Path, second: Path, allow_new: list[str], replay: bool = False) -> list[str]:
    problems: list[str] = []
    names = sorted(p.name for p in first.glob("*.out.json"))
    if not names:
        return [f"{first}: no *.out.json outputs"]
    for name in names:
        other = second / name
        if not other.is_file():
            problems.append(f"{name}: missing in {second}")
            continue
        raw_a = json.loads((first / name).read_text(encoding="utf-8"))
        raw_b = json.loads(other.read_text(encoding="utf-8"))
        if replay:
            calls = raw_a["run"]["llm_calls"] + raw_a["run"].get("cache_hits", 0)
            got = (raw_b["run"]["llm_calls"], raw_b["run"].get("cache_hits", 0))
            if got != (0, calls):
                problems.append(
                    f"{name}: replay made {got[0]} calls, {got[1]} cache hits; "
                    f"expected 0 calls, {calls} hits"
                )
        a, b = normalise(raw_a, []), normalise(raw_b, allow_new)
        found = [f"{name}: {d}" for d in _diff(a, b)]
        if not found and json.dumps(a) != json.dumps(b):
            found.append(f"{name}: same values, fields in another order")
        problems.extend(found)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("replay", type=Path)
    parser.add_argument("--allow-new", action="append", default=[], metavar="FIELD")
    parser.add_argument(
        "--replay",
        dest="replay_check",
        action="store_true",
        help="the second folder is a cache replay of the first",
    )
    args = parser.parse_args(argv)
    problems = compare(args.baseline, args.replay, args.allow_new, args.replay_check)
    count = len(list(args.baseline.glob("*.out.json")))
    for p in problems:
        print(p)
    verdict = f"{len(problems)} differences" if problems else "identical"
    print(f"{count} outputs compared: {verdict}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
