"""The reader's measures (README, "Reader measures")."""

from __future__ import annotations

from extractor.core.text.style import fragment, near_duplicate
from extractor.evaluation.reader import reader_measures

PARAGRAPH = (
    "We sell phones to carriers. Sonim introduced a tablet product in 2022. Sonim introduced a "
    "tablet product with a large screen in 2022. Revenues from our top four customers were. "
    "We maintain patent portfolios. The company's revenue was $69.8 million in 2022 in the U.S."
)


def test_counts():
    m = reader_measures(PARAGRAPH, [["$69.8 million"], ["83%", "76%"]])
    assert m.sentences == 6
    assert m.first_person_words == 3  # We, our, We
    assert m.fragments == 1  # "... customers were."
    assert m.repeated_openers == 1  # "Sonim introduced a" twice
    assert m.near_duplicate_pairs == 1
    assert m.off_topic_sentences == 1  # patents
    assert (m.key_figures_in_prose, m.key_figures_total) == (1, 2)
    assert m.tokens > 0


def test_fragment_and_near_duplicate_rules():
    assert fragment("It sells.")  # under four words
    assert fragment("Its share of the U.")  # cut at an abbreviation
    assert not fragment("It sells phones to carriers.")
    assert near_duplicate(
        "Approximately 83% of its revenues were derived from its top four customers.",
        "In 2022, approximately 83% of its revenues were derived from its top four customers.",
    )
    assert not near_duplicate("It sells phones to carriers.", "Its revenue was $69.8 million.")
