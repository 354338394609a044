"""Answers a hostile model plants in its notes, through the real pipeline on loopback.

Digits of another script, homoglyph names, quotes from sentences the model was
never shown, bidirectional overrides and zero-width characters: a real model
does not produce them on demand, the scripted server does every time. Whatever
the note says, nothing false reaches a fact, the record or the paragraph, and
what is kept for audit is inert.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from extractor.config import RunConfig
from extractor.core.schema import Output
from extractor.core.text.figures import unsupported_figures
from extractor.pipeline import summarize
from extractor.providers.router import open_llm
from extractor.providers.spec import ModelSpec
from tests.providers.fault_server import Reply, fault_server, passages

TEXT = (
    "Item 1. Business\n\n"
    "Acme Widgets, Inc. designs and sells industrial widgets to manufacturers. "
    "Our revenue was $6\u200b9.8 million in 2022, up from $50.1 million in 2021. "
    "We sell through distributors and our direct sales force in North America. "
    "We financed our operations with a $20 million credit facility.\n"
)

Note = Callable[[str], dict]


def _answer(note: Note) -> Callable[[dict], Reply]:
    """One note per request, on the first passage shown."""

    def answer(body: dict) -> Reply:
        shown = passages(body)
        return Reply(content=json.dumps({"facts": [note(shown[0])] if shown else []}))

    return answer


def _run(note: Note, text: str = TEXT) -> Output:
    with (
        fault_server(default=_answer(note)) as srv,
        open_llm(ModelSpec(base_url=srv.base_url, timeout_s=5.0)) as llm,
    ):
        return summarize(text, llm, RunConfig(per_area=3, batch_size=3), name="planted")


def _note(quote: str, statement: str) -> dict:
    return {"quote": quote, "statement": statement, "subject": "company", "names": []}


def _paragraph_and_record(out: Output) -> str:
    return out.summary.text + out.business_model.model_dump_json()


def test_a_figure_in_fullwidth_digits_the_filing_lacks_is_refused():
    def note(p: str) -> dict:
        planted = p.replace("$20 million", "$\uff19\uff10\uff10 million")
        planted = planted.replace("$6\u200b9.8 million", "$\uff19\uff10\uff10 million")
        return _note(p[:40], planted)

    out = _run(note)
    assert not any("\uff19" in f.statement for f in out.facts)
    assert any("$\uff19\uff10\uff10 million" in r.reason for r in out.rejected)
    assert "\uff19" not in _paragraph_and_record(out)
    for f in out.facts:
        assert unsupported_figures(f.statement, [c.quote for c in f.citations]) == []


def test_zero_width_characters_inside_a_figure_read_as_one_figure_and_stay_out():
    out = _run(lambda p: _note(p[:40], p))
    revenue = next(f for f in out.facts if "revenue was" in f.statement)
    assert revenue.fields.amounts == ["$69.8 million", "$50.1 million"]
    assert "$69.8 million" in out.summary.text and "$6, 9.8" not in out.summary.text
    for invisible in "\u200b\u200c\u200d\u2060\ufeff\u00ad":
        assert invisible not in _paragraph_and_record(out)
        assert invisible not in revenue.statement
    # The citation is still the source, byte for byte.
    for f in out.facts:
        for c in f.citations:
            assert TEXT[c.start : c.end] == c.quote
    assert "\u200b" in revenue.citations[0].quote


def test_a_zero_width_joiner_the_model_plants_never_reaches_the_paragraph():
    text = TEXT.replace("industrial widgets", "industrial wid\u200dgets")
    out = _run(lambda p: _note(p[:40], p), text)
    assert "industrial widgets" in out.summary.text
    assert "\u200d" not in _paragraph_and_record(out)


def test_a_homoglyph_name_the_passage_lacks_is_refused():
    # "Мicrosoft" with a Cyrillic М: an ASCII reading sees only the lower-case "icrosoft".
    out = _run(lambda p: _note(p[:40], "\u041cicrosoft buys " + p[0].lower() + p[1:]))
    assert not any("icrosoft" in f.statement for f in out.facts)
    assert out.rejected and all("names what its passage does not" in r.reason for r in out.rejected)
    assert "icrosoft" not in _paragraph_and_record(out)


def test_a_quote_from_a_sentence_never_shown_is_refused_not_cited_bare():
    opening = "Acme Widgets, Inc. designs and sells industrial widgets"

    def note(p: str) -> dict:
        # Every note quotes the opening sentence, which only some areas were shown.
        return _note(opening, "Acme Widgets designs and sells industrial widgets.")

    with (
        fault_server(default=_answer(note)) as srv,
        open_llm(ModelSpec(base_url=srv.base_url, timeout_s=5.0)) as llm,
    ):
        out = summarize(TEXT, llm, RunConfig(per_area=3, batch_size=3), name="planted")
        shown = {
            r.body["messages"][1]["content"].split("Focus area: ")[1][:20]: r.passages
            for r in srv.requests
        }
    assert any(opening not in " ".join(p) for p in shown.values())  # some never saw it
    sentence = TEXT.index(opening), TEXT.index("manufacturers.") + len("manufacturers.")
    for f in out.facts:
        # Cited as the whole passage it was shown in, never as the bare quote.
        assert [(c.start, c.end) for c in f.citations] == [sentence]
    unshown = [r for r in out.rejected if "not in the passages shown" in r.reason]
    assert unshown
    assert {r.category for r in unshown}.isdisjoint(f.category for f in out.facts)


def test_bidirectional_overrides_kept_for_audit_are_written_out():
    # U+202E reverses what follows on screen; U+2066 isolates; U+200B hides. Planted in
    # the notes on one sentence (had it been every note, the run would fail: nothing usable).
    def note(p: str) -> dict:
        if "revenue" not in p:
            return _note(p[:40], p)
        return _note(p[:40] + "\u2066", "\u202e" + p + "\u200b")

    out = _run(note)
    assert out.rejected and out.facts
    for r in out.rejected:
        for field in (r.statement, r.quote, r.reason):
            assert not {"\u202e", "\u2066", "\u200b"} & set(field), field
        assert r.statement.startswith("<U+202E>")
    dumped = out.model_dump_json()
    assert "\u202e" not in dumped and "\\u202e" not in dumped.lower()
