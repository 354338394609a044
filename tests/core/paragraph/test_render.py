import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.core.paragraph.render import join_and, render_summary
from extractor.core.schema import Citation, Fact
from extractor.core.tokens import count_tokens

_spans = iter(range(0, 10**9, 10))


def fact(
    id_: str,
    category: str,
    statement: str,
    priority: float = 1.0,
    subject: str = "company",
    start: int | None = None,
) -> Fact:
    start = next(_spans) if start is None else start  # distinct passages unless told
    return Fact(
        id=id_,
        category=category,
        statement=statement,
        subject=subject,
        priority=priority,
        citations=[Citation(start=start, end=start + 5, quote="xxxxx", match="exact", score=100)],
    )


def test_join_and_grammar():
    assert join_and([]) == ""
    assert join_and(["A"]) == "A"
    assert join_and(["A", "B"]) == "A and B"
    assert join_and(["A", "B", "C"]) == "A, B and C"


def test_paragraph_is_one_line_in_area_order_and_traceable():
    facts = [
        fact("financing-1", "financing", "Net loss was $14.1 million in 2022."),
        fact("products-1", "products", "The company makes rugged\nphones."),
        fact("revenue-1", "revenue", "Revenue was $69.8 million in 2022."),
    ]
    s = render_summary(facts, ["channels"], token_cap=512)
    assert "\n" not in s.text
    assert s.text.startswith("The company makes rugged phones.")
    assert s.text.index("Revenue was") < s.text.index("Net loss")
    assert [x.fact_ids for x in s.sentences] == [["products-1"], ["revenue-1"], ["financing-1"], []]
    assert s.sentences[-1].not_disclosed == ["channels"]
    assert s.tokens == count_tokens(s.text) <= 512
    # Every sentence of the paragraph is one of the recorded sentences.
    assert " ".join(x.text for x in s.sentences) == s.text


def test_areas_with_nothing_verified_are_named_once_each():
    facts = [fact("products-1", "products", "The company makes rugged phones.")]
    s = render_summary(facts, ["financing", "revenue", "channels", "customers"], token_cap=512)
    assert s.sentences[-1].text == (
        "The text gives no verifiable detail on its sources of revenue, its customer base, "
        "its distribution channels and its financing."
    )


def test_only_company_facts_reach_the_paragraph():
    facts = [
        fact(
            "financing-1",
            "financing",
            "AT&T received $7 billion of FirstNet funding.",
            subject="third_party",
        ),
        fact("revenue-1", "revenue", "Revenue was $69.8 million.", subject="company"),
    ]
    s = render_summary(facts, token_cap=512)
    assert "$7 billion" not in s.text
    assert all("financing-1" not in x.fact_ids for x in s.sentences)


def test_a_figure_shared_with_another_company_and_boilerplate_stay_out():
    facts = [
        fact(
            "channels-1",
            "channels",
            "In 2022, we and The Rival Drinks Company represented approximately 20% and 21% of "
            "the beverage category.",
        ),
        fact(
            "channels-2",
            "channels",
            "Our website contains reports, proxy statements and other information.",
        ),
        fact(
            "financing-1",
            "financing",
            "Examples of forward-looking statements include statements about our financing.",
        ),
        fact("revenue-1", "revenue", "Revenue was $69.8 million in 2022."),
    ]
    s = render_summary(facts, token_cap=512)
    assert "Rival" not in s.text and "20%" not in s.text
    assert "website" not in s.text and "forward-looking" not in s.text
    assert "$69.8 million" in s.text


_WORDS = [
    *("amber", "basil", "cedar", "dahlia", "ember", "fennel", "garnet", "hazel", "indigo"),
    *("juniper", "kelp", "lilac", "maple", "nutmeg", "olive", "pepper", "quartz", "rowan"),
    *("saffron", "tansy", "umber", "violet", "willow", "yarrow", "zinnia"),
]
_WORDS = [w + suffix for suffix in ("", "ling", "wort") for w in _WORDS]  # 75 distinct


def test_cap_drops_whole_lowest_priority_sentences():
    # Distinct statements (no two near-duplicates), three per area at most.
    facts = [
        fact(
            f"{area}-{i}",
            area,
            # Financing speaks of money raised or returned ("pay dividends"), not of sales.
            f"We sell {' '.join(_WORDS[4 * i + k] for k in range(4))} goods and pay dividends.",
            priority=i / 20,
        )
        for i, area in enumerate(
            ["products", "customers", "channels", "revenue", "financing"] * 3, start=1
        )
    ]
    s = render_summary(facts, token_cap=60)
    assert s.tokens <= 60
    kept = {i for x in s.sentences for i in x.fact_ids}
    assert kept and set(s.dropped_fact_ids).isdisjoint(kept)
    # Greedy by priority: the most important sentences are kept, the least dropped.
    by_priority = sorted(facts, key=lambda f: -f.priority)
    assert {f.id for f in by_priority[:3]} <= kept
    assert by_priority[-1].id in s.dropped_fact_ids
    for x in s.sentences:  # never cut: each kept sentence is a whole statement
        assert re.fullmatch(
            r"(?:It|The company) sells (?:[a-z]+ ){4}goods and pays dividends\.", x.text
        )


def test_adversarial_fact_longer_than_the_cap_is_dropped_not_cut():
    long = "The company sells " + ", ".join(f"product {i}" for i in range(400)) + "."
    s = render_summary(
        [
            fact("products-1", "products", long),
            fact("revenue-1", "revenue", "Revenue was $5 million.", 0.1),
        ],
        token_cap=50,
    )
    assert s.tokens <= 50
    assert "products-1" in s.dropped_fact_ids
    assert s.text == "Revenue was $5 million."


def test_template_syntax_in_facts_is_plain_text():
    s = render_summary([fact("products-1", "products", "We sell {{ 7*7 }} and {% if %}.")])
    assert s.text == "The company sells {{ 7*7 }} and {% if %}."


@settings(max_examples=60, deadline=None)
@given(
    statements=st.lists(st.text(min_size=1, max_size=300), min_size=0, max_size=12),
    cap=st.integers(min_value=1, max_value=200),
)
def test_paragraph_never_exceeds_the_cap(statements, cap):
    facts = [
        fact(f"products-{i}", "products", t, priority=(i * 7) % 5) for i, t in enumerate(statements)
    ]
    s = render_summary(facts, token_cap=cap)
    assert s.tokens <= cap
    assert "\n" not in s.text


def test_unknown_tokenizer_is_a_clear_error():
    from extractor.errors import ExtractorError

    with pytest.raises(ExtractorError, match="unknown tokenizer"):
        render_summary([], tokenizer="nope")


def test_same_passage_under_two_areas_is_said_once_and_traces_to_both():
    a = fact("revenue-1", "revenue", "Top four customers gave 83% of revenue.", start=7)
    b = fact("customers-1", "customers", "The top four customers made up 83% of revenue.", start=9)
    s = render_summary([a, b], token_cap=512)
    assert len(s.sentences) == 1
    assert sorted(s.sentences[0].fact_ids) == ["customers-1", "revenue-1"]


def test_identical_sentences_are_said_once():
    a = fact("products-1", "products", "The company's market is underserved.")
    b = fact("products-2", "products", "The company's market is underserved.", priority=0.5)
    s = render_summary([a, b], token_cap=512)
    assert [x.fact_ids for x in s.sentences] == [["products-1", "products-2"]]


def test_statements_that_cannot_stand_alone_stay_out():
    facts = [
        fact("products-1", "products", "We sell rugged phones to utilities."),
        fact("products-2", "products", "These customers are typically homeowners."),
        fact("products-3", "products", "We maintain patent portfolios relating to our products."),
        fact("products-4", "products", "Revenues from our top four customers were."),
        fact("customers-1", "customers", "Data is the lifeblood of an organization."),
    ]
    s = render_summary(facts, token_cap=512)
    assert s.text == "The company sells rugged phones to utilities."


def test_third_parties_facts_and_first_person_never_reach_the_paragraph():
    facts = [
        fact("revenue-1", "revenue", "We sell devices through our carriers and we expect growth."),
        fact("financing-1", "financing", "AT&T got $7 billion.", subject="third_party"),
    ]
    s = render_summary(facts, token_cap=512)
    assert s.text == "The company sells devices through its carriers and it expects growth."


def test_what_may_be_is_left_out_and_what_is_stays():
    facts = [
        fact("financing-1", "financing", "We may potentially dilute our equity securities."),
        fact("financing-2", "financing", "We face cash needs which may slow our growth."),
    ]
    s = render_summary(facts, token_cap=512)
    assert "dilute" not in s.text
    assert "The company faces cash needs which may slow its growth." in s.text


def test_a_statement_cut_short_of_its_span_is_said_in_the_span_s_words():
    span = (
        "Our credit facility imposes certain restrictive covenants, including financial covenants."
    )
    cut = Fact(
        id="financing-1",
        category="financing",
        statement="Our credit facility imposes certain restrictive covenants, including financial.",
        subject="company",
        priority=1.0,
        citations=[Citation(start=0, end=len(span), quote=span, match="exact", score=100)],
    )
    text = render_summary([cut], token_cap=512).text
    assert text == (
        "The company's credit facility imposes certain restrictive covenants, including "
        "financial covenants."
    )
