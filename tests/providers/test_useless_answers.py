"""A model that never answers usefully, or answers megabytes: the real pipeline on loopback.

Garbage, a JSON array, wrong types and null content are all answers a real
model will not give on demand; the scripted server gives them every time.
Most answers unparseable is a failed run (exit 3), never "nothing verifiable";
a few are recorded in the output; an answer is never read past its cap.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.config import RunConfig
from extractor.errors import ModelAnswerError
from extractor.pipeline import summarize
from extractor.providers.router import open_llm
from extractor.providers.settings import MAX_ANSWER_BYTES
from extractor.providers.spec import ModelSpec
from tests.providers.fault_server import (
    Reply,
    echo_first_passage,
    fact_json,
    fault_server,
    passages,
)


@pytest.fixture(scope="module")
def excerpt(sonm_text: str) -> str:
    return sonm_text[:3000]


def _completion(content: object) -> bytes:
    message = {"role": "assistant", "content": content}
    choice = {"index": 0, "message": message, "finish_reason": "stop"}
    usage = {"prompt_tokens": 100, "completion_tokens": 5, "total_tokens": 105}
    return json.dumps(
        {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": "m",
            "choices": [choice],
            "usage": usage,
        }
    ).encode()


USELESS = {
    "garbage": Reply(content="Sure! Here are the facts: revenue grew, customers like us."),
    "array": Reply(content='[{"quote": "x", "statement": "y"}]'),
    "wrong-types": Reply(content='{"facts": [{"quote": 7, "statement": ["a"], "subject": 3}]}'),
    "facts-not-a-list": Reply(content='{"facts": "many"}'),
    "null-content": Reply(body=_completion(None)),
}


def _run(srv, text: str, timeout: float = 5.0, **kw):
    config = RunConfig(**{"per_area": 3, "batch_size": 3, **kw})
    with open_llm(ModelSpec(base_url=srv.base_url, timeout_s=timeout)) as llm:
        return summarize(text, llm, config, name="excerpt")


@pytest.mark.parametrize("kind", list(USELESS))
def test_a_model_that_never_answers_usefully_fails_the_run(excerpt: str, kind: str):
    with fault_server(default=USELESS[kind]) as srv, pytest.raises(ModelAnswerError) as info:
        _run(srv, excerpt)
    message = str(info.value)
    assert "not the JSON asked for" in message and "\n" not in message
    assert srv.requests  # the model was asked, and failed


def test_a_few_unparseable_answers_are_recorded_and_the_run_goes_on(excerpt: str):
    garbage = USELESS["garbage"]
    # The first request's two attempts are garbage; every later one answers well.
    with fault_server([garbage, garbage], default=echo_first_passage) as srv:
        out = _run(srv, excerpt)
    assert out.facts
    assert out.run.unparsed_answers == 1
    failed = [a for a in out.run.areas if a.unparsed_answers]
    assert len(failed) == 1 and any("not JSON" in b for b in failed[0].failed_batches)


def test_an_area_whose_answers_all_fail_is_model_failed_not_undisclosed(excerpt: str):
    from extractor.core.areas import AREAS

    focus = f"Focus area: {AREAS['customers'].focus}."

    def customers_garbage(body: dict) -> Reply:
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        return USELESS["garbage"] if focus in user else echo_first_passage(body)

    with fault_server(default=customers_garbage) as srv:
        out = _run(srv, excerpt)
    failed = [n for n in out.not_disclosed if n.basis == "model_failed"]
    assert [n.category for n in failed] == ["customers"]
    assert "not the JSON asked for" in failed[0].note
    area = next(a for a in out.run.areas if a.category == "customers")
    assert area.unparsed_answers == area.llm_calls // 2  # each answer had its re-ask
    assert out.run.unparsed_answers == area.unparsed_answers


# Built once: the scripted server sends it as is.
HUGE = _completion("x" * (5 * MAX_ANSWER_BYTES))


def test_a_huge_answer_is_cut_at_the_cap_not_read_or_stored(excerpt: str):
    with (
        fault_server(default=Reply(body=HUGE)) as srv,
        pytest.raises(ModelAnswerError, match="over the size cap"),
    ):
        _run(srv, excerpt, per_area=1, batch_size=1)
    # Neither the client nor instructor asks for a huge answer again.
    bodies = [json.dumps(r.body, sort_keys=True) for r in srv.requests]
    assert len(set(bodies)) == len(bodies)


def test_one_huge_answer_among_good_ones_is_recorded_and_small(excerpt: str, tmp_path: Path):
    with fault_server([Reply(body=HUGE)], default=echo_first_passage) as srv:
        out = _run(srv, excerpt)
    dumped = out.model_dump_json()
    assert len(dumped) < 200_000
    assert any("answer cap" in b for a in out.run.areas for b in a.failed_batches)


def test_token_counts_the_server_understates_still_weigh_on_the_budget(excerpt: str):
    from extractor.errors import TokenBudgetError

    long_quote = "a" * 40_000  # at least 5,000 tokens, reported as 5
    reply = Reply(body=_completion(fact_json(long_quote)))
    with fault_server(default=reply) as srv, pytest.raises(TokenBudgetError):
        _run(srv, excerpt, token_budget=8_000)


def test_cli_exits_3_with_one_line_and_writes_nothing(tmp_path: Path, excerpt: str):
    src = tmp_path / "in.txt"
    src.write_text(excerpt, encoding="utf-8")
    out = tmp_path / "out.json"
    with fault_server(default=USELESS["array"]) as srv:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "extractor",
                "summarize",
                str(src),
                "--json",
                str(out),
                "--base-url",
                srv.base_url,
                "--timeout",
                "5",
                "-q",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "not the JSON asked for" in lines[0]
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_long_notes_are_refused_unaligned_and_clipped_where_kept(excerpt: str):
    from extractor.core.areas import AREAS

    focus = f"Focus area: {AREAS['products'].focus}."

    def sprawling(body: dict) -> Reply:
        # One area sprawls; had every area, the run would fail (nothing usable).
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        if focus not in user:
            return echo_first_passage(body)
        found = passages(body)
        fact = {"quote": found[0] * 20, "statement": "Revenue " * 300, "subject": "company"}
        return Reply(content=json.dumps({"facts": [fact]}))

    with fault_server(default=sprawling) as srv:
        out = _run(srv, excerpt)
    long = [r for r in out.rejected if r.category == "products"]
    assert long and not any(f.category == "products" for f in out.facts)
    for r in long:
        assert "longer than" in r.reason
        assert len(r.quote) < 600 and len(r.statement) < 600
        assert "more characters]" in r.quote


# Item 7 of issue 25: a model that produced nothing usable is a failed run, not a text
# with "no verifiable detail"; an honest answer of nothing is still a run that passed.
CUT_OFF = Reply(content='{"facts": [{"quote": "We sell', finish_reason="length")


def _rejected_note(body: dict) -> Reply:
    """Well-formed notes whose statements every check refuses (a planted override)."""
    found = passages(body)
    return Reply(content=fact_json(found[0], "\u202e" + found[0]) if found else '{"facts": []}')


def _nothing(body: dict) -> Reply:
    """An honest model on a text with nothing to say: empty statements."""
    notes = [{"quote": p[:30], "statement": "", "subject": "company"} for p in passages(body)]
    return Reply(content=json.dumps({"facts": notes}))


def test_every_answer_cut_off_fails_the_run(excerpt: str):
    with fault_server(default=CUT_OFF) as srv, pytest.raises(ModelAnswerError) as info:
        _run(srv, excerpt)
    assert "cut off" in str(info.value) and "\n" not in str(info.value)


def test_every_statement_rejected_fails_the_run(excerpt: str):
    with fault_server(default=_rejected_note) as srv, pytest.raises(ModelAnswerError) as info:
        _run(srv, excerpt)
    assert "rejected by the checks" in str(info.value)
    assert "control characters" in str(info.value)


def test_an_honest_answer_of_nothing_is_no_verified_facts_and_passes(excerpt: str):
    with fault_server(default=_nothing) as srv:
        out = _run(srv, excerpt)
    assert not out.facts and not out.rejected
    assert {n.basis for n in out.not_disclosed} <= {"no_verified_facts", "no_candidate_passages"}
    assert "no verifiable detail" in out.summary.text


def test_an_area_whose_answers_are_all_cut_off_is_model_failed(excerpt: str):
    from extractor.core.areas import AREAS

    focus = f"Focus area: {AREAS['customers'].focus}."

    def customers_cut_off(body: dict) -> Reply:
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        return CUT_OFF if focus in user else echo_first_passage(body)

    with fault_server(default=customers_cut_off) as srv:
        out = _run(srv, excerpt)
    basis = {n.category: n.basis for n in out.not_disclosed}
    assert basis["customers"] == "model_failed"
    assert "cut off" in next(n.note for n in out.not_disclosed if n.category == "customers")


@pytest.mark.parametrize("answer", [CUT_OFF, _rejected_note], ids=["cut-off", "all-rejected"])
def test_batch_does_not_mark_a_failed_model_run_done(tmp_path: Path, excerpt: str, answer):
    from extractor.cli import main

    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "doc.txt").write_text(excerpt, encoding="utf-8")
    out = tmp_path / "out"
    argv = ["batch", str(docs), "--out", str(out), "--cache-dir", str(tmp_path / "c"), "-q"]
    with fault_server(default=answer) as srv:
        assert main([*argv, "--base-url", srv.base_url, "--timeout", "5"]) != 0
        assert not (out / "doc.out.json").exists() and (out / "doc.error.json").exists()
        # Rerun once the model answers: the document is not skipped as done.
        srv.default = echo_first_passage
        asked = len(srv.requests)
        assert main([*argv, "--base-url", srv.base_url, "--timeout", "5"]) == 0
        assert len(srv.requests) > asked and (out / "doc.out.json").exists()
