from extractor.core.schema import CATEGORIES
from extractor.core.select.rank import select_candidates
from extractor.core.text.segment import split_sentences


def _picked(text: str, area: str, **kw) -> list[str]:
    return [c.sentence.text for c in select_candidates(split_sentences(text), **kw)[area]]


def test_every_area_gets_bounded_candidates_in_document_order(sonm_text):
    selected = select_candidates(
        split_sentences(sonm_text), per_area=6, max_chars=3000, max_per_area=8
    )
    for area in CATEGORIES:
        cands = selected[area]
        assert 0 < len(cands) <= 8  # opening sentences included, capped
        starts = [c.sentence.start for c in cands]
        assert starts == sorted(starts)


def test_key_sentences_are_selected(sonm_text):
    assert any("our revenue was $69.8 million" in t for t in _picked(sonm_text, "revenue"))
    assert any("83% and 76%" in t for t in _picked(sonm_text, "customers"))
    # Opening self-description is offered to products even without keyword weight.
    assert any(t.startswith("We are a leading provider") for t in _picked(sonm_text, "products"))


def test_selection_is_deterministic(sonm_text):
    a = select_candidates(split_sentences(sonm_text))
    b = select_candidates(split_sentences(sonm_text))
    assert {k: [c.sentence.index for c in v] for k, v in a.items()} == {
        k: [c.sentence.index for c in v] for k, v in b.items()
    }


def test_self_descriptions_with_the_company_name_are_offered_to_products():
    from extractor.core.text.segment import split_sentences as split

    text = (
        "Overview\n\nNetApp provides software, systems and cloud services to organizations. "
        "The weather was fine. NetApp's storage runs everywhere.\n"
    )
    selected = select_candidates(split(text), company="NetApp, Inc.")
    texts = [c.sentence.text for c in selected["products"]]
    assert any(t.startswith("NetApp provides") for t in texts)


def test_what_the_company_is_is_offered_even_beside_where_it_was_incorporated():
    text = (
        "ITEM 1. BUSINESS\n\nAcme Holdings Corporation, incorporated in Ohio in 1995, is a "
        "holding company whose primary operating subsidiary is a regional gas utility. "
        "Acme Holdings Corporation's telephone number is (555) 123-4567. "
        "This is a combined annual report of Acme Holdings Corporation and the utility. "
        "The utility was incorporated in Ohio in 1905.\n"
    )
    offered = _picked(text, "products", company="Acme Holdings Corporation")
    assert any("is a holding company" in t for t in offered)
    everywhere = {
        c.sentence.text
        for cs in select_candidates(split_sentences(text), company="Acme").values()
        for c in cs
    }
    assert not any("telephone number" in t or "combined annual report" in t for t in everywhere)
    assert not any(t.startswith("The utility was incorporated") for t in everywhere)


def test_an_opening_that_also_says_what_the_company_does_is_not_boilerplate():
    from extractor.core.select.rank import opening_sentences

    body = [
        s
        for s in split_sentences(
            "Overview\n\nZeta Corp., a Texas corporation, was organized in 1978, and through "
            "its subsidiaries we engage in the property insurance business. Zeta Corp. is a "
            "corporation formed under the laws of the State of Ohio.\n"
        )
        if not s.is_heading
    ]
    opened = [s.text for s in opening_sentences(body)]
    assert any("we engage in the property insurance business" in t for t in opened)
    assert not any("formed under the laws" in t for t in opened)


def test_headline_figures_are_offered_whatever_the_filer_calls_its_revenue():
    plain = " ".join(f"The weather in town {n} was mild and the river was calm." for n in range(60))
    busy = " ".join(
        f"Revenue from segment {n} includes subscription revenue, license revenue, royalty "
        "revenue and fee revenue, and sales of reportable segment services generate revenue."
        for n in range(15)
    )
    filler = f"{plain} {busy}"
    text = (
        f"Overview\n\n{filler} For the years ended September 30, 2005 and 2004, our finance "
        "income was approximately $69.5 million and $51.2 million, respectively, and our net "
        "income was approximately $31.0 million and $22.2 million, respectively. Net operating "
        "loss carryforwards of $7.3 million expire in 2020.\n"
    )
    headline = "our finance income was approximately $69.5 million"
    assert any(headline in t for t in _picked(text, "revenue"))
    assert any(headline in t for t in _picked(text, "financing"))
    assert not any("carryforwards" in t for t in _picked(text, "revenue"))


def test_the_pool_reads_every_sentence_stating_millions_whatever_its_area_words():
    from extractor.core.select.rank import large_amount, pool_passages

    filler = [
        f"We sell widgets and gadgets to customers through distributors in region {n}."
        for n in range(40)
    ]
    deep = "The eleven projects carry an estimated total investment of about $2.6 billion."
    text = "\n\n".join([*filler, deep, "Our office in Ohio has a small lobby and a garden."])
    sentences = split_sentences(text)
    pooled = {p.sentence.text for p in pool_passages(sentences, 2)}
    assert deep in pooled
    assert large_amount(deep) and not large_amount("We have 40 stores and 12% of sales.")
