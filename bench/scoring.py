"""The one adapter between the benchmark and the measures: ``score(system, doc, output_path)``.

* ``plain`` (prose only) is scored here: figures in the prose that occur
  nowhere in the document, gold trap patterns matching the prose, and the
  paragraph rules (one paragraph, at most ``TOKEN_CAP`` tokens counted with
  :func:`extractor.core.tokens.count_tokens`, the pipeline's own tokenizer).
* ``pipeline`` gets the same prose checks on its paragraph (so the columns
  compare like with like) and, like ``langextract``, the full harness.

The harness: :data:`HARNESS` (:func:`harness`, the scorer behind
``extractor eval``) puts its result under ``"harness"`` for ``pipeline`` and
``langextract``. ``doc`` carries ``name``, ``text`` (what the systems saw, so
offsets index into it, also when truncated) and ``gold`` (the parsed gold
file or None). langextract outputs are JSON ``{"facts": [{"id", "category",
"statement", "attributes", "alignment_status", "citations": [{"start", "end",
"quote"}]}], "ungrounded": [...], "other_classes": [...], "summary": null}``
(``statement`` is the model's extraction text, ``attributes`` its free-form
fields, which may carry figures; the quote is always ``source[start:end]``);
pipeline outputs are :class:`extractor.core.schema.Output`. Top-level numeric
(or boolean) values of the harness result appear as report columns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.selection_recall import offered
from extractor.core.text.figures import unsupported_figures
from extractor.core.tokens import count_tokens
from extractor.evaluation import Gold, score_document
from extractor.evaluation.reader import reader_measures

TOKEN_CAP = 512


@dataclass(frozen=True)
class BenchDoc:
    name: str  # e.g. "SONM_2022"
    text: str  # exactly what every system was given
    gold: dict[str, Any] | None


HarnessScorer = Callable[[str, BenchDoc, Path], dict[str, Any]]


def harness(system: str, doc: BenchDoc, output_path: Path) -> dict[str, Any]:
    """The measures of ``extractor eval`` (extractor.evaluation) on a fact-bearing output."""
    if doc.gold is None:
        return {}
    data = json.loads(output_path.read_text(encoding="utf-8"))
    if system == "langextract":
        # Its free-form attributes are its typed fields: their figures must be cited too.
        for fact in data.get("facts", []):
            values = [str(v) for v in (fact.get("attributes") or {}).values()]
            fact["fields"] = {"amounts": values}
    gold = Gold.model_validate({"doc": doc.name, **doc.gold})
    s = score_document(data, gold, doc.text)
    result: dict[str, Any] = {
        "citation_validity": s.citation_validity,
        "key_recall": s.key_recall,
        "all_recall": s.all_recall,
        "unsupported_figures": len(s.unsupported_figures),
        "invented_absences": len(s.invented_absences),
        "missed_key": s.missed_key,
        "unsupported_figure_list": [p.model_dump() for p in s.unsupported_figures],
    }
    if system == "pipeline":
        result["paragraph_trap_hits"] = len(s.trap_hits)
        # Key facts the deterministic selection offered to the model at all: tells
        # selection losses from extraction losses.
        rows = offered(doc.text, gold)
        found = sum(ok for _, ok, _ in rows)
        result["selection_key"] = round(found / len(rows), 3) if rows else None
    return result


HARNESS: HarnessScorer | None = harness


def trap_hits(prose: str, gold: dict[str, Any] | None) -> list[dict[str, str]]:
    """Gold trap patterns that match the prose (each trap id once, with what matched)."""
    hits: list[dict[str, str]] = []
    for trap in (gold or {}).get("traps", []):
        for pattern in trap.get("patterns", []):
            found = re.search(pattern, prose)
            if found:
                hits.append({"id": trap["id"], "pattern": pattern, "match": found[0]})
                break
    return hits


def prose_checks(prose: str, doc: BenchDoc, token_cap: int = TOKEN_CAP) -> dict[str, Any]:
    """The measures that apply to free prose checked against the whole document."""
    text = prose.strip()
    tokens = count_tokens(text)
    one_paragraph = bool(text) and "\n" not in text
    figures = unsupported_figures(text, doc.text)
    traps = trap_hits(text, doc.gold)
    keys = [
        f.get("values") or []
        for f in (doc.gold or {}).get("facts", [])
        if f.get("importance") == "key" and f.get("values")
    ]
    reader = reader_measures(text, keys if doc.gold else None)
    return {
        # The reader's measures (README): the same for every system's prose.
        "first_person_words": reader.first_person_words,
        "fragments": reader.fragments,
        "repeated_openers": reader.repeated_openers,
        "near_duplicate_pairs": reader.near_duplicate_pairs,
        "off_topic_sentences": reader.off_topic_sentences,
        "key_figures_in_prose": reader.key_figures_in_prose,
        "key_figures_total": reader.key_figures_total,
        "prose_tokens": tokens,
        "one_paragraph": one_paragraph,
        "within_cap": tokens <= token_cap,
        "cap_ok": one_paragraph and tokens <= token_cap,
        "figures_not_in_doc": len(figures),
        "trap_hits": len(traps),
        "figures_not_in_doc_list": figures,
        "trap_hit_list": traps,
    }


def score(system: str, doc: BenchDoc, output_path: Path) -> dict[str, Any]:
    """Measures for one system's output on one document (see the module doc)."""
    result: dict[str, Any] = {}
    if system == "plain":
        return prose_checks(output_path.read_text(encoding="utf-8"), doc)
    if system == "pipeline":
        data = json.loads(output_path.read_text(encoding="utf-8"))
        result.update(prose_checks(data["summary"]["text"], doc))
        result["facts"] = len(data.get("facts", []))
    elif system == "langextract":
        data = json.loads(output_path.read_text(encoding="utf-8"))
        result["facts"] = len(data.get("facts", []))
        result["ungrounded"] = len(data.get("ungrounded", []))
    if HARNESS is None:
        result["harness"] = None  # not plugged in yet: see HARNESS above
    else:
        result["harness"] = HARNESS(system, doc, output_path)
    return result
