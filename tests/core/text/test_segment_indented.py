"""The indented, two-spaces, 60-66-column plain-text form of 1990s EDGAR filings.

Paragraphs open with an indented line, sentences are separated by two spaces,
prose is wrapped raggedly at 60 to 66 columns, and column tables run wider than
the prose. Written for this test; no filing's words.
"""

from __future__ import annotations

import textwrap

from extractor.core.text.segment import split_sentences, wrap_width

PARAGRAPHS = [
    "The Company designs, manufactures and sells industrial pumps and valves to "
    "municipal water utilities and to chemical processors.  Net sales in fiscal 1996 "
    "were $84.2 million, compared with $79.5 million in fiscal 1995.  Approximately 38% "
    "of net sales were made to the five largest customers.",
    "Products are sold through a network of 120 independent distributors in North "
    "America and through a direct sales force of 35 employees.  The Company also sells "
    "replacement parts directly to end users.",
    "The Company financed its 1996 capital expenditures from operations and borrowings "
    "under a $25 million revolving credit agreement with two banks.  At year end, $8.0 "
    "million was outstanding under the agreement.",
]
TABLE = (
    "                                          1996          1995          1994\n"
    "                                        --------      --------      --------\n"
    "     Pumps..............................  $ 52,104      $ 49,820      $ 44,310\n"
    "     Valves.............................    32,096        29,680        27,115\n"
    "                                        --------      --------      --------\n"
    "     Total net sales....................  $ 84,200      $ 79,500      $ 71,425"
)
SENTENCES_PER_ROUND = 7


def _filing(rounds: int = 6) -> str:
    parts = []
    for _ in range(rounds):
        for width, paragraph in zip((60, 63, 66), PARAGRAPHS, strict=True):
            parts.append("\n".join(textwrap.wrap(paragraph, width=width, initial_indent="    ")))
        parts.append(TABLE)
    return "\n".join(parts) + "\n"


def test_the_wrap_width_is_the_prose_s_not_the_tables():
    assert wrap_width(_filing()) in range(60, 67)


def test_ragged_indented_paragraphs_are_reflowed_into_whole_sentences():
    text = _filing()
    prose = [s for s in split_sentences(text) if "...." not in s.text and "----" not in s.text]
    sentences = [" ".join(s.text.split()) for s in prose if "1996  " not in s.text]
    expected = [
        " ".join(part.split())
        for paragraph in PARAGRAPHS
        for part in paragraph.replace(".  ", ".\n").splitlines()
    ]
    assert sentences == expected * 6
    assert len(expected) == SENTENCES_PER_ROUND


def test_offsets_are_exact_and_table_rows_stay_apart():
    text = _filing()
    found = split_sentences(text)
    for s in found:
        assert text[s.start : s.end] == s.text
    rows = [s.text for s in found if s.text.startswith(("Pumps", "Valves", "Total net sales"))]
    assert len(rows) == 3 * 6
    assert all("\n" not in row for row in rows)
