"""One ``Output`` as rows of the normalised tables in ``schemas/<dialect>.sql``.

Every row starts with the document key ``(sha256, schema_version)``; the
loaders delete a document's rows by that key and insert these, so the rows
of a document are a function of its output alone and a reload is a no-op.
"""

from __future__ import annotations

import json
from typing import Any

from extractor.core.package_data import package_path
from extractor.core.record.build import record_items
from extractor.core.schema import Output

# Insertion order (parents first); deletion runs in reverse.
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("sha256", "schema_version", "name", "chars", "tokens"),
    "runs": (
        "sha256",
        "schema_version",
        "model",
        "backend",
        "llm_calls",
        "prompt_tokens",
        "completion_tokens",
        "cache_hits",
        "seconds",
    ),
    "facts": (
        "sha256",
        "schema_version",
        "fact_id",
        "category",
        "subject",
        "statement",
        "priority",
    ),
    "fact_fields": ("sha256", "schema_version", "fact_id", "field", "position", "value"),
    "citations": (
        "sha256",
        "schema_version",
        "fact_id",
        "position",
        "start_offset",
        "end_offset",
        "quote",
        "match_kind",
        "score",
    ),
    "summaries": ("sha256", "schema_version", "text", "tokens", "tokenizer", "token_cap"),
    "summary_sentences": ("sha256", "schema_version", "position", "text"),
    "summary_sentence_facts": ("sha256", "schema_version", "position", "fact_id"),
    "not_disclosed": ("sha256", "schema_version", "category", "basis", "note"),
    "filings": (
        "sha256",
        "schema_version",
        "cik",
        "accession_number",
        "company_name",
        "form",
        "filing_date",
        "period_of_report",
        "fiscal_year",
        "source_url",
    ),
    "business_model_items": ("sha256", "schema_version", "area", "slot", "position", "label"),
    "business_model_figures": (
        "sha256",
        "schema_version",
        "area",
        "slot",
        "position",
        "figure_position",
        "amount",
        "share",
        "period",
    ),
    "business_model_item_facts": (
        "sha256",
        "schema_version",
        "area",
        "slot",
        "position",
        "fact_id",
    ),
}

Rows = dict[str, list[tuple[Any, ...]]]


def document_key(output: Output) -> tuple[str, str]:
    return (output.document.sha256, output.schema_version)


def rows_for(output: Output) -> Rows:
    key = document_key(output)
    doc, run, summary = output.document, output.run, output.summary
    rows: Rows = {table: [] for table in COLUMNS}
    rows["documents"].append((*key, doc.name, doc.chars, doc.tokens))
    rows["runs"].append(
        (
            *key,
            run.model,
            run.backend,
            run.llm_calls,
            run.prompt_tokens,
            run.completion_tokens,
            run.cache_hits,
            run.seconds,
        )
    )
    for fact in output.facts:
        rows["facts"].append(
            (*key, fact.id, fact.category, fact.subject, fact.statement, fact.priority)
        )
        for field, values in fact.fields.model_dump().items():
            rows["fact_fields"].extend((*key, fact.id, field, i, v) for i, v in enumerate(values))
        rows["citations"].extend(
            (*key, fact.id, i, c.start, c.end, c.quote, c.match, c.score)
            for i, c in enumerate(fact.citations)
        )
    rows["summaries"].append(
        (*key, summary.text, summary.tokens, summary.tokenizer, summary.token_cap)
    )
    for i, sentence in enumerate(summary.sentences):
        rows["summary_sentences"].append((*key, i, sentence.text))
        rows["summary_sentence_facts"].extend((*key, i, f) for f in sentence.fact_ids)
    rows["not_disclosed"].extend((*key, n.category, n.basis, n.note) for n in output.not_disclosed)
    if (f := doc.filing) is not None:
        rows["filings"].append(
            (
                *key,
                f.cik,
                f.accession_number,
                f.company_name,
                f.form,
                f.filing_date,
                f.period_of_report,
                f.fiscal_year,
                f.source_url,
            )
        )
    known = {f.id for f in output.facts}
    positions: dict[tuple[str, str], int] = {}
    for area, slot, label, figures, fact_ids in record_items(output.business_model):
        at = positions[(area, slot)] = positions.get((area, slot), -1) + 1
        rows["business_model_items"].append((*key, area, slot, at, label))
        rows["business_model_figures"].extend(
            (*key, area, slot, at, i, m.amount, m.share, m.period) for i, m in enumerate(figures)
        )
        rows["business_model_item_facts"].extend(
            (*key, area, slot, at, f) for f in dict.fromkeys(fact_ids) if f in known
        )
    return rows


def statements(placeholder: str) -> tuple[list[str], dict[str, str]]:
    """The per-table DELETE (children first) and INSERT statements for a paramstyle."""
    deletes = [
        f"DELETE FROM {table} WHERE sha256 = {placeholder} AND schema_version = {placeholder}"
        for table in reversed(COLUMNS)
    ]
    inserts = {
        table: f"INSERT INTO {table} ({', '.join(cols)}) "
        f"VALUES ({', '.join([placeholder] * len(cols))})"
        for table, cols in COLUMNS.items()
    }
    return deletes, inserts


def ddl(dialect: str) -> str:
    """``schemas/<dialect>.sql``: package data when installed, the checkout's folder otherwise."""
    return package_path("schemas", f"{dialect}.sql").read_text(encoding="utf-8")


def ddl_statements(dialect: str) -> list[str]:
    # Comments stripped, then split: the DDL has no semicolons inside literals.
    lines = [ln for ln in ddl(dialect).splitlines() if not ln.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def jsonl_lines(output: Output) -> list[str]:
    """One self-contained JSON object per fact: document key, fact, fields, citations."""
    lines = []
    for fact in output.facts:
        record = {
            "document_sha256": output.document.sha256,
            "document_name": output.document.name,
            "schema_version": output.schema_version,
            "fact_id": fact.id,
            "category": fact.category,
            "subject": fact.subject,
            "statement": fact.statement,
            "priority": fact.priority,
            **fact.fields.model_dump(),
            "citations": [c.model_dump() for c in fact.citations],
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    return lines
