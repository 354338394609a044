"""Company name guessing and the messages of one call (no template engine on source text)."""

from __future__ import annotations

import pytest

from extractor.core.prompts import build_messages
from extractor.core.text.company import company_head, guess_company


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Item 1.\n\nThe Company\n\nAmcor plc (ARBN 630) is a public company.", "Amcor plc"),
        ("FIRST AMERICAN SCIENTIFIC CORP. (the “Company”) was incorporated", None),
        ("The Home Depot, Inc. is the world's largest home improvement retailer.", None),
        ("We sell phones. The Company sells tablets.", "the company"),
    ],
)
def test_guess_company_skips_the_defined_term(text: str, name: str | None):
    expected = name or text.split(" (")[0].split(" is ")[0]
    assert guess_company(text) == expected


def test_company_head_is_the_distinctive_word():
    assert company_head("The Home Depot, Inc.") == "Home"
    assert company_head("NetApp, Inc.") == "NetApp"
    assert company_head("the company") == ""


def test_messages_carry_template_syntax_verbatim():
    passages = ["Revenue was {{ 7*7 }} and {% for x in y %}", "We sell phones."]
    messages = build_messages("revenue", "Sonim", passages)
    assert "[1] Revenue was {{ 7*7 }} and {% for x in y %}" in messages[1]["content"]
    assert "[2] We sell phones." in messages[1]["content"]
