"""Turn the benchmark's records into ``report.json`` and ``report.md`` (systems × measures)."""

from __future__ import annotations

from typing import Any

# Column label -> key in a record (cost) or in its score (quality).
_COST = [
    ("seconds", "seconds"),
    ("× limit", "ratio_to_limit"),
    ("LLM calls", "calls"),
    ("prompt tok", "prompt_tokens"),
    ("compl. tok", "completion_tokens"),
]
_QUALITY = [
    ("facts", "facts"),
    ("prose tok", "prose_tokens"),
    ("one para", "one_paragraph"),
    ("≤ cap", "within_cap"),
    ("figures not in doc", "figures_not_in_doc"),
    ("trap hits", "trap_hits"),
    ("1st person", "first_person_words"),
    ("fragments", "fragments"),
    ("rep. openers", "repeated_openers"),
    ("near-dup pairs", "near_duplicate_pairs"),
    ("off-topic", "off_topic_sentences"),
    ("key figs", "key_figures_in_prose"),
    ("of key", "key_figures_total"),
]
_SUMMED = (
    "facts",
    "figures_not_in_doc",
    "trap_hits",
    "first_person_words",
    "fragments",
    "repeated_openers",
    "near_duplicate_pairs",
    "off_topic_sentences",
    "key_figures_in_prose",
    "key_figures_total",
)


def _harness_keys(records: list[dict[str, Any]]) -> list[str]:
    keys: list[str] = []
    for rec in records:
        harness = (rec.get("score") or {}).get("harness") or {}
        for key, value in harness.items():
            if isinstance(value, (int, float)) and key not in keys:
                keys.append(key)
    return keys


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _row(rec: dict[str, Any], harness_keys: list[str]) -> list[str]:
    if rec.get("error"):
        n = len(_COST) + len(_QUALITY) + len(harness_keys)
        cost = [_cell(rec.get(k)) for _, k in _COST[:1]]
        return [rec["system"], *cost, f"error: {rec['error'][:120]}"] + [""] * (n - 2)
    score = rec.get("score") or {}
    harness = score.get("harness") or {}
    cells = [_cell(rec.get(key)) for _, key in _COST]
    cells += [_cell(score.get(key)) for _, key in _QUALITY]
    cells += [_cell(harness.get(key)) for key in harness_keys]
    return [rec["system"], *cells]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def overall(records: list[dict[str, Any]], systems: list[str]) -> dict[str, dict[str, Any]]:
    """Per system: totals of cost, sums of defects, cap compliance count, harness means."""
    result: dict[str, dict[str, Any]] = {}
    harness_keys = _harness_keys(records)
    for system in systems:
        ok = [r for r in records if r["system"] == system and not r.get("error")]
        failed = sum(1 for r in records if r["system"] == system and r.get("error"))
        limit = sum(r["limit_seconds"] for r in ok)
        seconds = sum(r["seconds"] for r in ok)
        agg: dict[str, Any] = {
            "docs_ok": len(ok),
            "docs_failed": failed,
            "seconds": round(seconds, 1),
            "limit_seconds": round(limit, 1),
            "ratio_to_limit": round(seconds / limit, 2) if limit else None,
        }
        for key in ("calls", "prompt_tokens", "completion_tokens"):
            agg[key] = sum(r[key] for r in ok)
        scores = [r.get("score") or {} for r in ok]
        for key in _SUMMED:
            values = [s[key] for s in scores if key in s]
            agg[key] = sum(values) if values else None
        capped = [s["cap_ok"] for s in scores if "cap_ok" in s]
        agg["cap_ok"] = f"{sum(capped)}/{len(capped)}" if capped else None
        for key in harness_keys:
            values = [
                s["harness"][key]
                for s in scores
                if isinstance((s.get("harness") or {}).get(key), (int, float))
            ]
            agg[f"harness_mean_{key}"] = round(sum(values) / len(values), 3) if values else None
        result[system] = agg
    return result


def render_markdown(report: dict[str, Any]) -> str:
    machine, rates = report["machine"], report["rates"]
    records: list[dict[str, Any]] = report["records"]
    harness_keys = _harness_keys(records)
    header = ["system", *(c for c, _ in _COST), *(c for c, _ in _QUALITY), *harness_keys]
    lines = [
        "# Benchmark: pipeline vs. peers on the same embedded model",
        "",
        f"Machine: {machine['cpus']} cores ({machine['cpu_model']}), no GPU; "
        f"model {machine['model']}; llama.cpp server ctx {machine['n_ctx']}, "
        f"{machine['threads']} threads, one slot, shared by all systems. Run {report['started']}, "
        f"1-min load average at start {machine.get('load_average_1min', '?')}.",
        "",
        f"Measured rates ({rates['source']}): prompt {rates['prompt_tokens_per_s']} tok/s "
        f"(probe of {rates['prompt_probe_tokens']} tokens), generation "
        f"{rates['gen_tokens_per_s']} tok/s (probe of {rates['gen_probe_tokens']} tokens).",
        "",
        "Limit = document tokens (model tokenizer) / prompt rate: the time to read the "
        "document once. '× limit' = system seconds / limit.",
        "",
        f"Settings: {report['settings_note']}",
    ]
    for doc in report["docs"]:
        lines += [
            "",
            f"## {doc['name']}",
            "",
            f"{doc['chars']} chars{' (truncated)' if doc['truncated'] else ''}, "
            f"{doc['tokens']} model tokens, limit {doc['limit_seconds']:.1f} s.",
            "",
        ]
        mine = [r for r in records if r["doc"] == doc["name"]]
        for r in mine:
            if r.get("server_prompt_tokens_per_s"):
                lines += [
                    f"The plain request was read at {r['server_prompt_tokens_per_s']:.1f} "
                    f"tok/s (server timings); its answer ended with finish_reason "
                    f"{r.get('finish_reason')!r}.",
                    "",
                ]
        rows = [_row(r, harness_keys) for r in mine]
        lines += _table(header, rows)
    lines += ["", "## Overall", ""]
    agg = report["overall"]
    keys = [k for k in next(iter(agg.values()), {})]
    lines += _table(["system", *keys], [[s, *(_cell(v[k]) for k in keys)] for s, v in agg.items()])
    lines += [
        "",
        "Blank quality cells: the measure does not apply to that system, or the harness "
        "(`bench.scoring.HARNESS`) was not plugged in.",
        "",
    ]
    return "\n".join(lines)
