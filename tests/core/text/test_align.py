"""Tests for quote alignment: every returned span must index the original source."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractor.core.text.align import (
    Alignment,
    MatchKind,
    align_quote,
    clean_quote,
    normalize,
)
from tests.conftest import EXAMPLES

SONM = EXAMPLES / "SONM_2022_item1.txt"

SOURCE = (
    "Item 1. Business.\n\n"
    "We are a leading provider of rugged and consumer durable mobile devices.\n"
    "Our customers include carriers. "
    "We design and manufacture rugged mobile phones and accessories for enterprise "
    "customers worldwide.\n\n"
    "Competition. Our customers include carriers. We compete with large vendors."
)


def cited(source: str, alignment: Alignment | None) -> str:
    assert alignment is not None
    return source[alignment.start : alignment.end]


def sentence_window(source: str, sentence: str) -> tuple[int, int]:
    start = source.index(sentence)
    return start, start + len(sentence)


# --- exact ---------------------------------------------------------------------


def test_exact_match_returns_offsets() -> None:
    quote = "leading provider of rugged"
    a = align_quote(SOURCE, quote)
    assert a == Alignment(
        SOURCE.index(quote), SOURCE.index(quote) + len(quote), MatchKind.EXACT, 100.0
    )


@pytest.mark.parametrize(
    "wrapped",
    [
        '  "leading provider of rugged"  ',
        "“leading provider of rugged”",
        "...leading provider of rugged...",
        "… leading provider of rugged …",
        "'leading provider of rugged'",
        '"...leading provider of rugged"',
    ],
)
def test_surrounding_quote_marks_and_ellipses_are_stripped(wrapped: str) -> None:
    a = align_quote(SOURCE, wrapped)
    assert a is not None and a.kind is MatchKind.EXACT
    assert cited(SOURCE, a) == "leading provider of rugged"


def test_quote_marks_present_in_source_are_kept() -> None:
    source = 'We call it "the Platform" internally.'
    assert cited(source, align_quote(source, '"the Platform"')) == '"the Platform"'


@pytest.mark.parametrize("quote", ["", "   ", "\n\t", '""', "“ ”", "...", "…"])
def test_empty_quote_is_none(quote: str) -> None:
    assert align_quote(SOURCE, quote) is None


def test_repeated_occurrence_prefers_window() -> None:
    quote = "Our customers include carriers."
    first = SOURCE.index(quote)
    second = SOURCE.index(quote, first + 1)
    assert align_quote(SOURCE, quote).start == first  # no window: first occurrence
    window = (second - 5, second + len(quote) + 5)
    a = align_quote(SOURCE, quote, [(0, 10), window])
    assert a is not None and a.start == second and a.kind is MatchKind.EXACT


def test_out_of_range_windows_are_ignored() -> None:
    quote = "Our customers include carriers."
    a = align_quote(SOURCE, quote, [(-50, -10), (10_000, 20_000), (30, 5)])
    assert a is not None and a.start == SOURCE.index(quote)


# --- normalized ------------------------------------------------------------------


def test_normalize_rules() -> None:
    assert normalize("A\u00a0 B\n\tC\u2009D\u202fE") == "a b c d e"
    assert normalize("‘x’ ‚y‛ “z” „w‟ 5′ 6″") == "'x' 'y' \"z\" \"w\" 5' 6\""
    assert normalize("a‐b‑c‒d–e—f―g") == "a-b-c-d-e-f-g"
    assert normalize("İSTANBUL") == "İstanbul"  # İ lowercases to two chars: kept
    assert normalize("soft\u00adhyphen zero\u200bwidth") == "softhyphen zerowidth"


def test_normalized_whitespace_nbsp_quotes_and_case() -> None:
    source = (
        "The Company\u2019s  products\u00a0are sold\nthrough \u201ccarriers\u201d \u2014 mainly."
    )
    quote = 'the company\'s products are SOLD through "carriers" - mainly'
    a = align_quote(source, quote)
    assert a is not None and a.kind is MatchKind.NORMALIZED and a.score == 100.0
    assert cited(source, a) == source[: source.index(" mainly") + len(" mainly")]
    assert not cited(source, a)[0].isspace() and not cited(source, a)[-1].isspace()


def test_normalized_prefers_window() -> None:
    source = "Net  sales grew.  Other text here.  Net\nsales grew."
    second = source.rindex("Net")
    a = align_quote(source, "net sales grew", [(second, len(source))])
    assert a is not None and a.kind is MatchKind.NORMALIZED and a.start == second
    assert align_quote(source, "net sales grew").start == 0


def test_normalized_on_real_filing() -> None:
    source = SONM.read_text(encoding="utf-8")
    quote = 'the terms "we," "us," "our," "Company" and "Sonim" refer to Sonim'
    a = align_quote(source, quote)
    assert a is not None and a.kind is MatchKind.NORMALIZED
    assert cited(source, a).startswith("the terms “we,”")


# --- fuzzy -----------------------------------------------------------------------

SENTENCE = (
    "We design and manufacture rugged mobile phones and accessories for enterprise "
    "customers worldwide."
)


def test_fuzzy_dropped_word_inside_window() -> None:
    quote = "We design and manufacture rugged phones and accessories for enterprise customers"
    a = align_quote(SOURCE, quote, [sentence_window(SOURCE, SENTENCE)])
    assert a is not None and a.kind is MatchKind.FUZZY and 90.0 <= a.score < 100.0
    text = cited(SOURCE, a)
    assert text.startswith("We design") and "enterprise customers" in text


def test_fuzzy_changed_word_inside_window() -> None:
    quote = "We design and produce rugged mobile phones and accessories for enterprise customers"
    a = align_quote(SOURCE, quote, [sentence_window(SOURCE, SENTENCE)])
    assert a is not None and a.kind is MatchKind.FUZZY
    assert "manufacture rugged mobile phones" in cited(SOURCE, a)


def test_fuzzy_snaps_to_word_boundaries() -> None:
    # Dropping "mobile " makes the raw alignment run into the middle of "worldwide".
    quote = "manufacture rugged phones and accessories for enterprise customers worl"
    a = align_quote(SOURCE, quote, [sentence_window(SOURCE, SENTENCE)])
    assert a is not None and a.kind is MatchKind.FUZZY
    assert cited(SOURCE, a).endswith("worldwide")
    assert not SOURCE[a.start - 1].isalnum() and not SOURCE[a.end].isalnum()


def test_fuzzy_rejected_outside_windows() -> None:
    quote = "We design and manufacture rugged phones and accessories for enterprise customers"
    assert align_quote(SOURCE, quote) is None  # no windows: never fuzzy-search the document
    elsewhere = sentence_window(SOURCE, "Competition. Our customers include carriers.")
    assert align_quote(SOURCE, quote, [elsewhere]) is None


def test_fuzzy_too_short_rejected() -> None:
    window = [sentence_window(SOURCE, SENTENCE)]
    assert align_quote(SOURCE, "rugged mobil phones", window) is None  # 19 chars
    assert align_quote(SOURCE, "rugged mobil phones", window, min_fuzzy_chars=10) is not None


def test_weak_match_rejected() -> None:
    quote = "We sell cloud software subscriptions to hospitals across Europe"
    assert align_quote(SOURCE, quote, [sentence_window(SOURCE, SENTENCE)]) is None


def test_fuzzy_length_tolerance() -> None:
    # partial_ratio scores a long quote against a shorter window by the window
    # alone; the ±25% length guard rejects citing a span much shorter than the quote.
    source = "alpha beta gamma delta epsilon zeta eta theta"
    quote = "alpha beta gamma delta epsilon zeta eta thetaXXXXXXXXXXXXXXXXXXXXXXXXXX"
    assert align_quote(source, quote, [(0, len(source))], min_score=0) is None


def test_best_scoring_window_wins() -> None:
    quote = "We design and manufacture rugged phones and accessories for enterprise customers"
    windows = [(0, 60), sentence_window(SOURCE, SENTENCE)]
    a = align_quote(SOURCE, quote, windows, min_score=50)
    assert a is not None and cited(SOURCE, a).startswith("We design")


# --- helpers ---------------------------------------------------------------------


def test_clean_quote() -> None:
    assert clean_quote(' "… Revenue grew." ') == "Revenue grew."
    assert clean_quote("“‘nested’”") == "nested"


# --- properties ------------------------------------------------------------------

# Arbitrary Unicode (no NUL, no lone surrogates) mixed with characters that
# exercise the normaliser: combining marks, RTL letters, emoji + ZWJ, spaces.
_SPECIAL = [
    " ",
    "  ",
    "\n",
    "\t",
    "\u00a0",
    "\u2009",
    "\u202f",
    "\u0301",
    "\u05d0",
    "\u0627",
    "👍🏽",
    "👨\u200d👩",
    "\u200b",
    "\u00ad",
    '"',
    "'",
    "“",
    "”",
    "’",
    "—",
    "İ",
    "ß",
    ".",
]
_CHARS = st.one_of(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
    st.sampled_from(_SPECIAL),
    st.sampled_from("abcdefghij ABCDEF 0123"),
)
_SOURCE = st.lists(_CHARS, min_size=1, max_size=80).map("".join)


@st.composite
def source_and_span(draw: st.DrawFn) -> tuple[str, str]:
    source = draw(_SOURCE)
    i = draw(st.integers(0, len(source) - 1))
    j = draw(st.integers(i + 1, len(source)))
    return source, source[i:j]


def _perturb(quote: str, choices: list[int]) -> str:
    out = []
    for k, ch in enumerate(quote):
        c = choices[k % len(choices)]
        if ch == " ":
            out.append([" ", "\n", "\u00a0", "   ", "\t \n"][c % 5])
        elif ch in "'’":
            out.append("’" if ch == "'" else "'")
        elif ch == '"':
            out.append("“" if c % 2 else "”")
        elif ch in "“”":
            out.append('"')
        elif ch.isascii() and ch.isalpha():
            out.append(ch.swapcase())
        else:
            out.append(ch)
    return "".join(out)


def _check_invariant(source: str, a: Alignment | None) -> None:
    if a is None:
        return
    assert 0 <= a.start < a.end <= len(source)
    assert not source[a.start].isspace() and not source[a.end - 1].isspace()


@settings(max_examples=200)
@given(source_and_span(), st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90))))
def test_property_exact_span_is_found(
    data: tuple[str, str], windows: list[tuple[int, int]]
) -> None:
    source, quote = data
    assume(normalize(clean_quote(quote)).strip())
    a = align_quote(source, quote, windows)
    assert a is not None and a.kind is MatchKind.EXACT
    # The cleaned quote may win when it lies in a window and the literal does not.
    assert source[a.start : a.end] in {quote.strip(), clean_quote(quote)}
    if not windows:
        assert source[a.start : a.end] == quote.strip()
    _check_invariant(source, a)


@settings(max_examples=200)
@given(source_and_span(), st.lists(st.integers(0, 4), min_size=1, max_size=8))
def test_property_perturbed_quote_is_normalized_match(
    data: tuple[str, str], choices: list[int]
) -> None:
    source, quote = data
    perturbed = _perturb(quote, choices)
    assume(normalize(clean_quote(perturbed)).strip())
    a = align_quote(source, perturbed)
    assert a is not None and a.kind in (MatchKind.EXACT, MatchKind.NORMALIZED)
    expected = {normalize(perturbed.strip()).strip(), normalize(clean_quote(perturbed)).strip()}
    assert normalize(source[a.start : a.end]).strip() in expected
    _check_invariant(source, a)


@settings(max_examples=200)
@given(
    _SOURCE,
    st.one_of(_SOURCE, source_and_span().map(lambda d: _perturb(d[1] + "xyz", [1, 2]))),
    st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90)), max_size=3),
    st.floats(0, 100),
)
def test_property_any_alignment_indexes_source(
    source: str, quote: str, windows: list[tuple[int, int]], min_score: float
) -> None:
    a = align_quote(source, quote, windows, min_score=min_score, min_fuzzy_chars=1)
    _check_invariant(source, a)


def test_fuzzy_recovers_clipped_first_word_on_real_filing() -> None:
    # The model dropped "consumer"; a quote-length window alone would clip "We".
    source = SONM.read_text(encoding="utf-8")
    quote = (
        "We are a leading provider of rugged and durable mobile devices including phones "
        "and accessories designed to provide extra protection for users"
    )
    start = source.index("We are a leading")
    a = align_quote(source, quote, [(start - 100, start + 600)])
    assert a is not None and a.kind is MatchKind.FUZZY
    assert cited(source, a) == (
        "We are a leading provider of rugged and consumer durable mobile devices including "
        "phones and accessories designed to provide extra protection for users"
    )
