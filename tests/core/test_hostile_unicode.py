"""Property tests with hostile Unicode across the pure stages, end to end.

The text mixes combining marks, right-to-left scripts and marks, emoji with
modifiers and joiners, control and format characters (never NUL: the CLI
refuses it), template syntax and real filing vocabulary with figures. The
invariants are the project's contract: offsets index the original text,
``source[start:end] == quote`` for every emitted citation, every figure of a
fact is in its quotes, and the paragraph is one line under its cap with
template syntax left as plain text.
"""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from extractor.core.paragraph.render import render_summary
from extractor.core.schema import CATEGORIES, Citation, Fact
from extractor.core.select.rank import select_candidates
from extractor.core.text.align import MatchKind, align_quote, clean_quote, normalize
from extractor.core.text.figures import find_figures, unsupported_figures, visible
from extractor.core.text.segment import split_sentences
from extractor.core.tokens import count_tokens
from extractor.core.verify.drafts import DraftFact
from extractor.core.verify.facts import AreaInput, verify_area

_HOSTILE = [
    "e\u0301",  # e + combining acute
    "\u0915\u094d\u0937",  # Devanagari conjunct
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew
    "\u0645\u0631\u062d\u0628\u0627",  # Arabic
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "🇺🇸",
    "\u0007",  # BEL
    "\u001b[31m",  # ANSI escape
    "\u000b",
    "\u000c",
    "\u001c",
    "\u0085",
    "\u2028",
    "\u00ad",
    "\ufeff",
    "\r\n",
    "\t",
    "{{ 7*7 }}",
    "{% for x in y %}",
    "{#",
    "İ",
    "ß",
    "٣",
    "½",
]
_WORDS = [
    "We ",
    "sell ",
    "rugged ",
    "phones ",
    "to ",
    "carriers. ",
    "Revenue ",
    "was ",
    "$69.8 million ",
    "83% ",
    "in 2022. ",
    "Sonim Technologies, Inc. ",
    "customers ",
    "credit facility ",
    "\n\n",
    "Item 1. Business\n",
]
_PIECE = st.one_of(
    st.sampled_from(_HOSTILE),
    st.sampled_from(_WORDS),
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
)
_TEXT = st.lists(_PIECE, min_size=1, max_size=60).map("".join)


@st.composite
def text_and_quotes(draw: st.DrawFn) -> tuple[str, list[tuple[str, tuple[int, int]]]]:
    """A source plus quotes a model might return: substrings, sometimes re-flowed."""
    source = draw(_TEXT)
    quotes = []
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(source) - 1))
        j = draw(st.integers(i + 1, len(source)))
        quote = source[i:j]
        if draw(st.booleans()):
            quote = " ".join(quote.split()).upper()  # re-flowed and re-cased
        pad = draw(st.integers(0, 30))
        quotes.append((quote, (max(0, i - pad), j + pad)))
    return source, quotes


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_and_quotes(), st.sampled_from(CATEGORIES))
def test_verified_facts_cite_the_original_text_exactly(data, area) -> None:
    source, quotes = data
    drafts = [DraftFact(quote=q, statement=q, subject="company", names=[q[:10]]) for q, _ in quotes]
    windows = [w for _, w in quotes]
    facts, _ = verify_area(source, AreaInput(area, drafts, windows, [1.0] * len(drafts)), 1.0)
    event(f"facts kept: {min(len(facts), 2)}")
    for fact in facts:
        for c in fact.citations:
            assert 0 <= c.start < c.end <= len(source)
            assert source[c.start : c.end] == c.quote
        cited = [c.quote for c in fact.citations]
        assert unsupported_figures(fact.statement, cited) == []
        for value in (*fact.fields.amounts, *fact.fields.percentages, *fact.fields.periods):
            assert any(value in visible(q) for q in cited)


@settings(max_examples=150, deadline=None)
@given(text_and_quotes())
def test_any_alignment_is_a_span_of_the_original(data) -> None:
    source, quotes = data
    for quote, window in quotes:
        a = align_quote(source, quote, [window], min_fuzzy_chars=5)
        if a is None:
            continue
        assert 0 <= a.start < a.end <= len(source)
        cited = source[a.start : a.end]
        if a.kind is MatchKind.EXACT:
            assert cited in (quote.strip(), clean_quote(quote))
        elif a.kind is MatchKind.NORMALIZED:
            # What is cited is the original text; it only compares equal once normalised.
            wanted = {normalize(quote.strip()).strip(), normalize(clean_quote(quote)).strip()}
            assert normalize(cited).strip() in wanted


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_figures_and_sentences_index_the_original(text: str) -> None:
    for f in find_figures(text):
        assert visible(text[f.start : f.end]) == f.text
    assert unsupported_figures(text, text) == []
    sentences = split_sentences(text)
    previous_end = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.start >= previous_end  # in order, not overlapping
        previous_end = s.end
    selected = select_candidates(sentences, per_area=3)
    for candidates in selected.values():
        for c in candidates:
            assert text[c.sentence.start : c.sentence.end] == c.sentence.text


def _fact(i: int, statement: str, category: str) -> Fact:
    return Fact(
        id=f"{category}-{i}",
        category=category,
        statement=statement,
        subject="company",
        priority=float(i % 3),
        citations=[Citation(start=i * 10, end=i * 10 + 3, quote="abc", match="exact", score=100)],
    )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(_TEXT, st.sampled_from(CATEGORIES)), max_size=10),
    st.integers(1, 300),
    st.lists(st.sampled_from(CATEGORIES), max_size=3),
)
def test_paragraph_is_plain_one_line_and_under_the_cap(statements, cap, missing) -> None:
    facts = [_fact(i, s, c) for i, (s, c) in enumerate(statements)]
    summary = render_summary(facts, missing, token_cap=cap)
    assert summary.tokens == count_tokens(summary.text) <= cap
    assert summary.text.splitlines() == [summary.text] or summary.text == ""
    by_id = {f.id: f for f in facts}
    for sentence in summary.sentences:
        assert sentence.text in summary.text
        for fid in sentence.fact_ids[:1]:
            # Template syntax a statement carries is never run: it reaches the sentence as is.
            statement = by_id[fid].statement
            for marker in ("{{", "}}", "{%", "%}"):
                if marker in sentence.text:
                    assert marker in statement
