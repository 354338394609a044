"""Batch behaviour over a loopback OpenAI-compatible server (the model is not needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.batch import SUMMARY_FILE
from extractor.cli import main
from extractor.core.schema import Output
from tests.batch.fake_openai import fake_server


def _batch(inputs: list[Path], out: Path, base_url: str, cache: Path, *extra: str) -> int:
    argv = ["batch", *map(str, inputs), "--out", str(out), "--base-url", base_url]
    return main([*argv, "--cache-dir", str(cache), "-q", *extra])


def _outputs(out: Path) -> dict[str, Output]:
    return {
        p.name.removesuffix(".out.json"): Output.model_validate_json(p.read_text())
        for p in sorted(out.glob("*.out.json"))
    }


def test_one_failure_is_recorded_and_the_others_finish(tmp_path, docs, failing_doc, capsys):
    out = tmp_path / "out"
    with fake_server() as server:
        rc = _batch([docs], out, server.base_url, tmp_path / "cache")
    assert rc == 1
    outputs = _outputs(out)
    assert set(outputs) == {"ASFI_2005_excerpt", "FASC_2009_excerpt", "GAN_2009_excerpt"}
    for stem, output in outputs.items():
        source = (docs / f"{stem}.txt").read_text(encoding="utf-8")
        for fact in output.facts:
            for c in fact.citations:
                assert source[c.start : c.end] == c.quote
    assert sum(len(o.facts) for o in outputs.values()) > 0
    error = json.loads((out / "broken.error.json").read_text())
    assert "unreachable" in error["reason"]
    assert error["source"].endswith("broken.txt")
    summary = {d["stem"]: d for d in json.loads((out / SUMMARY_FILE).read_text())["documents"]}
    assert summary["broken"]["status"] == "failed"
    assert {summary[s]["status"] for s in outputs} == {"done"}
    assert not list(out.glob(".*.tmp"))  # no half-written files
    assert "1 of 4 documents failed" in capsys.readouterr().err


def test_rerun_is_answered_from_the_cache(tmp_path, docs):
    out, cache = tmp_path / "out", tmp_path / "cache"
    with fake_server() as server:
        assert _batch([docs], out, server.base_url, cache) == 0
        first = _outputs(out)
        calls = server.requests
        assert calls == sum(o.run.llm_calls for o in first.values()) > 0
        for p in out.glob("*.out.json"):
            p.unlink()
        assert _batch([docs], out, server.base_url, cache) == 0
        assert server.requests == calls  # not one request reached the model
        second = _outputs(out)
        for stem, output in second.items():
            assert output.run.llm_calls == 0
            assert output.run.cache_hits == first[stem].run.llm_calls
            assert output.facts == first[stem].facts
            assert output.summary == first[stem].summary
        # --no-cache goes to the model again.
        (out / "GAN_2009_excerpt.out.json").unlink()
        assert _batch([docs], out, server.base_url, cache, "--no-cache") == 0
        assert server.requests == calls + first["GAN_2009_excerpt"].run.llm_calls


def test_resume_skips_finished_documents_and_redoes_changed_or_partial_ones(tmp_path, docs):
    out, cache = tmp_path / "out", tmp_path / "cache"
    with fake_server() as server:
        assert _batch([docs], out, server.base_url, cache) == 0
        before = {p.name: p.read_bytes() for p in out.glob("*.out.json")}
        # An edited document is not done any more; a truncated output never counts.
        edited = docs / "GAN_2009_excerpt.txt"
        edited.write_text(edited.read_text() + "\nWe also sell policies online.\n")
        partial = out / "FASC_2009_excerpt.out.json"
        partial.write_bytes(before[partial.name][:100])
        assert _batch([docs], out, server.base_url, cache) == 0
    summary = {d["stem"]: d for d in json.loads((out / SUMMARY_FILE).read_text())["documents"]}
    assert summary["ASFI_2005_excerpt"]["status"] == "skipped"
    assert summary["GAN_2009_excerpt"]["status"] == "done"
    assert summary["FASC_2009_excerpt"]["status"] == "done"
    assert (out / "ASFI_2005_excerpt.out.json").read_bytes() == before["ASFI_2005_excerpt.out.json"]
    redone = Output.model_validate_json(partial.read_text())  # from the cache: same content
    original = Output.model_validate_json(before[partial.name])
    assert (redone.facts, redone.summary) == (original.facts, original.summary)
    assert redone.run.cache_hits == original.run.llm_calls and redone.run.llm_calls == 0
    gan = _outputs(out)["GAN_2009_excerpt"]
    assert gan.document.chars == len(edited.read_text())


def test_nothing_to_do_never_starts_the_model(tmp_path, docs):
    out, cache = tmp_path / "out", tmp_path / "cache"
    with fake_server() as server:
        assert _batch([docs], out, server.base_url, cache) == 0
        base_url = server.base_url
    # The server is gone: a run that needed it would fail.
    assert _batch([docs], out, base_url, cache) == 0


def test_list_files_and_folders(tmp_path, docs):
    from extractor.batch import expand_inputs

    listing = tmp_path / "docs.list"
    listing.write_text(
        "# two of them\nin/ASFI_2005_excerpt.txt\n\n" + str(docs / "GAN_2009_excerpt.txt") + "\n"
    )
    assert [p.name for p in expand_inputs([str(listing)])] == [
        "ASFI_2005_excerpt.txt",
        "GAN_2009_excerpt.txt",
    ]
    found = expand_inputs([str(docs), str(docs / "GAN_2009_excerpt.txt")])
    assert sorted(p.name for p in found) == sorted(p.name for p in docs.glob("*.txt"))


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d, t: [str(t / "missing")], "no such file or folder"),
        (lambda d, t: [str(t / "empty")], "no input documents"),
        (lambda d, t: [str(d), str(t / "other" / "ASFI_2005_excerpt.txt")], "rename one"),
    ],
)
def test_bad_inputs_are_one_line_errors(tmp_path, docs, capsys, setup, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "ASFI_2005_excerpt.txt").write_text("Another text.\n")
    rc = main(
        [
            "batch",
            *setup(docs, tmp_path),
            "--out",
            str(tmp_path / "out"),
            "--base-url",
            "http://127.0.0.1:9/v1",
        ]
    )
    err = capsys.readouterr().err
    assert rc == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_unreadable_document_is_a_recorded_failure(tmp_path, docs):
    (docs / "binary.txt").write_bytes(b"\x00\x01 not text")
    out = tmp_path / "out"
    with fake_server() as server:
        assert _batch([docs], out, server.base_url, tmp_path / "cache") == 1
    assert "binary" in json.loads((out / "binary.error.json").read_text())["reason"]
    assert len(list(out.glob("*.out.json"))) == 3


def test_an_endpoint_that_is_down_stops_the_batch(tmp_path, docs, failing_doc, capsys):
    out = tmp_path / "out"
    with fake_server() as server:
        base_url = server.base_url  # closed again below: nothing listens there any more
    rc = _batch([docs], out, base_url, tmp_path / "cache")
    assert rc == 3
    err = capsys.readouterr().err
    assert "3 documents in a row could not reach the model endpoint" in err
    summary = json.loads((out / SUMMARY_FILE).read_text())["documents"]
    assert [d["status"] for d in summary] == ["failed"] * 3 + ["not run"]
    assert len(list(out.glob("*.error.json"))) == 3
    assert not list(out.glob("*.out.json"))


def test_batch_reads_a_whole_filing_as_summarize_does(tmp_path: Path):
    from extractor.batch import plan
    from tests.filings.synthetic import filing, paragraphs

    body = paragraphs("Acme sells widgets to hardware stores through distributors.", 40)
    src = tmp_path / "acme-10k.html"
    src.write_text(filing("Item 1. Business", body), encoding="utf-8")
    results, docs = plan([src], tmp_path / "out")
    doc = docs["acme-10k"]
    assert doc.text.startswith("Item 1. Business") and "<" not in doc.text
    assert doc.document_fields()["source_kind"] == "10-k-html"
    assert results[0].status != "failed"
