"""A word list more than one stage needs is written once, in ``core/lexicon/words.py``.

Each entry below is a fragment that only a copy of the list would contain; the test
fails when one turns up in another module of the package, so that changing what
counts as a year, a legal suffix or a first-person word stays one edit.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.core.lexicon import words as wordlists

PACKAGE = Path(wordlists.__file__).resolve().parents[2]
COPIES = {
    "a year pattern": re.compile(r"\(\?:19\|20\)\\d\\d"),
    "a list of legal suffixes": re.compile(r"N\\\.V\\\.|L\\\.P\\\.|Incorporated\|"),
    "a list of first-person words": re.compile(r"\bwe\|our\|(?:ours\|)?us\b", re.I),
    "a list of negation words": re.compile(r"never\|(?:\w+\|)*?(?:nor|none)\|"),
    "a list of modal or hedge words": re.compile(
        r"\b(?:may\|might|might\|could|could\|might|believes?\||intends?\|plans?)"
    ),
    "a list of month names": re.compile(r"January\|February\|March"),
    "a list of business verbs": re.compile(r"design\|develop|manufactures?\|provides?\|"),
}
# The reader's measure counts first-person words case by case ("US" is a country).
ALLOWED = {("a list of first-person words", "core/text/style.py")}


@pytest.mark.parametrize("what", list(COPIES))
def test_no_list_is_written_again(what: str):
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "core/lexicon/words.py" or (what, rel) in ALLOWED:
            continue
        if COPIES[what].search(path.read_text(encoding="utf-8")):
            found.append(rel)
    assert found == [], f"{what} written again in {found}: import it from core/lexicon/words.py"


def test_the_detector_sees_a_copy():
    copy = 'YEAR = re.compile(r"^(?:19|20)\\d\\d$")\nSUFFIX = r"(?:Inc\\.?|N\\.V\\.|LLC)"\n'
    copy += 'OWN = r"\\b(?:we|our|us)\\b"\n'
    copy += 'NO = r"\\b(?:not|never|none|nor|without)\\b"\n'
    copy += 'HEDGE = ("believes|intends", r"could|might|may")\n'
    copy += 'VERBS = r"(?:design|develop|manufacture|provide|sell)"\n'
    copy += 'DATE = r"(?:January|February|March|April) \\d+"\n'
    assert all(p.search(copy) for p in COPIES.values())


def test_the_lists_match_what_they_name():
    assert wordlists.IS_YEAR.match("1999") and not wordlists.IS_YEAR.match("2150")
    suffix = re.compile(rf",?\s+{wordlists.LEGAL_SUFFIX}$")
    assert all(suffix.search(n) for n in ("Acme, Inc.", "Amcor plc", "Globex N.V.", "X LLC"))
    own = re.compile(rf"\b{wordlists.FIRST_PERSON_WORDS}\b", re.I)
    assert own.search("Ours is a business") and not own.search("Usual business")
