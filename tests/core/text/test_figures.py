"""Tests for figure extraction and the claim-vs-evidence figure check."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.core.text.figures import Figure, find_figures, unsupported_figures, visible
from tests.conftest import EXAMPLES

SONM = EXAMPLES / "SONM_2022_item1.txt"
SONM_SENTENCE = (
    "For the years ended December 31, 2022 and 2021, our revenue was $69.8 million "
    "and $54.6 million, respectively."
)


def summary(text: str) -> list[tuple[str, str, str, str | None]]:
    return [(f.text, f.value, f.kind, f.scale) for f in find_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$69.8 million", ("$69.8 million", "69.8", "amount", "million")),
        ("$ 1.2 billion", ("$ 1.2 billion", "1.2", "amount", "billion")),
        ("US$3bn", ("US$3bn", "3", "amount", "billion")),
        ("€40 million", ("€40 million", "40", "amount", "million")),
        ("£5m", ("£5m", "5", "amount", "million")),
        ("$7.5M", ("$7.5M", "7.5", "amount", "million")),
        ("$12mm", ("$12mm", "12", "amount", "million")),
        ("$2B", ("$2B", "2", "amount", "billion")),
        ("$300K", ("$300K", "300", "amount", "thousand")),
        ("$1.1tn", ("$1.1tn", "1.1", "amount", "trillion")),
        ("USD 12.5 million", ("USD 12.5 million", "12.5", "amount", "million")),
        ("$3.0 billion", ("$3.0 billion", "3", "amount", "billion")),
        ("$250", ("$250", "250", "amount", None)),
        ("42%", ("42%", "42", "percent", None)),
        ("42 percent", ("42 percent", "42", "percent", None)),
        ("42 per cent", ("42 per cent", "42", "percent", None)),
        ("4.5 %", ("4.5 %", "4.5", "percent", None)),
        ("1,250", ("1,250", "1250", "number", None)),
        ("3.5", ("3.5", "3.5", "number", None)),
        ("2022", ("2022", "2022", "number", None)),
        ("600 million", ("600 million", "600", "amount", "million")),
        ("2 Billion", ("2 Billion", "2", "amount", "billion")),
        ("10.50", ("10.50", "10.5", "number", None)),
        ("1,250,000.00", ("1,250,000.00", "1250000", "number", None)),
    ],
)
def test_recognised_figures(text: str, expected: tuple[str, str, str, str | None]) -> None:
    assert summary(f"In total {text} was reported.") == [expected]


def test_offsets_index_the_text() -> None:
    text = "Sales rose 12% to $4.2 billion in 2022."
    figures = find_figures(text)
    assert [f.text for f in figures] == ["12%", "$4.2 billion", "2022"]
    for f in figures:
        assert text[f.start : f.end] == f.text


def test_parenthesised_and_negative_numbers() -> None:
    assert summary("a loss of (1.2) and -5%") == [
        ("1.2", "1.2", "number", None),
        ("5%", "5", "percent", None),
    ]


@pytest.mark.parametrize(
    "text",
    ["XP10", "5G", "COVID-19", "Q4", "10-K", "Form 20-F", "S-1", "v1.2.3", "1.5x", "MP3", "4K"],
)
def test_identifiers_are_not_figures(text: str) -> None:
    assert find_figures(f"see {text} here") == []


def test_bare_scale_letters_need_a_currency() -> None:
    # "5m" could be metres; only "$5m" is money.
    assert find_figures("a 5m cable") == []
    assert summary("a $5m deal") == [("$5m", "5", "amount", "million")]


def test_percentage_points_are_not_percent() -> None:
    assert summary("up 3 percentage points") == [("3", "3", "number", None)]


def test_dates_give_plain_numbers() -> None:
    assert summary("December 31, 2022") == [
        ("31", "31", "number", None),
        ("2022", "2022", "number", None),
    ]


def test_sonm_sentence() -> None:
    assert SONM_SENTENCE in SONM.read_text(encoding="utf-8")
    assert summary(SONM_SENTENCE) == [
        ("31", "31", "number", None),
        ("2022", "2022", "number", None),
        ("2021", "2021", "number", None),
        ("$69.8 million", "69.8", "amount", "million"),
        ("$54.6 million", "54.6", "amount", "million"),
    ]
    assert unsupported_figures("Revenue was $69.8 million in 2022.", SONM_SENTENCE) == []
    assert unsupported_figures("Revenue was $69.8 billion in 2022.", SONM_SENTENCE) == [
        "$69.8 billion"
    ]
    assert unsupported_figures("Revenue was $70 million in 2023.", SONM_SENTENCE) == [
        "$70 million",
        "2023",
    ]


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("$69.8 million", "revenue was $69.8 million"),
        ("69.8", "revenue was $69.8 million"),
        ("1,250 employees", "we had 1250 employees"),
        ("1250 employees", "we had 1,250 employees"),
        ("$3.0 billion", "about $3 billion"),
        ("$3 billion", "about $3.0 billion"),
        ("42 percent", "a 42% share"),
        ("42%", "a 42 per cent share"),
        ("$1.2 billion", "$1,200 million"),
        ("$5 million", "$5,000,000"),
        ("5,000,000", "$5 million"),
        ("£5m", "GBP 5 million"),
        ("no figures here", "nothing"),
    ],
)
def test_supported(claim: str, evidence: str) -> None:
    assert unsupported_figures(claim, evidence) == []


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("$69.8 billion", "revenue was $69.8 million"),
        ("42%", "42 stores"),
        ("42 stores", "42% of sales"),
        ("$69.8 million", "revenue was 69.8"),
        ("69.9", "revenue was $69.8 million"),
        ("10-K says 2022", "filed in 2021"),
    ],
)
def test_unsupported(claim: str, evidence: str) -> None:
    assert unsupported_figures(claim, evidence) != []


def test_evidence_sequence_and_dedup() -> None:
    claim = "Revenue of $5 million, 12% growth, $5 million again, and 7 sites."
    assert unsupported_figures(claim, ["sales were $5 million", "up 12%"]) == ["7"]
    assert unsupported_figures(claim, []) == ["$5 million", "12%", "7"]


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("$\uff19\uff10\uff10 million", "900", "amount"),  # fullwidth digits
        ("\uff04900 million", "900", "amount"),  # fullwidth dollar sign
        ("\u0663\u0665%", "35", "percent"),  # Arabic-Indic digits
        ("\u0967\u0968\u0966 million", "120", "amount"),  # Devanagari digits
        ("12\uff05", "12", "percent"),  # fullwidth percent sign
    ],
)
def test_digits_of_any_script_are_figures(text: str, value: str, kind: str) -> None:
    (figure,) = find_figures(f"Revenue was {text} in total.")
    assert (figure.value, figure.kind) == (value, kind)
    # A figure the evidence does not contain is caught whatever digits it is written in.
    assert unsupported_figures(f"Revenue was {text}.", "Revenue was $20 million and 7%.") == [
        figure.text
    ]


def test_other_digits_are_supported_by_the_same_quantity() -> None:
    assert unsupported_figures("$\uff16\uff19.8 million", "revenue of $69.8 million") == []
    assert unsupported_figures("$69.8 million", "revenue of $\u0666\u0669.\u0668 million") == []


def test_zero_width_characters_inside_a_figure_do_not_split_it() -> None:
    text = "Revenue was $6\u200b9.8 million and 4\u200d2% of sales."
    figures = find_figures(text)
    assert [(f.text, f.value, f.kind) for f in figures] == [
        ("$69.8 million", "69.8", "amount"),
        ("42%", "42", "percent"),
    ]
    # Offsets still index the original text, invisible characters included.
    assert text[figures[0].start : figures[0].end] == "$6\u200b9.8 million"
    assert unsupported_figures("Revenue was $69.8 million.", text) == []
    assert unsupported_figures("Revenue was $6 million.", text) == ["$6 million"]


def test_figure_is_frozen() -> None:
    f = find_figures("42%")[0]
    assert isinstance(f, Figure)
    with pytest.raises(AttributeError):
        f.value = "43"  # type: ignore[misc]


# --- properties ------------------------------------------------------------------

_TOKENS = st.sampled_from(
    [
        "$",
        "US$",
        "€",
        "USD ",
        "(",
        ")",
        "-",
        ",",
        ".",
        " ",
        "%",
        " percent",
        " million",
        "bn",
        "m",
        "K",
        "x",
        "Q",
        "COVID-",
        "10-K",
        "December 31, 2022",
        "\u00a0",
        "é",
        "٣",
    ]
)
_NUMBERS = st.one_of(
    st.integers(0, 10**9).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False).map(str),
)
_TEXT = st.lists(st.one_of(_TOKENS, _NUMBERS, st.text(max_size=5)), max_size=25).map("".join)

_CANONICAL = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]*[1-9])?")


@settings(max_examples=200)
@given(_TEXT)
def test_property_figures_are_supported_by_their_own_text(text: str) -> None:
    figures = find_figures(text)
    for f in figures:
        assert visible(text[f.start : f.end]) == f.text
        assert _CANONICAL.fullmatch(f.value)
        assert f.scale in (None, "thousand", "million", "billion", "trillion")
    assert unsupported_figures(text, text) == []
    # Each figure on its own is supported by the text it came from.
    for f in figures:
        assert unsupported_figures(f.text, text) == []
