"""What a saved output must satisfy before it is loaded: the schema checks types, not that
offsets, quotes and fact ids hang together. A hand-edited or corrupted file is refused."""

from __future__ import annotations

from extractor.core.schema import Output


def integrity_problem(output: Output) -> str | None:
    """The first inconsistency in ``output``, as a phrase; None if it holds together."""
    chars = output.document.chars
    ids: set[str] = set()
    for fact in output.facts:
        if fact.id in ids:
            return f"fact id {fact.id!r} appears twice"
        ids.add(fact.id)
        for c in fact.citations:
            if not 0 <= c.start < c.end <= chars:
                return (
                    f"fact {fact.id!r} cites characters {c.start}..{c.end}, outside "
                    f"0..{chars} or empty"
                )
            if len(c.quote) != c.end - c.start:
                return (
                    f"fact {fact.id!r}: its quote has {len(c.quote)} characters "
                    f"but its span {c.end - c.start}"
                )
    for n, sentence in enumerate(output.summary.sentences, 1):
        missing = [i for i in sentence.fact_ids if i not in ids]
        if missing:
            return f"summary sentence {n} names fact {missing[0]!r}, which the output lacks"
    missing = [i for i in output.summary.dropped_fact_ids if i not in ids]
    if missing:
        return f"dropped fact {missing[0]!r} is not among the output's facts"
    return None
