"""What a verified statement must be to be said in the paragraph (``core/paragraph/sayable.py``)."""

from __future__ import annotations

from extractor.core.paragraph.sayable import richest, unsayable
from extractor.core.schema import Citation, Fact
from extractor.core.text.company import Company

NAMES = ["Acme Holdings, Inc.", "Acme Holdings", "Acme"]
ACME = Company.named("Acme Holdings, Inc.")


def fact(statement: str, category: str = "revenue", quote: str | None = None) -> Fact:
    quote = quote or statement
    return Fact(
        id=f"{category}-1",
        category=category,
        statement=statement,
        subject="company",
        priority=0.5,
        citations=[Citation(start=0, end=len(quote), quote=quote, match="exact", score=100)],
    )


def why(statement: str, category: str = "revenue") -> str | None:
    f = fact(statement, category)
    return unsayable(f, richest(f), statement, category, NAMES, ACME)


def test_a_regulators_act_or_what_a_law_imposes_is_not_the_business():
    assert why("The FRB has finalized a number of regulations on capital planning.")
    assert why(
        "Through the Deposit Insurance Fund maintained by the FDIC, the FDIC insures the "
        "deposits of its insured banks up to prescribed limits."
    )
    assert why("A 100% excise tax is imposed on income of a taxable subsidiary.")
    # A government that buys is a customer.
    assert why("The U.S. government accounted for 12% of its revenue in 2023.", "customers") is None


def test_a_figure_says_something_of_the_company_as_a_line_of_its_accounts_or_business():
    assert (
        why("Total capital expenditures recorded in 2022 were $9.6 billion.", "financing") is None
    )
    assert why("Top four customers gave 83% of revenue in 2022.", "customers") is None
    assert why("Data is the lifeblood of an organization.") == "not about the company"
    assert why("Cardboard packaging is 100% recyclable.", "products") == "not about the company"


def test_praise_counting_its_years_is_still_praise():
    assert (
        why(
            "Over the last 50 years, it built networks that created an unmatched portfolio.",
            "products",
        )
        == "promotional"
    )


def test_a_run_in_heading_is_not_said():
    f = fact("Acme Freight: Acme Freight Corporation provides freight services to businesses.")
    assert richest(f) == "Acme Freight Corporation provides freight services to businesses."
