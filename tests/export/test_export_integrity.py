"""``export`` refuses outputs whose offsets, quotes or fact ids do not hang together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.cli_run import one_line_error, run
from tests.conftest import EXAMPLES

SONM = EXAMPLES / "SONM_2022_item1.out.json"


def _break_first_citation(d: dict) -> None:
    d["facts"][0]["citations"][0].update(start=999999, end=5)


def _break_quote_length(d: dict) -> None:
    c = d["facts"][0]["citations"][0]
    c["quote"] = c["quote"] + "!"


def _missing_fact_id(d: dict) -> None:
    d["summary"]["sentences"][0]["fact_ids"] = ["revenue-999"]


def _duplicate_id(d: dict) -> None:
    d["facts"][1]["id"] = d["facts"][0]["id"]


@pytest.mark.parametrize(
    ("corrupt", "needle"),
    [
        (_break_first_citation, "cites characters 999999..5"),
        (_break_quote_length, "quote has"),
        (_missing_fact_id, "revenue-999"),
        (_duplicate_id, "appears twice"),
    ],
)
def test_inconsistent_output_is_refused_and_nothing_is_written(tmp_path: Path, corrupt, needle):
    data = json.loads(SONM.read_text(encoding="utf-8"))
    corrupt(data)
    bad = tmp_path / "bad.out.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    db = tmp_path / "facts.db"
    jsonl = tmp_path / "facts.jsonl"
    proc = run("export", str(SONM), str(bad), "--db", f"sqlite:///{db}", "--jsonl", str(jsonl))
    message = one_line_error(proc, 2)
    assert needle in message and "bad.out.json" in message
    assert not db.exists() and not jsonl.exists()
