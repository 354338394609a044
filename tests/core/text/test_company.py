def test_own_units_are_the_subsidiaries_and_opening_name_the_text_gives():
    from extractor.core.text.company import Company, own_units

    text = (
        "Item 1. Business\n\nGeneral\n\n"
        "ACME is a fully integrated owner and developer of office buildings in four markets.\n\n"
        "Acme Holdings Corporation is a holding company whose primary operating subsidiary is "
        "Acme Gas and Power Company, a public utility. Acme Holdings became the holding "
        "company of the Utility in 1997. In fiscal 2024, we acquired Roofco, a distributor. "
        "Widgetry LLC, our wholly owned subsidiary, makes parts.\n\n"
        "Rival Corp. is a competitor.\n"
    )
    assert own_units(text) == {
        "ACME",
        "Acme Gas and Power Company",
        "Utility",
        "Roofco",
        "Widgetry LLC",
    }
    acme = Company.from_text(text)
    # A statement naming a unit speaks of the company; another company's does not.
    assert acme.named_in("At year end, Roofco operated over 700 branches.")
    assert acme.named_as_word_in("The Utility’s network has 100,000 miles of lines.")
    assert not acme.named_in("Rival Corp. reported revenue of $9 billion.")
    assert not acme.named_in("The utility industry grew 3%.")  # a common noun, not the unit
