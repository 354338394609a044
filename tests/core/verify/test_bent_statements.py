"""Statements a model bent while keeping the figures and most words of their passage:
a dropped negation or "may", income for a loss, swapped years, a sign, direction words,
and another company's figure credited to the company because its sentence says "we".
Each is refused, or restated as its cited passage where only the wording failed."""

from __future__ import annotations

import pytest

from extractor.core.text.company import Company
from extractor.core.verify.drafts import DraftFact
from extractor.core.verify.facts import AreaInput, verify_area

ACME = Company.named("Acme Corp.")
SENTENCES = [
    "No single customer accounted for more than 10% of our net sales in 2023.",
    "Our net loss was $14.1 million in 2023.",
    "Our revenue was $120.5 million and $101.2 million in 2023 and 2022, respectively.",
    "Our revenue grew 35% in 2023 as we added distributors.",
    "Our revenue was $80.0 million in 2023, compared with $70.0 million in 2022.",
    "We may also offer engineering services in the form of design services to our customers.",
    "We compete with Globex Corporation, which is larger than we are; the company reported "
    "revenue of $36.7 billion in 2022.",
    "Our partner Bosch sells its sensors through 4,000 retail stores in Germany, and we "
    "supply the chips.",
    "We do not sell our products online.",
]
SOURCE = "\n".join(SENTENCES) + "\n"
WINDOWS = [(SOURCE.index(s), SOURCE.index(s) + len(s)) for s in SENTENCES]


def verify(quote: str, statement: str, subject: str = "company"):
    d = DraftFact(quote=quote, statement=statement, subject=subject, names=[])
    return verify_area(SOURCE, AreaInput("revenue", [d], WINDOWS, [1.0]), 1.0, ACME)


@pytest.mark.parametrize(
    ("quote", "statement", "reason"),
    [
        (
            "No single customer accounted for more than 10%",
            "A single customer accounted for more than 10% of net sales in 2023.",
            "drops the negation",
        ),
        ("We do not sell our products online", "We sell our products online.", "negation"),
        ("Our net loss was $14.1 million", "Net income was $14.1 million in 2023.", "a loss"),
        (
            "Our revenue was $120.5 million and $101.2 million",
            "Revenue was $120.5 million in 2022 and $101.2 million in 2023.",
            "another year",
        ),
        ("Our revenue grew 35% in 2023", "Revenue changed by -35% in 2023.", "a sign"),
        (
            "Our revenue was $80.0 million in 2023",
            "Revenue jumped to $80.0 million in 2023, up from $70.0 million in 2022.",
            "up or down",
        ),
        (
            "We may also offer engineering services",
            "We offer engineering services in the form of design services to our customers.",
            "may be",
        ),
    ],
)
def test_a_bent_statement_is_restated_as_its_passage(quote, statement, reason):
    facts, rejected = verify(quote, statement)
    assert reason in rejected[0].reason and "restated" in rejected[0].reason
    (fact,) = facts
    assert fact.statement in SENTENCES  # the passage word for word, not the bent wording


def test_an_honest_statement_of_a_negated_or_dated_passage_is_kept():
    facts, rejected = verify(
        "No single customer accounted for more than 10%",
        "No single customer accounted for more than 10% of net sales in 2023.",
    )
    assert facts and not rejected
    facts, rejected = verify(
        "Our revenue was $120.5 million and $101.2 million",
        "Revenue was $120.5 million in 2023 and $101.2 million in 2022.",
    )
    assert facts and not rejected


@pytest.mark.parametrize(
    ("quote", "statement"),
    [
        (
            "the company reported revenue of $36.7 billion",
            "The company reported revenue of $36.7 billion in 2022.",
        ),
        (
            "Our partner Bosch sells its sensors",
            "We sell our sensors through 4,000 retail stores in Germany.",
        ),
    ],
)
def test_another_companys_figure_is_not_credited_to_the_company(quote, statement):
    facts, rejected = verify(quote, statement)
    assert not facts and "someone else" in rejected[0].reason


def test_another_companys_figure_stated_as_its_own_is_a_third_partys_fact():
    facts, _ = verify(
        "the company reported revenue of $36.7 billion",
        "Globex Corporation reported revenue of $36.7 billion in 2022.",
    )
    assert [f.subject for f in facts] == ["third_party"]
