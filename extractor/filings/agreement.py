"""How much of a reference text a located section reproduces.

Both texts are whitespace-normalised and compared word by word with difflib
(autojunk off); the score is the share of the reference's characters that lie
in matching blocks. Word granularity keeps a 70k-character comparison under a
second where a character-level SequenceMatcher takes minutes; it can only
under-count (a word differing in one character counts as wholly unmatched).
"""

from __future__ import annotations

from difflib import SequenceMatcher


def agreement(located: str, reference: str) -> float:
    got, ref = located.split(), reference.split()
    if not ref:
        return 1.0 if not got else 0.0
    matcher = SequenceMatcher(None, got, ref, autojunk=False)
    matched = sum(
        sum(len(w) + 1 for w in ref[b.b : b.b + b.size]) for b in matcher.get_matching_blocks()
    )
    total = sum(len(w) + 1 for w in ref)
    return matched / total
