"""A quote from one sentence with the next sentence's statement (pure: drafts by hand)."""

from __future__ import annotations

from extractor.core.text.company import Company
from extractor.core.text.neighbours import around
from extractor.core.verify.drafts import DraftFact
from extractor.core.verify.facts import AreaInput, verify_area

SOURCE = (
    "FIRST AMERICAN SCIENTIFIC CORP. (the “Company”) was incorporated in 1995. The Company "
    "owns the patented kinetic disintegration system called the KDS Micronex System and two "
    "additional process patents using the equipment. One other process patent application is "
    "pending. The System consists of a drying chamber."
)
OWNS = "The Company owns the patented kinetic disintegration system"


def _verify(statement: str):
    draft = DraftFact(quote=OWNS, statement=statement, subject="company")
    start = SOURCE.index(OWNS)
    window = (start, SOURCE.index(".", SOURCE.index("equipment")) + 1)
    item = AreaInput("products", [draft], [window], [1.0])
    return verify_area(SOURCE, item, 1.0, Company.named("FIRST AMERICAN SCIENTIFIC CORP."))


def test_the_next_sentence_s_statement_is_rejected():
    facts, rejected = _verify("One other process patent application is pending.")
    assert not facts
    assert "next to its quote" in rejected[0].reason


def test_the_quoted_sentence_s_own_statement_is_kept():
    facts, _ = _verify("The company owns the KDS Micronex System and two process patents.")
    assert len(facts) == 1


def test_around_finds_the_sentence_and_its_neighbours():
    start = SOURCE.index(OWNS)
    own, neighbours = around(SOURCE, start, start + len(OWNS))
    assert own.startswith(" The Company owns") and own.endswith("equipment.")
    assert neighbours[0].endswith("in 1995.")
    assert neighbours[1].strip() == "One other process patent application is pending."
