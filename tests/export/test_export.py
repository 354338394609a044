"""Loading real outputs (examples/*.out.json) into SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.cli import main
from extractor.core.schema import Output
from tests.conftest import EXAMPLES

SONM = EXAMPLES / "SONM_2022_item1.out.json"
AMCR = EXAMPLES / "AMCR_2023_item1.out.json"


def _output(path: Path) -> Output:
    return Output.model_validate_json(path.read_text(encoding="utf-8"))


def _without(rows: dict, sha: str) -> bool:
    return all(not any(sha in row for row in table) for table in rows.values())


def test_load_gives_one_row_per_item(db):
    url, dump = db
    assert main(["export", str(SONM), str(AMCR), "--db", url]) == 0
    rows = dump()
    outputs = [_output(SONM), _output(AMCR)]
    assert len(rows["documents"]) == len(rows["runs"]) == len(rows["summaries"]) == 2
    assert len(rows["facts"]) == sum(len(o.facts) for o in outputs)
    assert len(rows["citations"]) == sum(len(f.citations) for o in outputs for f in o.facts)
    values = sum(len(v) for o in outputs for f in o.facts for v in f.fields.model_dump().values())
    assert len(rows["fact_fields"]) == values
    assert len(rows["not_disclosed"]) == sum(len(o.not_disclosed) for o in outputs)
    # Citations are the spans of the source text.
    sources = {o.document.sha256: (EXAMPLES / o.document.name).read_text() for o in outputs}
    for sha, _version, _fact, _pos, start, end, quote, _kind, _score in rows["citations"]:
        assert sources[sha][start:end] == quote


def test_reload_gives_the_same_rows(db):
    url, dump = db
    assert main(["export", str(EXAMPLES), "--db", url]) == 0
    first = dump()
    assert main(["export", str(SONM), str(AMCR), "--db", url]) == 0
    assert dump() == first


def test_reload_of_a_changed_output_replaces_the_document(db, tmp_path):
    url, dump = db
    assert main(["export", str(SONM), "--db", url]) == 0
    changed = _output(SONM)
    changed.facts = changed.facts[:1]
    kept = {changed.facts[0].id}
    # Consistent, as export requires: the paragraph names only facts the output has.
    changed.summary.sentences = [s for s in changed.summary.sentences if set(s.fact_ids) <= kept]
    changed.summary.dropped_fact_ids = []
    path = tmp_path / "SONM.out.json"
    path.write_text(changed.model_dump_json())
    assert main(["export", str(path), "--db", url]) == 0
    rows = dump()
    assert [r[2] for r in rows["facts"]] == [changed.facts[0].id]
    assert len(rows["citations"]) == len(changed.facts[0].citations)


def _broken_copy(src: Path, dest: Path) -> Path:
    """A consistent output the database must refuse halfway: one area twice not disclosed."""
    data = json.loads(src.read_text())
    twice = {"category": "financing", "basis": "no_verified_facts", "note": "twice"}
    data["not_disclosed"] = [*data["not_disclosed"], twice, twice]
    dest.write_text(json.dumps(data))
    return dest


def test_a_document_failing_mid_load_leaves_nothing(db, tmp_path, capsys):
    url, dump = db
    broken = _broken_copy(SONM, tmp_path / "broken.out.json")
    assert main(["export", str(broken), str(AMCR), "--db", url]) == 1
    err = capsys.readouterr().err
    assert "broken.out.json: not loaded" in err and "1 of 2 documents loaded" in err
    rows = dump()
    assert _without(rows, _output(SONM).document.sha256)
    assert len(rows["documents"]) == 1  # the other document loaded


def test_a_failed_reload_keeps_the_previous_version(db, tmp_path):
    url, dump = db
    assert main(["export", str(SONM), "--db", url]) == 0
    before = dump()
    broken = _broken_copy(SONM, tmp_path / "broken.out.json")
    assert main(["export", str(broken), "--db", url]) == 1
    assert dump() == before  # the delete was rolled back with the failed inserts


def test_jsonl_has_one_fact_per_line(tmp_path):
    out = tmp_path / "facts.jsonl"
    assert main(["export", str(EXAMPLES), "--jsonl", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    outputs = [_output(SONM), _output(AMCR)]
    assert len(lines) == sum(len(o.facts) for o in outputs)
    source = {o.document.sha256: (EXAMPLES / o.document.name).read_text() for o in outputs}
    for line in lines:
        assert {"document_sha256", "fact_id", "category", "statement", "amounts"} <= set(line)
        for c in line["citations"]:
            assert source[line["document_sha256"]][c["start"] : c["end"]] == c["quote"]


def test_bad_arguments_are_one_line_errors(tmp_path, capsys):
    cases = [
        (["--db", "mysql://x/y"], 2, "expected sqlite"),
        (["--db", "postgresql://u:secret@127.0.0.1:1/db"], 4, "cannot open database"),
        (["--db", f"sqlite:///{tmp_path}/missing/x.db"], 4, "does not exist"),
        ([], 2, "--db URL and/or --jsonl"),
    ]
    for extra, code, message in cases:
        assert main(["export", str(SONM), *extra]) == code
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1
        assert "secret" not in err
    (tmp_path / "bad.out.json").write_text('{"schema_version": "1.0.0"}')
    db = tmp_path / "x.db"
    assert main(["export", str(tmp_path / "bad.out.json"), "--db", f"sqlite:///{db}"]) == 2
    assert "not an extractor output" in capsys.readouterr().err
    assert not db.exists()  # nothing is touched before every input has parsed


def test_business_model_record_has_its_own_tables(db):
    """A database answers "top-customer share" without parsing prose."""
    url, dump = db
    assert main(["export", str(SONM), "--db", url]) == 0
    rows = dump()
    record = _output(SONM).business_model
    items = {(r[2], r[3], r[4]): r[5] for r in rows["business_model_items"]}
    concentration = [
        (items[(area, slot, pos)], share, period)
        for _sha, _v, area, slot, pos, _i, _amount, share, period in rows["business_model_figures"]
        if slot == "concentration"
    ]
    assert concentration == [
        (c.who, m.share, m.period) for c in record.customers.concentration for m in c.figures
    ]
    assert ("top four customers", "83%", "2022") in concentration
    facts = {r[2] for r in rows["facts"]}
    assert rows["business_model_item_facts"]
    assert all(r[5] in facts for r in rows["business_model_item_facts"])
