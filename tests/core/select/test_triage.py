"""Triage labels: one token's candidates read as the six labels' shares."""

from __future__ import annotations

import pytest

from extractor.core.select.triage import LABELS, label_of, triage_messages, verdict_from


@pytest.mark.parametrize(
    ("token", "label"),
    [
        ("revenue", "revenue"),
        (" re", "revenue"),
        ("product", "products"),
        ("Channels", "channels"),
        ("fin", "financing"),
        ("none", "none"),
        ("r", None),  # one letter says nothing
        ("employees", None),
        ("{", None),
    ],
)
def test_a_token_counts_for_the_label_it_begins(token, label):
    assert label_of(token) == label


def test_shares_sum_the_spellings_of_a_label_and_ignore_other_words():
    v = verdict_from({"channels": 0.5, " channel": 0.2, "products": 0.2, "employees": 0.1})
    assert v.usable
    assert v.shares["channels"] == pytest.approx(0.7 / 0.9)
    assert v.areas(0.1) == ("channels", "products")
    assert v.share("channels") > v.share("products") > v.share("revenue") == 0


def test_an_answer_without_a_label_is_unusable():
    assert not verdict_from({"{": 1.0}).usable
    assert not verdict_from({}).usable
    assert verdict_from({"{": 1.0}).areas() == ()


def test_none_is_no_area():
    assert verdict_from({"none": 0.9, "revenue": 0.1}).areas(0.2) == ()
    assert LABELS["none"] is None


def test_every_passage_shares_the_same_prefix_so_the_server_reuses_its_cache():
    a = triage_messages("Acme Inc.", "We sell pumps.")
    b = triage_messages("Acme Inc.", "Revenue was $5 million.")
    assert a[:-1] == b[:-1] and a[-1] != b[-1]
    assert a[-1]["content"].endswith("We sell pumps.")
    # The document's text is only ever the last message's content, never in the examples.
    assert all("We sell pumps." not in m["content"] for m in a[:-1])
