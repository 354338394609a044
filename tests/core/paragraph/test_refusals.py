"""What the paragraph refuses to say from a verified fact: a statement cut before its
object, a "may" stated as what is, money spent or goods stocked filed as financing, and
another company's fact; each of these was said before."""

from __future__ import annotations

from extractor.core.paragraph.render import render_summary
from extractor.core.schema import Citation, Fact

_at = iter(range(0, 10**9, 1000))


def fact(id_: str, category: str, statement: str, span: str = "") -> Fact:
    span = span or statement
    start = next(_at)
    return Fact(
        id=id_,
        category=category,
        statement=statement,
        subject="company",
        priority=0.5,
        citations=[
            Citation(start=start, end=start + len(span), quote=span, match="exact", score=100)
        ],
    )


LONG_TAIL = " ".join(["under the terms of the license agreement with its founder"] * 6)


def test_a_statement_cut_before_its_object_is_not_said():
    facts = [
        fact(
            "financing-1",
            "financing",
            "The company licenses its technology and is obligated to pay.",
            f"The company licenses its technology and is obligated to pay royalties {LONG_TAIL}.",
        ),
        fact(
            "customers-1",
            "customers",
            "Our presence in target markets helps.",
            "Our presence in target markets helps us win contracts with hospitals.",
        ),
    ]
    text = render_summary(facts).text
    assert "obligated to pay." not in text and "markets helps." not in text
    assert "presence in target markets helps it win contracts with hospitals." in text


def test_what_its_passage_says_may_be_is_not_said_as_what_is():
    facts = [
        fact(
            "products-1",
            "products",
            "We offer NRE services to third-party design services.",
            "We may also offer NRE services in the form of third-party design services.",
        ),
        fact("products-2", "products", "We make rugged phones."),
    ]
    text = render_summary(facts).text
    assert "NRE" not in text and "rugged phones" in text


def test_financing_says_only_money_raised_owed_or_returned():
    facts = [
        fact(
            "financing-1",
            "financing",
            "We have stock of phone products with the three largest wireless carriers.",
            "We currently have stocked phone products with the three largest wireless carriers.",
        ),
        fact(
            "financing-2",
            "financing",
            "We allocate significant resources and funds to developing innovative solutions.",
        ),
        fact(
            "financing-3",
            "financing",
            "We spent $12.0 million on research and development in 2023.",
        ),
        fact(
            "financing-4",
            "financing",
            "We repaid our term loan with the proceeds of an equity offering in 2023.",
        ),
    ]
    text = render_summary(facts).text
    assert "stock" not in text and "funds" not in text and "research" not in text
    assert "repaid its term loan" in text


def test_another_companys_fact_is_not_said():
    facts = [
        fact(
            "channels-1",
            "channels",
            "Bosch sells its sensors through 4,000 retail stores in Germany.",
            "Our partner Bosch sells its sensors through 4,000 retail stores in Germany, and we "
            "supply the chips.",
        ),
        fact("products-1", "products", "We make rugged phones."),
    ]
    text = render_summary(facts).text
    assert "4,000" not in text and "Bosch" not in text and "rugged phones" in text
