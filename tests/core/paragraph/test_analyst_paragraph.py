"""The paragraph an analyst would sign: who the company is first, no praise, plans or
dated events, and no statement that bends its cited span (issue 23)."""

from extractor.core.paragraph.render import render_summary
from extractor.core.record.build import build_business_model
from extractor.core.schema import Citation, Fact
from extractor.core.text.meaning import cut_in_phrase, label_lost, subject_changed, unit_lost
from extractor.core.text.worth import (
    dated_event,
    forward_plan,
    identity_sentence,
    plain,
    promotional,
)
from extractor.evaluation.reader import reader_measures

_starts = iter(range(0, 10**9, 1000))
NAMES = ["Acme Holdings, Inc.", "Acme Holdings", "Acme"]


def fact(id_: str, category: str, statement: str, quote: str | None = None) -> Fact:
    quote = quote or statement
    start = next(_starts)
    return Fact(
        id=id_,
        category=category,
        statement=statement,
        subject="company",
        priority=0.8,
        citations=[
            Citation(start=start, end=start + len(quote), quote=quote, match="exact", score=100)
        ],
    )


def paragraph(facts: list[Fact], company: str = "Acme Holdings, Inc.") -> str:
    record = build_business_model(facts, company)
    return render_summary(facts, token_cap=512, record=record).text


# --- worth saying -----------------------------------------------------------------


def test_praise_without_a_figure_is_promotional_with_one_it_is_not():
    assert promotional("It has innovation excellence and global expertise.")
    assert promotional("Acme aims to improve the quality of lives.")
    assert promotional("It is delivering against its commitments.")
    assert not promotional("It is a leading maker of valves, with 42% of revenue from pumps.")
    assert not promotional("It provides mission-critical communications devices.")


def test_dated_events_are_told_from_states():
    assert dated_event("On September 22, 2015, a joint venture completed a building.")
    assert dated_event("In 2022, it announced a multi-year partnership with a retailer.")
    assert dated_event("It issued $3.6 billion of bonds on May 10, 2022.")
    assert dated_event("In the third quarter of 2022 it expanded its product line.")
    assert dated_event("In 2022, the Utility also began reviewing settings on its circuits.")
    assert not dated_event("As of December 31, 2022, it operated 2,300 stores.")
    assert not dated_event("In 2022, it sold approximately 25,000 phones in Canada.")


def test_plans_are_not_the_business():
    assert forward_plan("It will continue to sell tablets in 2023.")
    assert forward_plan("It plans to open new stores.")
    assert not forward_plan("It sells tablets through carriers.")


def test_a_description_loses_its_praise_not_its_meaning():
    assert plain("a leading provider of rugged mobile devices") == (
        "a provider of rugged mobile devices"
    )
    assert plain("an innovative, leading maker of widgets") == "a maker of widgets"
    assert plain("a diversified biopharmaceutical company positioned for success with a broad") == (
        "a diversified biopharmaceutical company"
    )


def test_identity_sentence_needs_the_name_and_what_it_does():
    assert identity_sentence("Acme is a holding company whose subsidiary is a utility.", NAMES)
    assert identity_sentence("Acme designs and sells valves.", NAMES)
    assert not identity_sentence("It is a holding company.", NAMES)
    assert not identity_sentence("Acme is also working with retailers.", NAMES)
    assert not identity_sentence("The Utility purchases natural gas for its customers.", NAMES)


def test_paragraph_leaves_praise_plans_and_events_out_and_says_the_business():
    facts = [
        fact("products-1", "products", "We manufacture industrial valves and pumps."),
        fact("products-2", "products", "We have innovation excellence and global expertise."),
        fact("products-3", "products", "We will continue to expand our product portfolio."),
        fact(
            "revenue-1",
            "revenue",
            "On March 3, 2023, we acquired a valve maker for cash.",
        ),
        fact("customers-1", "customers", "We serve oil refiners and water utilities."),
    ]
    text = paragraph(facts)
    assert "excellence" not in text and "continue" not in text and "March" not in text
    assert text.startswith("Acme")
    m = reader_measures(text, company="Acme Holdings, Inc.")
    assert m.identity_first and m.promotional_sentences == 0 and m.dated_event_sentences == 0


def test_first_sentence_names_the_company_from_a_statement_when_the_record_has_no_description():
    facts = [
        fact("customers-1", "customers", "The Utility serves 5.5 million customers."),
        fact(
            "products-1",
            "products",
            "Acme Holdings is a holding company.",
            "Acme Holdings, Inc., incorporated in California in 1995, is a holding company "
            "whose primary operating subsidiary is a public utility operating in Ohio.",
        ),
    ]
    first = paragraph(facts).split(". ")[0]
    assert first.startswith("Acme Holdings is a holding company whose primary operating")
    assert "incorporated" not in first


# --- meaning kept -----------------------------------------------------------------

REGULATOR = (
    "Under this policy, the Federal Reserve Board may require the Parent to provide "
    "financial support to one or more of its subsidiary banks."
)
TABLE_ROW = "Total operating revenues $ 6,620 $ 5,511 $ 4,611"
CUT = (
    "Acme Economy specializes in the delivery of high volumes of low-weight, less "
    "time-sensitive packages."
)


def test_another_partys_act_is_not_made_the_companys():
    said = "The company may require it to provide financial support to its subsidiary banks."
    assert subject_changed(said, REGULATOR, NAMES) == "the Federal Reserve Board"
    assert subject_changed("We sell valves through distributors.", "We sell valves.", NAMES) is None
    assert (
        subject_changed(
            "It purchases its devices through carriers.",
            "End customers purchase our devices through carriers.",
            NAMES,
        )
        == "End customers"
    )


def test_a_table_rows_amounts_keep_their_unit_and_label():
    said = "Total operating revenues were $ 6,620, $ 5,511, and $ 4,611 in 2022, 2021, and 2020."
    assert unit_lost(said, TABLE_ROW)
    assert not unit_lost("Revenue was $69.8 million.", "Our revenue was $69.8 million in 2022.")
    assert label_lost("Revenue was $ 6,620 million in 2022.", TABLE_ROW)
    assert not label_lost("Total operating revenues were $ 6,620 million.", TABLE_ROW)


def test_no_sentence_ends_inside_a_noun_phrase():
    assert cut_in_phrase(
        "Acme Economy specializes in the delivery of high volumes of low-weight.", CUT
    )
    assert cut_in_phrase(
        "Acme provides businesses with a broad portfolio of transportation.",
        "Acme provides businesses with a broad portfolio of transportation, e-commerce, and "
        "business services, offering integrated solutions.",
    )
    assert not cut_in_phrase(
        "We sell our products in stores.", "We sell our products in stores, and we sell online."
    )


def test_bent_statements_are_not_said_in_the_paragraph():
    facts = [
        fact("products-1", "products", "We manufacture industrial valves and pumps."),
        fact(
            "financing-1",
            "financing",
            "The company may require it to provide financial support to its subsidiary banks.",
            REGULATOR,
        ),
        fact(
            "revenue-1",
            "revenue",
            "Total operating revenues were $ 6,620, $ 5,511, and $ 4,611 in 2022, 2021, and 2020.",
            TABLE_ROW,
        ),
        fact(
            "products-2",
            "products",
            "Acme Economy specializes in the delivery of high volumes of low-weight.",
            CUT,
        ),
    ]
    text = paragraph(facts)
    assert "may require" not in text
    assert "6,620" not in text
    assert "low-weight." not in text


def test_the_same_row_of_two_tables_is_one_sentence_each_figure_by_its_year():
    rows = []
    for n, (title, total) in enumerate(
        (
            ("Electricity Operating Statistics", "$ 15,060 $ 15,131"),
            ("Gas Operating Statistics", "$ 6,620 $ 5,511"),
        )
    ):
        quotes = [f"Total operating revenues {total}", "2022 2021", "(in millions)", title]
        start = 50_000 * (n + 1)
        cites = []
        for q in quotes:
            cites.append(
                Citation(start=start, end=start + len(q), quote=q, match="exact", score=100)
            )
            start += 1000
        rows.append(
            Fact(
                id=f"revenue-{n + 1}",
                category="revenue",
                statement=f"Total operating revenues {total}.",
                subject="company",
                priority=0.9,
                citations=cites,
            )
        )
    facts = [fact("products-1", "products", "Acme is a maker of valves."), *rows]
    record = build_business_model(facts, "Acme Holdings, Inc.")
    summary = render_summary(facts, token_cap=512, record=record)
    said = next(s for s in summary.sentences if "revenue-1" in s.fact_ids)
    assert said.text == (
        "In its electricity operating statistics and gas operating statistics, total operating "
        "revenues (in millions) were $15,060 and $6,620 in 2022 and $15,131 and $5,511 in 2021, "
        "respectively."
    )
    assert said.fact_ids == ["revenue-1", "revenue-2"]


def test_a_second_sentence_on_the_same_date_of_record_says_the_date_last():
    facts = [
        fact("products-1", "products", "Acme is a bank holding company."),
        fact(
            "revenue-1",
            "revenue",
            "At December 31, 2024, we had assets of $1.9 trillion and deposits of $1.4 trillion.",
        ),
        fact(
            "revenue-2",
            "revenue",
            "At December 31, 2024, Acme Bank, N.A. was our principal subsidiary with assets "
            "of $1.7 trillion.",
        ),
    ]
    text = paragraph(facts)
    assert (
        "Acme Bank, N.A. was its principal subsidiary with assets of $1.7 trillion, at "
        "December 31, 2024." in text
    )
    assert reader_measures(text).repeated_openers == 0


def test_what_laws_could_do_and_a_list_that_closes_are_not_said():
    facts = [
        fact("products-1", "products", "Acme is a bank holding company."),
        fact(
            "financing-1",
            "financing",
            "Statutes, regulations, and policies could restrict our ability to pay dividends.",
        ),
        fact(
            "products-2",
            "products",
            "Finally, we are soliciting long-duration storage for our grid.",
        ),
        fact(
            "financing-2",
            "financing",
            "The net proceeds from both transactions were used to repay our loans.",
        ),
    ]
    text = paragraph(facts)
    assert "Statutes" not in text and "soliciting" not in text and "both" not in text
