"""Which numbered passage a model's note belongs to.

The small model shifts notes by one passage and sometimes pairs one passage's
quote with a neighbour's statement; these find the passage that carries it.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.core.schema import Citation
from extractor.core.text.company import Company
from extractor.core.verify.drafts import DraftFact, check_draft
from extractor.core.verify.support import supports, words_support


def own_passage(
    source: str,
    draft: DraftFact,
    statement: str,
    windows: Sequence[tuple[int, int]],
    company: Company,
    reach: int = 1,
) -> Citation | None:
    """The note's numbered passage, or one within ``reach`` of it, if that passage alone
    supports the statement's words and figures: the model shifts notes by one passage."""
    if draft.passage is None or not 1 <= draft.passage <= len(windows) or not statement:
        return None
    nearby = [draft.passage] + [draft.passage + d for r in range(1, reach + 1) for d in (-r, r)]
    for n in nearby:
        if not 1 <= n <= len(windows):
            continue
        start, end = windows[n - 1]
        end = min(end, len(source))
        if start >= end:
            continue
        cited = source[start:end]
        if supports(statement, cited, company):
            return Citation(start=start, end=end, quote=cited, match="passage", score=100.0)
    return None


def drifted_passage(
    draft: DraftFact, source: str, windows: Sequence[tuple[int, int]], company: Company
) -> int | None:
    """The passage (0-based) a note's quote is from when its statement is about something else.

    Shown several passages, the small model sometimes pairs one passage's quote
    with a neighbour's statement; the quote still says which passage went
    without a statement of its own. None when the note holds together.
    """
    statement = draft.statement.strip()
    if not statement:
        return None
    a = check_draft(draft, source, windows).alignment
    if a is None or own_passage(source, draft, statement, windows, company, 0) is not None:
        return None
    if words_support(statement, source[a.start : a.end], company):
        return None
    for n, (start, end) in enumerate(windows):
        if start <= a.start and a.end <= end:
            return n
    return None
