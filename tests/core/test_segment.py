from extractor.core.segment import split_sentences


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
