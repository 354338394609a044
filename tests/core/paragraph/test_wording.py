"""Statements put in the third person, with verb agreement, or refused."""

from __future__ import annotations

import pytest

from extractor.core.paragraph.wording import (
    join_and,
    name_variants,
    passive_made_active,
    possessive,
    third_person,
)
from extractor.core.text.statement import balanced

NAMES = name_variants("Sonim Technologies, Inc.", "Sonim Technologies")


@pytest.mark.parametrize(
    ("statement", "subject", "expected"),
    [
        ("We sell rugged phones.", "It", "It sells rugged phones."),
        (
            "We currently have placements with carriers.",
            "It",
            "It currently has placements with carriers.",
        ),
        (
            "We are a leading provider of phones.",
            "Sonim Technologies",
            "Sonim Technologies is a leading provider of phones.",
        ),
        ("Our channel partners sell our phones.", "It", "Its channel partners sell its phones."),
        (
            "We deliver products and continue to lead the market.",
            "It",
            "It delivers products and continues to lead the market.",
        ),
        (
            "We may offer services that we believe are useful.",
            "It",
            "It may offer services that it believes are useful.",
        ),
        ("We acquired a distributor in 2022.", "It", "It acquired a distributor in 2022."),
        ("Sonim Technologies introduced a tablet.", "It", "It introduced a tablet."),
        (
            "Sonim Technologies' tablets are sold unbranded.",
            "It",
            "Its tablets are sold unbranded.",
        ),
        (
            "The tablet generated a portion of the Company’s revenue.",
            "It",
            "The tablet generated a portion of its revenue.",
        ),
        # Coordinated verbs agree; a modal, a relative clause or an infinitive keeps its own.
        (
            "We make, market, distribute and sell beverages.",
            "It",
            "It makes, markets, distributes and sells beverages.",
        ),
        (
            "We must continually purchase and collect receivables.",
            "It",
            "It must continually purchase and collect receivables.",
        ),
        (
            "Sonim Technologies provides a layer that lets customers build and extend teams.",
            "It",
            "It provides a layer that lets customers build and extend teams.",
        ),
        (
            "Sonim Technologies is a leading maker of phones and offer a family of tablets.",
            "It",
            "It is a leading maker of phones and offers a family of tablets.",
        ),
    ],
)
def test_third_person_with_agreement(statement, subject, expected):
    assert third_person(statement, subject, NAMES) == expected


@pytest.mark.parametrize(
    "statement",
    [
        "These customers are typically homeowners.",  # no antecedent
        "They sell phones to carriers.",
        "We and the channel partners determine pricing.",  # compound subject
        "Revenues from our top four customers were.",  # fragment
        "Channel partner marketing focuses on strategy as well as developing.",
        "We maintain patent portfolios relating to our products.",  # off-topic
        "Refer to Note 21 for segment information.",
        "Our employees are represented by unions.",
        "NetApp Subscriptions and Licensing (Keystone).",  # a heading, no verb
        "It believes that such costs are immaterial.",
        "To opportunistically acquire assets which increase our penetration in new markets.",
        "We connect customers through the power of data, artificial intelligence (.",  # cut
    ],
)
def test_statements_that_cannot_stand_alone_are_refused(statement):
    assert third_person(statement, "It", NAMES) is None


def test_grammar_helpers():
    assert join_and(["A", "B", "C"]) == "A, B and C"
    assert possessive("It") == "Its"
    assert possessive("Sonim Technologies") == "Sonim Technologies'"
    assert possessive("Amcor") == "Amcor's"


def test_balanced_ends_a_phrase_before_a_bracket_or_quote_left_open():
    assert balanced("a leader in CRM (“CRM”) technology, artificial intelligence (") == (
        "a leader in CRM (“CRM”) technology, artificial intelligence "
    )
    assert balanced("a maker of “smart devices") == "a maker of "
    assert balanced("a b (c) d") == "a b (c) d"
    assert balanced("x ) y") == "x "


def test_a_passive_span_gives_the_company_no_act_it_never_states():
    names = ["Acme Properties, Inc.", "Acme Properties", "Acme"]
    span = "A 100% excise tax is imposed on redetermined service income of a subsidiary."
    assert passive_made_active("Acme Properties imposes a 100% excise tax.", span, names)
    assert passive_made_active("The company imposes a 100% excise tax.", span, names)
    # The filer's own acts, said in the passive of itself, and spans that name it, pass.
    assert not passive_made_active(
        "It sells products through distributors.", "Products are sold through distributors.", names
    )
    assert not passive_made_active(
        "It imposes a surcharge.", "A surcharge is imposed by us on late payers.", names
    )


def test_sustainable_products_are_products_and_sustainability_programmes_are_not():
    from extractor.core.text.topics import off_topic

    assert not off_topic("We make sustainable mobility products and packaging.")
    assert off_topic("Our sustainability report describes our programmes.")
