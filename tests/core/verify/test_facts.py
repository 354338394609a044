import pytest

from extractor.core.text.company import Company
from extractor.core.verify.drafts import DraftFact, DraftFacts, Grounding, draft_model_for
from extractor.core.verify.facts import AreaInput, number_facts, verify_area

NETAPP = Company.named("NetApp, Inc.")

SOURCE = (
    "Overview\n"
    "For the years ended December 31, 2022 and 2021, our revenue was $69.8 million and "
    "$54.6 million, respectively. In 2022, 42% of our revenues were from our new tablet "
    "product that had only one customer. AT&T received $7 billion of FirstNet funding.\n"
)


def _window(text: str) -> tuple[int, int]:
    start = SOURCE.index(text)
    return start, start + len(text)


WINDOWS = [_window("For the years"), _window("In 2022, 42%"), _window("AT&T received")]
WINDOWS = [
    (s, SOURCE.index(". ", s) + 1 if ". " in SOURCE[s:] else SOURCE.index(".\n", s) + 1)
    for s, _ in WINDOWS
]


def draft(quote: str, statement: str, subject: str = "company", names=()) -> DraftFact:
    return DraftFact(quote=quote, statement=statement, subject=subject, names=list(names))


def verify(*drafts: DraftFact):
    return verify_area(SOURCE, AreaInput("revenue", drafts, WINDOWS, [1.0] * len(drafts)), 1.0)


def test_exact_quote_becomes_a_cited_fact_with_typed_figures():
    facts, rejected = verify(
        draft(
            "our revenue was $69.8 million and $54.6 million",
            "Revenue was $69.8 million in 2022 and $54.6 million in 2021",
        )
    )
    assert not rejected
    (f,) = number_facts(facts)
    c = f.citations[0]
    assert SOURCE[c.start : c.end] == c.quote and c.match == "exact"
    assert f.fields.amounts == ["$69.8 million", "$54.6 million"]
    assert f.id == "revenue-1" and f.statement.endswith(".")


def test_figure_not_in_the_quote_is_rejected():
    # Statement drifts to a figure from the next sentence.
    facts, rejected = verify(draft("our revenue was $69.8 million", "Tablets were 42% of revenue."))
    assert not facts
    assert "42%" in rejected[0].reason


def test_invented_quote_is_rejected():
    facts, rejected = verify(draft("Revenue grew to $9 trillion", "Revenue was $9 trillion."))
    assert not facts and "not found" in rejected[0].reason


def test_passage_label_and_whitespace_noise_are_tolerated():
    facts, _ = verify(
        draft(
            "[2] In 2022,  42% of our revenues   were from our new tablet product",
            "The tablet produced 42% of 2022 revenue.",
        )
    )
    assert facts and facts[0].citations[0].match in ("exact", "normalized")


def test_names_absent_from_the_quote_are_dropped():
    facts, _ = verify(
        draft(
            "42% of our revenues were from our new tablet product",
            "Tablets made 42% of revenue.",
            names=["tablet product", "Zune"],
        )
    )
    assert facts[0].fields.segments == ["tablet product"]


def test_duplicate_citations_are_merged():
    d = draft("our revenue was $69.8 million", "Revenue was $69.8 million.")
    facts, rejected = verify(d, d)
    assert len(facts) == 1 and rejected[0].reason.startswith("duplicate")


def test_subject_is_recorded():
    facts, _ = verify(
        draft(
            "AT&T received $7 billion of FirstNet funding",
            "AT&T received $7 billion.",
            subject="third_party",
        )
    )
    assert facts[0].subject == "third_party"


def test_validator_raises_for_reask_only_inside_grounding():
    bad = {
        "facts": [
            {
                "quote": "not in the text at all, invented by the model here",
                "statement": "x",
                "subject": "company",
            }
        ]
    }
    DraftFacts.model_validate(bad)  # outside a call: no grounding, no error
    draft_model_for("revenue").model_validate(bad)
    grounded = draft_model_for("revenue", Grounding(SOURCE, tuple(WINDOWS)))
    with pytest.raises(ValueError, match="fact 1: quote not found"):
        grounded.model_validate(bad)
    # The schema the model is sent does not carry the grounding.
    assert grounded.model_json_schema() == draft_model_for("revenue").model_json_schema()


def test_short_quote_is_widened_to_its_passage_when_the_figures_are_there():
    facts, rejected = verify(
        draft("our revenue was $69.8 million", "Revenue was $69.8 million in 2022.")
    )
    assert not rejected
    c = facts[0].citations[0]
    assert c.quote.startswith("For the years ended December 31, 2022")
    assert SOURCE[c.start : c.end] == c.quote


def test_company_label_needs_a_span_that_speaks_of_the_company():
    # "AT&T received ..." never names the company: not the company's fact, whatever the model says.
    facts, _ = verify(
        draft(
            "AT&T received $7 billion of FirstNet funding",
            "AT&T received $7 billion of FirstNet funding.",
            subject="company",
        )
    )
    assert facts[0].subject == "third_party"
    # Said of the company, the same figure is a false statement, not a relabelled fact.
    facts, rejected = verify(
        draft(
            "AT&T received $7 billion of FirstNet funding",
            "The company received $7 billion.",
            subject="company",
        )
    )
    assert not facts and "credits the company" in rejected[0].reason
    facts, _ = verify(draft("our revenue was $69.8 million", "Revenue was $69.8 million."))
    assert facts[0].subject == "company"


def test_statement_unrelated_to_its_quote_is_restated_as_its_passage():
    # The model's words are rejected (and kept for audit); what it cited is the fact.
    facts, rejected = verify(
        draft(
            "our revenue was $69.8 million",
            "Sonim believes this market is underserved by costly devices.",
        )
    )
    assert "not supported" in rejected[0].reason and "restated" in rejected[0].reason
    (f,) = facts
    c = f.citations[0]
    assert SOURCE[c.start : c.end] == c.quote == f.statement and c.match == "passage"
    assert "$69.8 million" in f.statement and "underserved" not in f.statement


def test_a_bent_statement_is_restated_only_when_its_passage_is_the_company_s():
    source = (
        "For the years ended December 31, 2022 and 2021, our revenue was $69.8 million "
        "and $54.6 million, respectively. AT&T received $7 billion of FirstNet funding."
    )
    cut = source.index(" AT&T")
    windows = [(0, cut), (cut + 1, len(source))]
    cases = [
        # (passage, quote, the model's bent statement)
        (
            1,
            "our revenue was $69.8 million and $54.6 million",
            "Revenue increased from $54.6 million in 2021 to $69.8 million in 2022.",
        ),
        # Someone else's sentence is not restated as a fact, whatever the model wrote.
        (2, "AT&T received $7 billion", "AT&T received $7 billion of funding from no one."),
    ]
    (facts, rejected), (others, other_rejected) = (
        verify_area(
            source,
            AreaInput(
                "revenue",
                [DraftFact(passage=n, quote=q, statement=s, subject="company")],
                windows,
                [1.0],
            ),
            1.0,
            Company.named("Sonim Technologies, Inc."),
        )
        for n, q, s in cases
    )
    assert "up or down" in rejected[0].reason and "restated" in rejected[0].reason
    assert facts[0].statement == source[:cut] and "increase" not in facts[0].statement
    assert facts[0].fields.amounts == ["$69.8 million", "$54.6 million"]
    assert not others and "restated" not in other_rejected[0].reason


def test_segment_figures_stay_the_company_s_and_figure_free_spans_keep_the_label():
    from extractor.core.verify.facts import mentions_company

    assert mentions_company(
        "In fiscal year 2023, Flexibles accounted for approximately 76% of consolidated net sales.",
        Company.named("Amcor plc"),
    )
    assert not mentions_company(
        "certain major LMR providers have historically achieved over "
        "$3.0 billion in annual revenue",
        Company.named("Sonim Technologies, Inc."),
    )
    assert mentions_company(
        "Sales offices are located throughout Europe.", Company.named("Amcor plc")
    )


def test_direction_words_must_be_in_the_passage():
    from extractor.core.verify.facts import direction_unsupported

    passage = "we had net losses of $14.1 million and $38.6 million in 2022 and 2021, respectively"
    assert direction_unsupported("Net loss increased from $38.6 million to $14.1 million.", passage)
    assert not direction_unsupported("Net losses were $14.1 million in 2022.", passage)
    grew = "revenue grew 10% to $5 million"
    assert not direction_unsupported("Revenue grew to $5 million.", grew)


def test_a_third_partys_plan_is_not_the_companys_fact():
    from extractor.core.verify.facts import mentions_company

    span = (
        "The initial runs have all been successful, and the customer is now developing a product."
    )
    assert not mentions_company(span, Company.named("First American Scientific Corp."))
    assert mentions_company(
        "The System consists of a drying chamber.", Company.named("First American Corp.")
    )
    assert mentions_company(
        "Our customer imports the tablets.", Company.named("Sonim Technologies, Inc.")
    )


def test_statements_cut_off_mid_sentence_are_detected():
    from extractor.core.verify.facts import looks_truncated

    assert looks_truncated("We expect revenues to stay concentrated among our top customers, and.")
    assert looks_truncated("Our marketing consists of product marketing and")
    assert not looks_truncated("Our net loss was $14.1 million and $38.6 million.")


def test_a_note_whose_quote_strays_is_cited_to_its_own_numbered_passage():
    from extractor.core.verify.drafts import DraftFact
    from extractor.core.verify.facts import AreaInput, verify_area

    source = "We sell phones through carriers. We also sell through distributors in Europe."
    windows = [(0, 32), (33, len(source))]
    # Note 2's quote repeats passage 1, but its statement is about passage 2.
    draft = DraftFact(
        passage=2,
        quote="We sell phones through carriers",
        statement="The company sells through distributors in Europe.",
        subject="company",
    )
    facts, rejected = verify_area(source, AreaInput("channels", [draft], windows, [1.0]), 1.0)
    assert not rejected
    (c,) = facts[0].citations
    assert (c.start, c.end, c.match) == (33, len(source), "passage")
    assert source[c.start : c.end] == c.quote


def test_long_or_trailing_statements_are_clipped_at_a_clause_never_inside_a_list():
    from extractor.core.verify.facts import clip_statement

    long = (
        "Sonim made a one-time payment to Ericsson to partially settle royalty arrears and is "
        "obligated to pay Ericsson single-digit U.S. dollar amounts per unit, which amounts are "
        "based on the particular product sold and the standards with which such products are "
        "compliant, and quarterly payments covering the remaining arrears over two years."
    )
    clipped = clip_statement(long)
    assert clipped.endswith("compliant.") and len(clipped.split()) <= 45
    assert clip_statement("Revenue is concentrated among our top customers, and.") == (
        "Revenue is concentrated among our top customers."
    )
    # A list cut short would claim a complete list: kept as is (and rejected later).
    cut_list = "Our marketing efforts consist of product marketing, carrier marketing and."
    assert clip_statement(cut_list) == cut_list
    assert clip_statement("Sales were $5 million.") == "Sales were $5 million."


def test_a_clipped_statement_becomes_a_fact():
    long_statement = (
        "For the years ended December 31, 2022 and 2021, our revenue was $69.8 million and "
        "$54.6 million, respectively, which reflects the sales of rugged phones to carriers in "
        "the United States and Canada and accessories sold alongside them through the same "
        "carriers and through distributors and resellers in other markets worldwide."
    )
    facts, rejected = verify(draft("our revenue was $69.8 million", long_statement))
    assert not rejected, rejected
    assert facts[0].statement.endswith("$54.6 million, respectively.")


def test_a_note_pairing_one_passage_s_quote_with_another_s_statement_is_detected():
    from extractor.core.verify.facts import drifted_passage

    source = (
        "Sales through our indirect channels represented 77% of our net revenues. "
        "We generally enter into confidentiality agreements with our employees and resellers."
    )
    windows = [(0, 72), (73, len(source))]
    shifted = DraftFact(
        passage=1,
        quote="Sales through our indirect channels represented 77%",
        statement="The company enters into confidentiality agreements with employees.",
        subject="company",
    )
    assert drifted_passage(shifted, source, windows, NETAPP) == 0
    fine = shifted.model_copy(
        update={"statement": "Indirect channels represented 77% of net revenues."}
    )
    assert drifted_passage(fine, source, windows, NETAPP) is None
    empty = shifted.model_copy(update={"statement": ""})
    assert drifted_passage(empty, source, windows, NETAPP) is None


def test_a_statement_shifted_by_one_note_is_cited_to_the_passage_that_supports_it():
    source = (
        "Our partnerships with leading cloud providers are created with one goal. "
        "We work with technology partners, value-added resellers and distributors."
    )
    windows = [(0, 72), (73, len(source))]
    # Note 1 quotes passage 1 but states passage 2; nothing in passage 1 supports it.
    shifted = DraftFact(
        passage=1,
        quote="Our partnerships with leading cloud providers",
        statement="NetApp works with technology partners, value-added resellers and distributors.",
        subject="company",
    )
    facts, rejected = verify_area(
        source, AreaInput("channels", [shifted], windows, [1.0]), 1.0, NETAPP
    )
    assert not rejected
    (c,) = facts[0].citations
    assert (c.start, c.end, c.match) == (73, len(source), "passage")


def test_a_statement_crediting_the_company_with_a_third_party_figure_is_rejected():
    source = (
        "Competition is intense. For example, certain major LMR providers have historically "
        "achieved over $3.0 billion in annual revenues from device sales."
    )
    windows = [(0, 23), (24, len(source))]
    misattributed = DraftFact(
        passage=2,
        quote="certain major LMR providers have historically achieved",
        statement="Sonim has historically achieved over $3.0 billion in annual revenues.",
        subject="company",
    )
    honest = misattributed.model_copy(
        update={"statement": "Major LMR providers achieved over $3.0 billion in annual revenues."}
    )
    facts, rejected = verify_area(
        source,
        AreaInput("revenue", [misattributed, honest], windows, [1.0, 1.0]),
        1.0,
        Company.named("Sonim Technologies, Inc."),
    )
    assert "credits the company" in rejected[0].reason
    assert [f.subject for f in facts] == ["third_party"]
    assert facts[0].statement.startswith("Major LMR providers")


def test_problems_are_codes_and_what_may_be_restated_is_said_by_the_code():
    # Rewording a message changes what rejected[] says, never what is restated.
    from extractor.core.verify.facts import CITATION_CHECKS, STATEMENT_CHECKS
    from extractor.core.verify.problems import Problem
    from extractor.core.verify.restate import restatable

    assert all(isinstance(p, Problem) for p, _ in (*STATEMENT_CHECKS, *CITATION_CHECKS))
    assert restatable([Problem.DIRECTION, Problem.NAMES_ADDED])
    assert not restatable([Problem.DIRECTION, Problem.OTHER_PARTY])
    assert not restatable([Problem.DIRECTION.message])  # a message is not a code
    assert not restatable(["quote not found in the passages: 'x'"])
    assert len({p.message for p in Problem}) == len(Problem)
