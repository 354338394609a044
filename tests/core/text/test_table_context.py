"""A table row's years come from its column header, which is then cited with it."""

from extractor.core.text.company import Company
from extractor.core.text.table_context import (
    cited_row_sentence,
    column_header,
    table_sentence,
    table_unit,
    years_from_header,
)
from extractor.core.verify.drafts import DraftFact
from extractor.core.verify.facts import AreaInput, verify_area

TABLE = (
    "Operating Statistics\n\n"
    "The following table shows operating statistics from 2020 through 2022. 2022 2021 2020\n\n"
    "Customers (average for the year) 4,585,126 4,563,747 4,545,700\n\n"
    "Revenues (in millions):\n\n"
    "Residential $ 3,353 $ 2,759 $ 2,517\n\n"
    "Total operating revenues $ 6,620 $ 5,511 $ 4,611\n\n"
)
PROSE = (
    "2022 2021\n\n"
    + "This long paragraph of prose says many things about the business and is not a table. " * 2
    + "\n\nTotal operating revenues $ 6,620 $ 5,511\n"
)


def test_header_found_over_table_lines_only():
    row = TABLE.index("Total operating")
    start, end = column_header(TABLE, row)
    assert TABLE[start:end] == "2022 2021 2020"
    assert years_from_header(["2020", "2022"], TABLE, row) == (start, end)
    assert years_from_header(["2019"], TABLE, row) is None  # not a header year
    assert years_from_header(["$ 7,000"], TABLE, row) is None  # only years come from a header
    assert column_header(PROSE, PROSE.index("Total operating")) is None  # prose in between


def test_row_statement_with_header_years_is_a_fact_citing_both():
    row = TABLE.index("Total operating")
    end = TABLE.index("\n", row)
    draft = DraftFact(
        passage=1,
        quote="Total operating revenues $ 6,620 $ 5,511 $ 4,611",
        statement="Total operating revenues were $ 6,620, $ 5,511 and $ 4,611 in 2022, 2021 "
        "and 2020, respectively.",
        subject="company",
    )
    facts, rejected = verify_area(
        TABLE, AreaInput("revenue", [draft], [(row, end)], [1.0]), 1.0, Company.named("Acme Inc.")
    )
    assert not rejected
    (f,) = facts
    # The row's years, its unit and the table's title are cited with it.
    assert [c.quote for c in f.citations] == [
        TABLE[row:end],
        "2022 2021 2020",
        "(in millions)",
        "Operating Statistics",
    ]
    assert all(TABLE[c.start : c.end] == c.quote for c in f.citations)
    assert f.subject == "company" and f.fields.periods == ["2022", "2021", "2020"]


def test_a_cited_row_is_said_with_its_label_unit_years_and_table():
    quotes = [
        "Total operating revenues $ 6,620 $ 5,511 $ 4,611",
        "2022 2021 2020",
        "(in millions)",
        "Natural Gas Operating Statistics",
    ]
    assert cited_row_sentence(quotes) == (
        "In its natural gas operating statistics, total operating revenues (in millions) were "
        "$6,620 in 2022, $5,511 in 2021 and $4,611 in 2020."
    )
    # No unit stated, a negative cell, a rate, or one figure short: not said.
    assert cited_row_sentence(quotes[:2] + quotes[3:]) is None
    assert (
        table_sentence("Other, net (247) (84) (130)", "2022 2021 2020", "(in millions)", None)
        is None
    )
    assert (
        table_sentence("Revenue per customer $ 4 $ 3 $ 2", "2022 2021 2020", "(in millions)", None)
        is None
    )
    assert table_sentence("Total revenues $ 6 $ 5", "2022 2021 2020", "(in millions)", None) is None


def test_a_unit_note_does_not_scale_rows_under_a_later_sub_label():
    text = (
        TABLE
        + "Selected Statistics:\n\nNet plant investment per customer $ 4,522 $ 4,130 $ 3,794\n"
    )
    row = text.index("Net plant")
    header = column_header(text, row)
    assert table_unit(text, header, row) is None
    total = text.index("Total operating")
    assert text[slice(*table_unit(text, header, total))] == "(in millions)"
