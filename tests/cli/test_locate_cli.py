"""``extractor locate`` and whole filings through ``extractor summarize``."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import httpx2 as httpx
import pytest

import extractor.pipeline as pipeline
from extractor.documents import load_source
from extractor.providers.openai_compatible import OpenAICompatible
from tests.filings.synthetic import filing, standard_body
from tests.providers.canned import completion


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture()
def acme(tmp_path: Path) -> Path:
    path = tmp_path / "acme-10k.html"
    path.write_text(filing("<p>ITEM 1. BUSINESS</p>", standard_body()), encoding="utf-8")
    return path


@pytest.fixture()
def stub(tmp_path: Path) -> Path:
    path = tmp_path / "stub-10k.html"
    body = "<p>The information required by this item is incorporated herein by reference.</p>"
    path.write_text(filing("<p>ITEM 1. BUSINESS</p>", body), encoding="utf-8")
    return path


def test_locate_prints_span_and_writes_rebuildable_text(acme: Path, tmp_path: Path):
    full, section = tmp_path / "full.txt", tmp_path / "item1.txt"
    proc = run("locate", str(acme), "--text-out", str(full), "--section-out", str(section))
    assert proc.returncode == 0, proc.stderr
    assert "10-k-html" in proc.stdout
    assert "starts at: 'ITEM 1. BUSINESS'" in proc.stdout
    assert "ends before: 'ITEM 1A. RISK FACTORS'" in proc.stdout
    assert "preview: ITEM 1. BUSINESS Acme Widgets" in proc.stdout
    assert proc.stderr == ""

    info = json.loads(run("locate", str(acme), "--json").stdout)
    assert info["filing_sha256"] == hashlib.sha256(acme.read_bytes()).hexdigest()
    text = full.read_text(encoding="utf-8")
    assert text[info["section_start"] : info["section_end"]] == section.read_text("utf-8")
    assert info["chars"] == info["section_end"] - info["section_start"]


def test_locate_warns_on_stderr(stub: Path):
    proc = run("locate", str(stub))
    assert proc.returncode == 0
    warnings = proc.stderr.splitlines()
    assert warnings and all(w.startswith("warning: ") for w in warnings)
    assert any("cross-reference stub" in w for w in warnings)


def test_locate_item1_text_is_used_unchanged():
    proc = run("locate", "examples/SONM_2022_item1.txt")
    assert proc.returncode == 0
    assert "already an Item 1 text" in proc.stdout


def test_locate_item1_text_ending_with_officers_says_where_it_stops():
    proc = run("locate", "examples/AMCR_2023_item1.txt")
    assert proc.returncode == 0
    assert "ends before: 'Information about our Executive Officers'" in proc.stdout
    assert "Ronald Delia" not in proc.stdout
    warnings = proc.stderr.splitlines()
    assert len(warnings) == 1 and "executive officers section starts at" in warnings[0]


def test_no_item1_heading_is_one_line_exit_2(tmp_path: Path):
    src = tmp_path / "no-item1.html"
    src.write_text(
        filing("<p>OVERVIEW</p>", standard_body()).replace("Item&#160;1.", ""), encoding="utf-8"
    )
    out = tmp_path / "out.json"
    for args in (("locate", str(src)), ("summarize", str(src), "--json", str(out))):
        proc = run(*args)
        assert proc.returncode == 2
        assert len(proc.stderr.strip().splitlines()) == 1
        assert "no 'Item 1' heading found" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_summarize_records_the_cut_and_its_warnings(stub: Path, tmp_path: Path):
    # The stub has no passage worth a model call, so the whole command runs without one.
    out = tmp_path / "out.json"
    proc = run("summarize", str(stub), "--json", str(out), "--base-url", "http://127.0.0.1:9/v1")
    assert proc.returncode == 0, proc.stderr
    assert "(10-k-html)" in proc.stderr
    assert "warning: Item 1 looks like a cross-reference stub" in proc.stderr
    document = json.loads(out.read_text(encoding="utf-8"))["document"]
    assert document["source_kind"] == "10-k-html"
    assert document["filing_sha256"] == hashlib.sha256(stub.read_bytes()).hexdigest()
    assert any("cross-reference stub" in w for w in document["warnings"])
    full = load_source(str(stub)).converted_text
    section = full[document["section_start"] : document["section_end"]]
    assert hashlib.sha256(section.encode()).hexdigest() == document["sha256"]


def test_output_records_where_the_section_came_from(acme: Path):
    # Only the model is canned (it finds nothing to note); everything else runs for real.
    nothing = httpx.MockTransport(lambda r: httpx.Response(200, json=completion('{"facts": []}')))
    llm = OpenAICompatible("http://canned.test/v1", "none", transport=nothing)
    doc = load_source(str(acme))
    out = pipeline.summarize(doc.text, llm, name=doc.name, document_extra=doc.document_fields())
    d = out.document
    assert (d.source_kind, d.filing_sha256) == ("10-k-html", doc.filing_sha256)
    assert doc.converted_text[d.section_start : d.section_end] == doc.text
    assert d.chars == len(doc.text) and d.warnings == []
    assert json.loads(out.model_dump_json())["document"]["section_end"] == d.section_end


def test_locate_accepts_the_limits_its_size_error_names(tmp_path: Path):
    big = tmp_path / "big.txt"
    sentence = "We sell rugged phones to public safety agencies through carriers. "
    big.write_text(sentence * (2_200_000 // len(sentence)), encoding="utf-8")
    proc = run("locate", str(big))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "--max-bytes" in proc.stderr and "--force" in proc.stderr
    for extra in (["--force"], ["--max-bytes", "3000000"], ["--encoding", "utf-8", "--force"]):
        proc = run("locate", str(big), *extra)
        assert proc.returncode == 0, proc.stderr
        assert "already an Item 1 text" in proc.stdout


def test_the_sample_filing_in_examples_is_located_and_summarized(tmp_path: Path):
    """examples/ carries one whole 10-K as filed (HTML) to try `locate` and `summarize` on."""
    from tests.batch.fake_openai import fake_server
    from tests.conftest import EXAMPLES, ROOT

    sample = EXAMPLES / "MRX_1999_10k.html"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "extractor locate examples/MRX_1999_10k.html" in readme
    assert "extractor summarize examples/MRX_1999_10k.html" in readme
    assert sample.stat().st_size < 250_000  # small enough to carry
    item1 = tmp_path / "item1.txt"
    located = run("locate", str(sample), "--json", "--section-out", str(item1))
    assert located.returncode == 0, located.stderr
    info = json.loads(located.stdout)
    assert info["source_kind"] == "10-k-html" and info["warnings"] == []
    assert (info["heading"], info["end_heading"]) == ("Item 1: Business", "Item 2: Properties")
    out = tmp_path / "out.json"
    with fake_server() as server:
        done = run("summarize", str(sample), "--json", str(out), "--base-url", server.base_url)
    assert done.returncode == 0, done.stderr
    output = json.loads(out.read_text(encoding="utf-8"))
    text = item1.read_text(encoding="utf-8")
    assert output["document"]["source_kind"] == "10-k-html" and output["facts"]
    for f in output["facts"]:
        for c in f["citations"]:
            assert text[c["start"] : c["end"]] == c["quote"]
