"""`extractor report` and `extractor summarize --html`: whole files or one-line errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.core.schema import Output
from tests.batch.fake_openai import fake_server

from ..conftest import EXAMPLES

SONM_JSON = EXAMPLES / "SONM_2022_item1.out.json"
SONM_TXT = EXAMPLES / "SONM_2022_item1.txt"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], capture_output=True, text=True, timeout=120
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, needle: str) -> None:
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert needle in proc.stderr


def test_report_writes_the_page(tmp_path: Path):
    page = tmp_path / "sub" / "report.html"
    proc = run("report", str(SONM_JSON), str(SONM_TXT), "--html", str(page))
    assert proc.returncode == 0, proc.stderr
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert "SONM_2022_item1.txt" in html and "sha256 matches" in html
    assert [p.name for p in page.parent.iterdir()] == ["report.html"]  # no temp file left


# Where the page shows how long the run took: the header, "Time", the seconds per area and stage.
_TIMINGS = (
    (re.compile(r"\d+\.\d (?:s|min)(?= · paragraph)"), "T"),
    (re.compile(r"(?<=<dt>Time</dt><dd>)[^<]*"), "T"),
    (re.compile(r"(?<=<td>)\d+\.\d+(?=</td></tr>)"), "T"),
)


def _without_timings(page: str) -> str:
    for pattern, mask in _TIMINGS:
        page = pattern.sub(mask, page)
    return page


@pytest.mark.parametrize("rerun", [False, True], ids=["as-checked-in", "timings-of-a-rerun"])
def test_checked_in_example_page_is_current(tmp_path: Path, rerun: bool):
    # The page must be the checked-in output's, whatever the run's timings: the main job
    # run again on this code gives the same output but for them.
    output = json.loads(SONM_JSON.read_text(encoding="utf-8"))
    if rerun:
        output["run"]["seconds"] *= 12
        output["run"]["stages"] = {k: v * 12 + 0.01 for k, v in output["run"]["stages"].items()}
        for area in output["run"]["areas"]:
            area["seconds"] = area["seconds"] * 12 + 0.1
    rerun_json = tmp_path / "out.json"
    rerun_json.write_text(json.dumps(output), encoding="utf-8")
    page = tmp_path / "r.html"
    assert run("report", str(rerun_json), str(SONM_TXT), "--html", str(page)).returncode == 0
    example = (EXAMPLES / "SONM_2022_item1.report.html").read_text(encoding="utf-8")
    made = page.read_text(encoding="utf-8")
    assert _without_timings(example) == _without_timings(made), (
        "regenerate: extractor report examples/SONM_2022_item1.out.json "
        "examples/SONM_2022_item1.txt --html examples/SONM_2022_item1.report.html"
    )
    assert (example == made) is not rerun  # the timings shown are the output's own


def test_output_made_from_a_whole_item1_text_still_reports(tmp_path: Path):
    # The AMCR example was summarised with its executive officers section, which an
    # Item 1 text now loses; the output still opens on the text it was made from.
    page = tmp_path / "amcr.html"
    amcr = EXAMPLES / "AMCR_2023_item1"
    proc = run("report", f"{amcr}.out.json", f"{amcr}.txt", "--html", str(page))
    assert proc.returncode == 0, proc.stderr
    assert page.exists()


def test_wrong_source_is_one_line_and_no_file(tmp_path: Path):
    page = tmp_path / "report.html"
    other = EXAMPLES / "AMCR_2023_item1.txt"
    proc = run("report", str(SONM_JSON), str(other), "--html", str(page))
    assert_one_line_error(proc, "not the text this output was made from")
    assert not page.exists()


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("not json at all", "not an extractor output"),
        ('{"facts": []}', "not an extractor output: document: Field required"),
    ],
)
def test_bad_output_json(tmp_path: Path, content: str, needle: str):
    bad = tmp_path / "out.json"
    bad.write_text(content, encoding="utf-8")
    page = tmp_path / "report.html"
    assert_one_line_error(run("report", str(bad), str(SONM_TXT), "--html", str(page)), needle)
    assert not page.exists()


def test_missing_inputs(tmp_path: Path):
    page = str(tmp_path / "r.html")
    assert_one_line_error(
        run("report", str(tmp_path / "no.json"), str(SONM_TXT), "--html", page), "no such file"
    )
    assert_one_line_error(
        run("report", str(SONM_JSON), str(tmp_path / "no.txt"), "--html", page), "no such file"
    )


def test_summarize_html_writes_the_page_of_its_own_run(tmp_path: Path, capsys):
    # A loopback OpenAI-compatible server with canned answers (it quotes the first
    # passage it is shown); the run, its JSON and its page are the real ones.
    page, out = tmp_path / "report.html", tmp_path / "out.json"
    with fake_server() as srv:
        argv = ["summarize", str(SONM_TXT), "--base-url", srv.base_url, "--quiet"]
        assert main([*argv, "--html", str(page), "--json", str(out)]) == 0
    recorded = Output.model_validate_json(out.read_bytes())
    assert recorded.facts and capsys.readouterr().out.strip() == recorded.summary.text
    html = page.read_text(encoding="utf-8")
    assert "sha256 matches" in html and recorded.facts[0].statement.replace("'", "&#39;") in html
