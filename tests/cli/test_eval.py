"""``extractor eval`` on real outputs and gold files: table, JSON report, clear errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, SHARED, needs_eval_data

GOLD = SHARED / "gold"
pytestmark = needs_eval_data(GOLD)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", "eval", *args], capture_output=True, text=True
    )


def test_single_output_prints_table_and_writes_json(tmp_path: Path):
    report = tmp_path / "r.json"
    proc = run(
        str(EXAMPLES / "SONM_2022_item1.out.json"),
        "--gold", str(GOLD / "SONM_2022_item1.json"),
        "--json", str(report),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = json.loads((EXAMPLES / "SONM_2022_item1.out.json").read_text(encoding="utf-8"))
    n = sum(len(f["citations"]) for f in out["facts"])
    assert f"| SONM_2022_item1.txt | {n}/{n} |" in proc.stdout
    data = json.loads(report.read_text())
    missed = data["documents"][0]["key_total"] - data["documents"][0]["key_found"]
    assert proc.stdout.count("missed key fact in SONM_2022_item1.txt: ") == missed
    assert data["overall"]["citation_validity"] == 1.0
    assert data["documents"][0]["key_total"] == 12
    # The reader's measures: a second table, and in the JSON.
    reader = data["documents"][0]["reader"]
    assert "| document | first-person words | fragments | repeated openers |" in proc.stdout
    assert reader["first_person_words"] == 0 and reader["fragments"] == 0
    assert reader["key_figures_total"] == 5
    assert f"| SONM_2022_item1.txt | 0 | 0 | {reader['repeated_openers']} |" in proc.stdout


def test_folder_form_matches_outputs_by_document_and_reports_missing(tmp_path: Path):
    for p in EXAMPLES.glob("*.out.json"):
        shutil.copy(p, tmp_path / p.name)
    proc = run(str(tmp_path), "--gold", str(GOLD))
    assert "| AMCR_2023_item1.txt |" in proc.stdout and "| SONM_2022_item1.txt |" in proc.stdout
    assert "overall (2)" in proc.stdout
    assert "no output for HD_2024_item1.txt" in proc.stdout
    assert proc.returncode == 1  # some gold documents have no output


def test_output_made_from_another_text_is_refused(tmp_path: Path):
    other = tmp_path / "other.txt"
    other.write_text("Some other company.", encoding="utf-8")
    proc = run(
        str(EXAMPLES / "SONM_2022_item1.out.json"),
        "--gold", str(GOLD / "SONM_2022_item1.json"),
        "--source", str(other),
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "different text" in proc.stderr


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_bad_output_file_is_one_line_error(tmp_path: Path, content: str):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    proc = run(str(bad), "--gold", str(GOLD / "SONM_2022_item1.json"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_bad_gold_file_is_one_line_error(tmp_path: Path):
    bad = tmp_path / "gold.json"
    bad.write_text('{"facts": 3}', encoding="utf-8")
    proc = run(str(EXAMPLES / "SONM_2022_item1.out.json"), "--gold", str(bad))
    assert proc.returncode == 2 and "not a gold annotation file" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
