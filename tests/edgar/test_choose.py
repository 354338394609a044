"""Which filing a reference means (pure rules, no network)."""

from __future__ import annotations

import pytest

from extractor.edgar.choose import FilingRecord, choose_filing
from extractor.edgar.fetch import looks_like_reference, parse_reference
from extractor.errors import InputError


def rec(acc: str, form: str, filed: str, period: str = "") -> FilingRecord:
    return FilingRecord(acc, form, filed, period, "d.htm")


FILINGS = [
    rec("0000000001-24-000001", "10-K", "2024-03-01", "2024-01-28"),  # fiscal 2024
    rec("0000000001-23-000001", "10-K", "2023-03-01", "2023-01-01"),  # fiscal 2022 (53 weeks)
    rec("0000000001-24-000002", "10-K/A", "2024-04-01", "2024-01-28"),
    rec("0000000001-02-000001", "10-K405", "2002-03-01", "2001-12-31"),
]


def test_latest_is_the_newest_original():
    choice = choose_filing(FILINGS, company="X")
    assert choice.filing.accession == "0000000001-24-000001"
    assert any("amended by 10-K/A 0000000001-24-000002" in n for n in choice.notes)


def test_fiscal_year_is_the_year_the_period_ends_unless_it_spills_into_january():
    assert choose_filing(FILINGS, company="X", year=2024).filing.accession.endswith("24-000001")
    assert choose_filing(FILINGS, company="X", year=2022).filing.accession.endswith("23-000001")
    with pytest.raises(InputError, match=r"fiscal years: 2024, 2022, 2001"):
        choose_filing(FILINGS, company="X", year=2023)


def test_10k405_is_a_10k_and_said():
    choice = choose_filing(FILINGS, company="X", year=2001)
    assert choice.filing.form == "10-K405" and "10-K405" in choice.notes[0]


def test_amendment_only_when_asked():
    choice = choose_filing(FILINGS, company="X", form="10-K/A")
    assert choice.filing.form == "10-K/A" and "amendment" in choice.notes[0]


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"year": 1990}, "no 10-K for fiscal year 1990"),
        ({"accession": "0000000009-24-000001"}, "no filing with accession number"),
    ],
)
def test_no_match_is_an_input_error(kwargs, needle):
    with pytest.raises(InputError, match=needle):
        choose_filing(FILINGS, company="X", **kwargs)


def test_references():
    assert parse_reference("aapl:2023").company == "AAPL"
    assert parse_reference("0000320193").company == "320193"
    assert parse_reference("BRK.B").company == "BRK.B"
    assert looks_like_reference("AAPL:2023") and not looks_like_reference("notes.txt")
    with pytest.raises(InputError):
        parse_reference("AAPL:23")
    with pytest.raises(InputError):
        parse_reference("AAPL", year=2023, accession="0000320193-24-000123")
