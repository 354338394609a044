"""The record takes what a clause asserts of the company, not every word it names:
denied kinds, another company's figures and facts, periods as the span pairs them,
labels in the span's own words, and facts from an off-topic section stay out."""

from __future__ import annotations

from extractor.core.paragraph.render import render_summary
from extractor.core.record.build import build_business_model
from extractor.core.schema import Citation, Fact


def fact(id_: str, category: str, span: str, statement: str = "", start: int = 0) -> Fact:
    return Fact(
        id=id_,
        category=category,
        statement=statement or span,
        subject="company",
        priority=0.5,
        citations=[
            Citation(start=start, end=start + len(span), quote=span, match="exact", score=100)
        ],
    )


def test_a_kind_named_in_a_denied_clause_is_not_the_companys():
    record = build_business_model(
        [
            fact(
                "channels-1",
                "channels",
                "We have no retail stores and we do not sell online. We no longer sell "
                "through distributors or resellers. We sell through our direct sales force.",
            ),
            fact(
                "financing-1",
                "financing",
                "We have never paid dividends on our common stock and have no credit facility.",
            ),
            fact(
                "financing-2",
                "financing",
                "Dividends have not been paid since 2001, and our net loss was $4.2 million "
                "in 2023.",
            ),
        ],
        "Acme Corp.",
    )
    assert [k.kind for k in record.channels.kinds] == ["direct sales force"]
    assert [f.kind for f in record.financing] == ["net loss"]
    text = render_summary([], record=record).text
    assert "stores" not in text and "online" not in text and "distributors" not in text


def test_a_negation_does_not_reach_past_its_clause():
    record = build_business_model(
        [
            fact(
                "financing-1",
                "financing",
                "We have never paid dividends and have a credit facility of $50 million.",
            ),
            fact(
                "channels-1",
                "channels",
                "We do not operate stores, but we sell through distributors.",
            ),
        ],
        "Acme Corp.",
    )
    assert [f.kind for f in record.financing] == ["credit facility"]
    assert [k.kind for k in record.channels.kinds] == ["distributors"]


def test_another_companys_figures_and_channels_stay_out_of_the_record():
    record = build_business_model(
        [
            fact(
                "revenue-1",
                "revenue",
                "We compete with Globex Corporation, which is larger than we are; the company "
                "reported revenue of $36.7 billion in 2022.",
            ),
            fact(
                "channels-1",
                "channels",
                "Our partner Bosch sells its sensors through 4,000 retail stores in Germany, "
                "and we supply the chips.",
            ),
            fact(
                "channels-2",
                "channels",
                "Globex Inc. sells online in Japan, while we sell through distributors in Canada.",
            ),
        ],
        "Acme Corp.",
    )
    assert record.revenue.totals == []
    assert [k.kind for k in record.channels.kinds] == ["distributors"]
    assert [g.text for g in record.channels.geography] == ["Canada"]


def test_periods_are_read_from_the_span_without_respectively():
    record = build_business_model(
        [
            fact(
                "revenue-1",
                "revenue",
                "Revenue was $120.5 million and $101.2 million in 2023 and 2022.",
            ),
            fact(
                "financing-1",
                "financing",
                "Our net loss was $3.1 million in fiscal 2023 and $2.4 million in fiscal 2022.",
            ),
        ],
        "Acme Corp.",
    )
    assert [(t.amount, t.period) for t in record.revenue.totals] == [
        ("$120.5 million", "2023"),
        ("$101.2 million", "2022"),
    ]
    assert [(m.amount, m.period) for m in record.financing[0].figures] == [
        ("$3.1 million", "fiscal 2023"),
        ("$2.4 million", "fiscal 2022"),
    ]
    text = render_summary([], record=record).text
    assert "$120.5 million in 2023 and $101.2 million in 2022" in text


def test_a_channel_label_is_a_word_of_its_span_and_own_units_are_no_channel():
    record = build_business_model(
        [
            fact(
                "channels-1",
                "channels",
                "Through our insurance company and managing general agency subsidiaries, we "
                "engage in the property and casualty insurance business.",
            ),
        ],
        "Acme Corp.",
    )
    assert record.channels.kinds == []
    record = build_business_model(
        [
            fact(
                "channels-1",
                "channels",
                "We market our products through independent agencies and brokers.",
            )
        ],
        "Acme Corp.",
    )
    assert [k.kind for k in record.channels.kinds] == ["agencies", "brokers"]
    text = render_summary([], record=record).text
    assert "agents" not in text and "agencies and brokers" in text


SOURCE = (
    "Products\n\nWe sell packaging through distributors.\n\nDeveloping Talent\n\n"
    "We run training programs for leaders. Our focus\n\nthis year has been on Accelerating "
    "Growth with showcase presentations from Marketing.\n"
)


def test_a_fact_from_an_off_topic_section_is_neither_recorded_nor_said():
    span = "this year has been on Accelerating Growth with showcase presentations from Marketing."
    at = SOURCE.index(span)
    sells = "We sell packaging through distributors."
    facts = [
        fact(
            "channels-1",
            "channels",
            span,
            "We have accelerated growth with showcase presentations.",
            start=at,
        ),
        fact("channels-2", "channels", sells, start=SOURCE.index(sells)),
    ]
    record = build_business_model(facts, "Acme Corp.", source=SOURCE)
    assert [i for k in record.channels.kinds for i in k.fact_ids] == ["channels-2"]
    text = render_summary(facts, record=record, source=SOURCE).text
    assert "showcase" not in text and "distributors" in text


def test_a_denied_share_is_no_concentration():
    record = build_business_model(
        [
            fact(
                "customers-1",
                "customers",
                "No single customer accounted for more than 10% of our net sales in 2023.",
            )
        ],
        "Acme Corp.",
    )
    assert record.customers.concentration == []
    assert record.customers.no_customer_above_10_percent is not None


def test_where_it_buys_is_not_where_it_reaches_customers():
    record = build_business_model(
        [
            fact(
                "channels-1",
                "channels",
                "The Utility purchases natural gas to serve its core customers directly from "
                "producers and marketers in both Canada and the United States.",
            ),
            fact("channels-2", "channels", "We sell our products through retailers in Mexico."),
        ],
        "Acme Gas Corp.",
    )
    assert [g.text for g in record.channels.geography] == ["Mexico"]


def test_who_a_product_is_made_for_is_no_product_line():
    f = fact(
        "products-1",
        "products",
        "Tablets are an example of a data device that we developed for a customer.",
    )
    f = f.model_copy(
        update={"fields": f.fields.model_copy(update={"products": ["customer", "data device"]})}
    )
    record = build_business_model([f], "Acme Corp.")
    assert [p.text for p in record.products.lines] == ["data device"]
