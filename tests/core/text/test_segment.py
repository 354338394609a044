from bench.selection_recall import hard_wrap
from extractor.core.text.segment import split_sentences


def test_offsets_index_the_original_text(sonm_text):
    sentences = split_sentences(sonm_text)
    assert len(sentences) > 100
    for s in sentences:
        assert sonm_text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_bullets_and_table_rules_split_and_headings_tracked():
    text = (
        "Customers\n"
        "We sell to carriers. We also sell online.\n"
        "● | Rugged phones for workers\n"
        "--+---\n"
        "12\n"
    )
    sentences = split_sentences(text)
    texts = [s.text for s in sentences]
    assert texts == [
        "Customers",
        "We sell to carriers.",
        "We also sell online.",
        "Rugged phones for workers",
    ]
    assert sentences[0].is_heading
    assert all(s.heading == "Customers" for s in sentences)


def test_hard_wrapped_paragraphs_are_reflowed_with_exact_offsets(sonm_text):
    wrapped = hard_wrap(sonm_text, 70)
    lines = [line for line in wrapped.splitlines() if line.strip()]
    assert sum(len(line) > 100 for line in lines) < 0.02 * len(lines)
    flat = [(s.start, s.end) for s in split_sentences(sonm_text)]
    sentences = split_sentences(wrapped)
    for s in sentences:
        assert wrapped[s.start : s.end] == s.text
    # Re-flowed, the wrapped text is cut where the unwrapped one is: whole sentences,
    # not a subject on one line and half a predicate on the next.
    same = len(set(flat) & {(s.start, s.end) for s in sentences})
    assert same >= 0.97 * len(flat)


def test_wrapped_sentence_spans_its_lines():
    body = (
        "The Company designs and sells rugged mobile phones to enterprise and public\n"
        "sector customers in the United States, and it sells them through wireless\n"
        "carriers and distributors.  Sales to its two largest carriers accounted for\n"
        "62% of net revenues in 1998.\n"
    )
    text = "ITEM 1.  BUSINESS\n\nGeneral\n\n" + body * 8
    sentences = [s for s in split_sentences(text) if not s.is_heading]
    assert sentences[0].text.startswith("The Company designs")
    assert sentences[0].text.endswith("carriers and distributors.")
    assert "\n" in sentences[0].text
    assert sentences[1].text == (
        "Sales to its two largest carriers accounted for\n62% of net revenues in 1998."
    )
    assert all(s.heading == "General" for s in sentences)


def test_wrapped_text_keeps_bullets_and_column_tables_apart():
    prose = (
        "The Company markets its products through a direct sales force and a network of\n"
        "independent distributors in North America, Europe and Asia, as described below.\n"
    ) * 12
    table = (
        "                               1998        1997        1996\n"
        "Net sales                   $ 45,210    $ 39,877    $ 31,002\n"
        "Net loss                    $ (2,114)   $ (3,870)   $ (4,551)\n"
    )
    bullets = "* Rugged handsets for field workers\n* Accessories and spare parts\n"
    text = prose + "\n" + table + "\n" + bullets
    texts = [s.text for s in split_sentences(text)]
    assert "Net sales                   $ 45,210    $ 39,877    $ 31,002" in texts
    assert "Rugged handsets for field workers" in [t.lstrip("* ") for t in texts]
    assert not any("Net sales" in t and "Net loss" in t for t in texts)


def test_figure_rows_are_not_headings():
    text = (
        "Operating Revenues\nTotal operating revenues $ 15,060 $ 15,131 $ 13,858\nResidential 45%\n"
    )
    sentences = split_sentences(text)
    assert sentences[0].is_heading
    assert [s.is_heading for s in sentences[1:]] == [False, False]
    assert sentences[1].heading == "Operating Revenues"


def test_numbered_reference_does_not_end_a_sentence():
    text = "For segment data, refer to Item 7. Management's Discussion and Analysis of it.\n"
    assert [s.text for s in split_sentences(text)] == [text.strip()]


def test_a_line_without_sentence_ends_is_cut_into_bounded_passages():
    # Issue 25 item 9: 200 KB on one line, no newline and no period, was one "sentence",
    # sent whole to the model and re-read per item when the record was built.
    from extractor.core.text.segment import MAX_SENTENCE_CHARS

    words = "our products are sold to customers through distributors and retailers "
    text = (words * (200_000 // len(words) + 1))[:200_000]
    sentences = split_sentences(text)
    assert len(sentences) >= 200_000 // MAX_SENTENCE_CHARS
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert len(s.text) <= MAX_SENTENCE_CHARS
        assert not s.text[0].isspace() and not s.text[-1].isspace()
    # Cut at spaces: no word is split between two passages.
    assert all(text[s.end] == " " for s in sentences[:-1])
    # A run with no space at all is still cut.
    solid = split_sentences("x" * 5_000)
    assert [len(s.text) for s in solid] == [2_000, 2_000, 1_000]
