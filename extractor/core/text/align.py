"""Ground a model-produced quote in the source text.

The model claims its quotes are verbatim; small models often re-flow whitespace,
swap quote styles or drop a word. We never trust the claim: every citation is
re-located in the source by code, and callers cite ``source[start:end]`` rather
than the model's text, so what we show is always what the filing says.

Stages, strictest first: EXACT substring; NORMALIZED substring (whitespace,
quote/dash variants and case folded, mapped back to original offsets); FUZZY
alignment, only inside the passages shown to the model (bounded cost, and a
fuzzy hit elsewhere in a long filing would be coincidence, not evidence).
"""

from __future__ import annotations

import enum
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

__all__ = ["Alignment", "MatchKind", "align_quote", "clean_quote", "normalize"]


class MatchKind(str, enum.Enum):
    EXACT = "exact"
    NORMALIZED = "normalized"
    FUZZY = "fuzzy"


@dataclass(frozen=True)
class Alignment:
    """Where a quote sits in the source; ``source[start:end]`` is the text to cite."""

    start: int
    end: int
    kind: MatchKind
    score: float  # 100.0 for exact/normalized, the rapidfuzz score for fuzzy


# Characters folded to one ASCII form so typography never blocks a match.
_FOLD: dict[str, str] = {
    **dict.fromkeys("‘’‚‛′", "'"),
    **dict.fromkeys("“”„‟″", '"'),
    # U+2212 MINUS SIGN is added to the listed dashes: filings use it for negatives.
    **dict.fromkeys("‐‑‒–—―−", "-"),
}

# Invisible format characters that HTML-to-text conversion leaves in filings
# (soft hyphen, zero-width space/joiners, word joiner, BOM). They carry no text,
# so the normalised form drops them; a model never reproduces them anyway.
_DROP = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")

# Wrappers a model puts around a quote that are not part of the quote.
_QUOTE_MARKS = "\"'`“”‘’‚‛„‟′″«»"

# Fuzzy spans may differ from the quote's length by at most this fraction.
_LENGTH_TOLERANCE = 0.25


def _fold_char(ch: str) -> str:
    folded = _FOLD.get(ch)
    if folded is not None:
        return folded
    low = ch.lower()
    # Some characters lowercase to two code points (e.g. "İ"); keeping them as
    # they are preserves the one-char-in, one-char-out property the map relies on.
    return low if len(low) == 1 else ch


def _normalize_map(text: str) -> tuple[str, tuple[int, ...]]:
    """Normalised text plus, for each of its characters, the original offset.

    A collapsed whitespace run maps to its first character; every other output
    character maps to exactly one input character.
    """
    out: list[str] = []
    index: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue  # does not end a whitespace run either
        if ch.isspace():
            if not in_space:
                out.append(" ")
                index.append(i)
                in_space = True
            continue
        in_space = False
        out.append(_fold_char(ch))
        index.append(i)
    return "".join(out), tuple(index)


@lru_cache(maxsize=4)
def _source_map(source: str) -> tuple[str, tuple[int, ...]]:
    # Cached separately from normalize() so the many short strings normalised
    # per call never evict the document, which is aligned against many quotes.
    return _normalize_map(source)


def normalize(text: str) -> str:
    """Comparison form: whitespace runs -> one space, quotes/dashes folded, lowercased.

    Leading/trailing whitespace becomes a single space rather than being removed,
    so offsets stay meaningful; callers that compare whole strings should strip.
    """
    return _normalize_map(text)[0]


def clean_quote(quote: str) -> str:
    """Strip whitespace, quotation marks and ellipses a model wraps around a quote."""
    text = quote
    while True:
        previous = text
        text = text.strip().strip(_QUOTE_MARKS).strip("…")
        # Only a run of three or more dots is an ellipsis; a single final period
        # is usually part of the quoted sentence.
        if text.startswith("..."):
            text = text.lstrip(".")
        if text.endswith("..."):
            text = text.rstrip(".")
        if text == previous:
            return text


def _clamp_windows(windows: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    clamped = []
    for start, end in windows:
        s, e = max(0, min(start, length)), max(0, min(end, length))
        if e > s:
            clamped.append((s, e))
    return clamped


def _find_preferring(
    haystack: str, needles: Sequence[str], windows: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    """Earliest occurrence inside a window, else the first occurrence anywhere.

    A phrase such as "our customers" can appear many times in a filing; the one
    in the passage the model actually read is the one it is quoting.
    """
    best: tuple[int, int] | None = None
    for start, end in windows:
        for needle in needles:
            pos = haystack.find(needle, start, end)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, pos + len(needle))
    if best is not None:
        return best
    for needle in needles:
        pos = haystack.find(needle)
        if pos >= 0:
            return pos, pos + len(needle)
    return None


def _is_word(ch: str) -> bool:
    # Combining marks count as word characters so a span never separates a base
    # letter from its accent.
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def _is_blank(ch: str) -> bool:
    return ch.isspace() or ch in _DROP


def _trim_and_snap(source: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim blank edges, then widen so the span neither starts nor ends mid-word."""
    while start < end and _is_blank(source[start]):
        start += 1
    while end > start and _is_blank(source[end - 1]):
        end -= 1
    if start >= end:
        return None
    while start > 0 and _is_word(source[start - 1]) and _is_word(source[start]):
        start -= 1
    while end < len(source) and _is_word(source[end - 1]) and _is_word(source[end]):
        end += 1
    return start, end


def _refine(source: str, start: int, end: int, norm_quote: str) -> tuple[int, int]:
    """Shift span edges to nearby token boundaries where the whole span best matches.

    partial_ratio aligns a window exactly as long as the quote, so when the model
    dropped or added a word the window is shifted and clips the first or last
    word. Trying token boundaries within a small slack (a handful of ratio calls)
    recovers the full sentence edge.
    """
    slack = max(4, len(norm_quote) // 8)
    lo, hi = max(0, start - slack), min(len(source), end + slack)
    starts = {start} | {
        p
        for p in range(lo, min(start + slack, end))
        if not _is_blank(source[p]) and (p == 0 or _is_blank(source[p - 1]))
    }
    ends = {end} | {
        q
        for q in range(max(end - slack, start + 1), hi + 1)
        if not _is_blank(source[q - 1]) and (q == len(source) or _is_blank(source[q]))
    }

    def rank(span: tuple[int, int]) -> tuple[float, int]:
        # Best ratio first; on ties, the smallest move away from the aligned span.
        s, e = span
        score = fuzz.ratio(norm_quote, normalize(source[s:e]).strip())
        return score, -abs(s - start) - abs(e - end)

    return max(((s, e) for s in starts for e in ends if e > s), key=rank)


def _fuzzy(
    source: str,
    norm_source: str,
    index: Sequence[int],
    norm_quote: str,
    norm_windows: Sequence[tuple[int, int]],
    min_score: float,
) -> Alignment | None:
    best: Alignment | None = None
    for w_start, w_end in norm_windows:
        found = fuzz.partial_ratio_alignment(
            norm_quote, norm_source[w_start:w_end], score_cutoff=min_score
        )
        if found is None or found.score < min_score or found.dest_end <= found.dest_start:
            continue
        n_start, n_end = w_start + found.dest_start, w_start + found.dest_end
        span = _trim_and_snap(source, index[n_start], index[n_end - 1] + 1)
        if span is None:
            continue
        start, end = _refine(source, *span, norm_quote)
        # Compare normalised lengths: a span across a blank line or an indented
        # paragraph break would otherwise look far longer than the quote.
        cited = len(normalize(source[start:end]).strip())
        if abs(cited - len(norm_quote)) > _LENGTH_TOLERANCE * len(norm_quote):
            continue
        if best is None or found.score > best.score:
            best = Alignment(start, end, MatchKind.FUZZY, float(found.score))
    return best


def align_quote(
    source: str,
    quote: str,
    windows: Sequence[tuple[int, int]] = (),
    *,
    min_score: float = 90.0,
    min_fuzzy_chars: int = 20,
) -> Alignment | None:
    """Locate ``quote`` in ``source``; ``None`` when it cannot be grounded.

    ``windows`` are ``(start, end)`` offsets of the passages shown to the model:
    they break ties between repeated occurrences and bound the fuzzy search.
    """
    cleaned = clean_quote(quote)
    norm_quote = normalize(cleaned).strip()
    if not norm_quote:
        return None
    # Try the quote as given (minus outer whitespace) before the cleaned one: if
    # the quotation marks really are in the source, citing them is more faithful.
    literal = quote.strip()
    candidates = [literal, cleaned] if literal != cleaned else [cleaned]
    spans = _clamp_windows(windows, len(source))

    hit = _find_preferring(source, candidates, spans)
    if hit is not None:
        return Alignment(hit[0], hit[1], MatchKind.EXACT, 100.0)

    norm_source, index = _source_map(source)
    # Translate windows into normalised offsets: position k lies in [s, e) of the
    # original exactly when index[k] does, and index is non-decreasing.
    norm_windows = [(bisect_left(index, s), bisect_left(index, e)) for s, e in spans]
    norm_windows = [(s, e) for s, e in norm_windows if e > s]
    norm_candidates = list(dict.fromkeys(n for c in candidates if (n := normalize(c).strip())))
    hit = _find_preferring(norm_source, norm_candidates, norm_windows)
    if hit is not None:
        # Needles start and end on non-space characters, which map one-to-one.
        return Alignment(index[hit[0]], index[hit[1] - 1] + 1, MatchKind.NORMALIZED, 100.0)

    if len(norm_quote) < min_fuzzy_chars:
        return None  # short strings match almost anything at 90%
    return _fuzzy(source, norm_source, index, norm_quote, norm_windows, min_score)
