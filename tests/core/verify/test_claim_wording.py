"""Wording checks on single statements (pure)."""

from __future__ import annotations

from extractor.core.verify.claim_wording import (
    clean_names,
    control_characters,
    has_markup,
    names_not_in_span,
    negation_unsupported,
)

SPAN = "The Company owns the patented kinetic disintegration system called the KDS Micronex System."


def test_negation_the_span_does_not_have():
    assert negation_unsupported("The Company does not and never will own the KDS system.", SPAN)
    assert not negation_unsupported("The Company owns the KDS Micronex System.", SPAN)
    assert not negation_unsupported(
        "The company does not sell directly.", "We do not sell directly to consumers."
    )
    assert not negation_unsupported("See Note No. 5 on leases.", "Leases are in Note 5.")


def test_names_the_span_does_not_contain():
    company = "FIRST AMERICAN SCIENTIFIC CORP."
    assert names_not_in_span("Honeywell International owns the KDS system.", SPAN, company, SPAN)
    assert not names_not_in_span("The company owns the KDS Micronex System.", SPAN, company, SPAN)
    # The company's own name may stand for "we"; acronyms of the span's words are its words.
    assert not names_not_in_span("First American owns the KDS system.", SPAN, company, SPAN)
    assert not names_not_in_span(
        "Mr. Delia is the CEO.", "Mr. Delia, Chief Executive Officer", "Amcor plc", ""
    )
    # An ordinary word starting the sentence is not a name.
    src = SPAN + " The patented system is sold to mills."
    assert not names_not_in_span("Patented equipment is sold.", SPAN, company, src)


def test_look_alike_names_are_names_the_span_does_not_contain():
    company = "FIRST AMERICAN SCIENTIFIC CORP."
    span = "The Company sells the KDS Micronex System to Honeywell and to mills."
    # Cyrillic М, Greek Ο, Cyrillic о, fullwidth Ｋ: each reads as a name of the span.
    for planted in ("\u041cicronex", "H\u039fNEYWELL", "Honeyw\u0435ll", "\uff2bDS"):
        statement = f"The company sells the {planted} System."
        assert names_not_in_span(statement, span, company, span) == [planted], planted
    # Mixed scripts are refused even in lower case, where no name is looked for.
    assert names_not_in_span("The company sells to m\u0456lls.", span, company, span)
    # A word of one script, accented or composed differently, is still the span's word.
    assert not names_not_in_span(
        "The company sells to Nestle\u0301.", "We sell to Nestl\u00e9.", ""
    )
    assert not names_not_in_span("The company sells to Honeywell.", span, company, span)


def test_markup_and_control_characters():
    assert has_markup("Revenue grew <img src=x onerror=alert(1)>")
    assert has_markup("</textarea><script>alert(1)</script>")
    assert not has_markup("Revenue grew 5% (less than 2023's 7%) and margins > 10%.")
    assert control_characters("a\x00b\u202ec\u2028d") == ["U+0000", "U+202E", "U+2028"]
    assert control_characters("tab\tand newline\n") == []
    # A soft hyphen the span has is allowed; a bidi override never is.
    assert control_characters("co\u00adoperate", allowed="\u00ad") == []
    assert control_characters("\u202e", allowed="\u202e") == ["U+202E"]
    assert clean_names(["KDS", "<b>x</b>", "A\u202eB"]) == ["KDS"]
