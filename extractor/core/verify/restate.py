"""A claim whose wording fails but whose quote is sound is restated as its passage.

The small model often cites the right sentence and then bends it in its own
words ("revenue increased from $54.6 million to $69.8 million" where the text
gives the two figures). The bent statement is rejected; what it cites is still
the fact the area needs. Restating it as the cited passage itself, word for
word, cannot add anything the text does not say, so the passage is kept as
the fact and the model's wording stays on record among the rejected.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.core.schema import Citation
from extractor.core.text.statement import MAX_STATEMENT_WORDS, clean_statement, looks_truncated
from extractor.core.verify.problems import Problem

RESTATED = "restated from its cited passage"


def passage_of(
    citation: Citation, windows: Sequence[tuple[int, int]], source: str
) -> Citation | None:
    """The shown passage (one sentence) that holds the citation, cited whole, if it can
    stand as a statement: not over the statement length, not cut off."""
    for start, end in windows:
        end = min(end, len(source))
        if start <= citation.start and citation.end <= end:
            text = source[start:end]
            statement = clean_statement(text)
            if (
                not statement
                or len(statement.split()) > MAX_STATEMENT_WORDS
                or looks_truncated(statement)
            ):
                return None
            return Citation(start=start, end=end, quote=text, match="passage", score=100.0)
    return None


def restatable(problems: Sequence[Problem | str]) -> bool:
    """Only the model's wording failed (``Problem.restatable``); a problem of the quote
    (a plain message) never is."""
    return bool(problems) and all(isinstance(p, Problem) and p.restatable for p in problems)
