"""Every figure in a claim must occur in its evidence.

Small models are good at paraphrase and bad at numbers: they round, swap
million for billion, or copy a figure from a neighbouring sentence. A claim
is only as good as its figures, so each one must be found again, by code, in
the cited evidence.

Scope: figures written with digits. Spelled-out numbers ("three", "forty-two
percent") are deliberately not recognised; matching them would need a number
parser and they are rare in the money/percent claims this check protects.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

__all__ = ["INVISIBLE", "Figure", "find_figures", "unsupported_figures", "visible"]

FigureKind = Literal["percent", "amount", "number"]

_SCALE_WORDS = ("thousand", "million", "billion", "trillion")
_SCALE_ABBREVIATIONS = {
    "k": "thousand",
    "m": "million",
    "mm": "million",
    "mn": "million",
    "b": "billion",
    "bn": "billion",
    "t": "trillion",
    "tn": "trillion",
}
_MULTIPLIER = {
    None: Decimal(1),
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}

_FIGURE_RE = re.compile(
    r"""
    # Not the tail of a word or identifier: XP10, Q4, COVID-19, v1.2.
    (?<![\w.])(?<![^\W\d_]-)
    (?P<cur>
        (?: (?:US|HK|NZ|C|A|S)\$ | \$ | € | £ | ¥ | ₹
          | (?:USD|EUR|GBP|JPY|CAD|AUD|CHF|CNY|RMB|INR) )
        \s?
    )?
    # ASCII digits only: other digit sets are folded to ASCII first (_figure_view).
    (?P<num> [0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)? | [0-9]+(?:\.[0-9]+)? )
    (?![.,]?[0-9])                  # not a fragment of a longer number
    (?:
        \s?(?P<pct> % | (?i:percent|per\s?cent)\b )
      | \s?(?P<word> (?i:thousand|million|billion|trillion) )\b
      # Abbreviated scales ("$5m", "US$3bn") only after a currency: a bare "5m"
      # or "4K" is more often metres or a resolution than money.
      | (?(cur) (?P<abbr> \s?(?:mm|mn|bn|tn) | [mMbBkKtT] )(?!\w) | (?!) )
    )?
    # Not glued to letters (5G, 1.5x) and not a form name (10-K, 20-F).
    (?!\w)(?!-[A-Z])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Figure:
    text: str  # as written, e.g. "$69.8 million" (without invisible characters)
    value: str  # canonical digits: "69.8", "1250", "3"
    kind: FigureKind
    scale: str | None  # "thousand" | "million" | "billion" | "trillion" | None
    start: int
    end: int


def _canonical(number: str) -> str:
    """Drop thousands separators, leading zeros and trailing fractional zeros."""
    whole, _, fraction = number.replace(",", "").partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


# Invisible characters that HTML conversion (or a hostile model) leaves inside a
# number: "$6\u200b9.8 million" is one figure, $69.8 million, not "$6" and "9.8 million".
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


def _fold_char(ch: str) -> str:
    """Digits of any script as ASCII ("９", "٣"), and fullwidth signs ("＄", "％")."""
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 and folded in "$%,.€£¥₹" else ch


def _figure_view(text: str) -> tuple[str, list[int] | None]:
    """``text`` as the figure pattern reads it, and each character's offset in ``text``
    (None: unchanged). Digits of every script compare as ASCII, so a figure written in
    fullwidth or Arabic-Indic digits is checked like any other."""
    if text.isascii():
        return text, None
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch in INVISIBLE:
            continue
        out.append(ch if ch.isascii() else _fold_char(ch))
        index.append(i)
    index.append(len(text))
    return "".join(out), index


def visible(text: str) -> str:
    """``text`` without the invisible characters a figure may carry."""
    return "".join(ch for ch in text if ch not in INVISIBLE)


def find_figures(text: str) -> list[Figure]:
    """All digit-written figures in ``text``, in order of appearance. Offsets index
    ``text``; a figure's ``text`` is as written there less invisible characters; ``value``
    reads digits of any script as ASCII."""
    view, index = _figure_view(text)
    figures: list[Figure] = []
    for match in _FIGURE_RE.finditer(view):
        start, end = match.start(), match.end()
        if index is not None:
            # The end maps from the last character: a dropped invisible one after it
            # is not part of the figure.
            start, end = index[start], index[end - 1] + 1
        scale: str | None = None
        if match["word"]:
            scale = match["word"].lower()
        elif match["abbr"]:
            scale = _SCALE_ABBREVIATIONS[match["abbr"].strip().lower()]
        kind: FigureKind
        if match["pct"]:
            kind = "percent"
        elif match["cur"] or scale:
            kind = "amount"
        else:
            kind = "number"
        figures.append(
            Figure(
                text=text[start:end] if index is None else visible(text[start:end]),
                value=_canonical(match["num"]),
                kind=kind,
                scale=scale,
                start=start,
                end=end,
            )
        )
    return figures


def _absolute(figure: Figure) -> Decimal:
    return Decimal(figure.value) * _MULTIPLIER[figure.scale]


def _supports(evidence: Figure, claim: Figure) -> bool:
    # A percentage and a count that share digits are different facts.
    if (claim.kind == "percent") != (evidence.kind == "percent"):
        return False
    if claim.scale is None and claim.value == evidence.value:
        return True  # "69.8" is supported by "$69.8 million"
    # Otherwise the quantities must be equal: this is the "same value, same
    # scale" rule, extended to equal amounts written at different scales
    # ("$1.2 billion" vs "$1,200 million", "$5 million" vs "$5,000,000").
    # "$69.8 billion" vs "$69.8 million" stays unsupported.
    return _absolute(claim) == _absolute(evidence)


def unsupported_figures(claim: str, evidence: str | Sequence[str]) -> list[str]:
    """Texts of the claim's figures that no evidence figure supports (deduplicated)."""
    passages = [evidence] if isinstance(evidence, str) else list(evidence)
    available = [figure for passage in passages for figure in find_figures(passage)]
    missing: list[str] = []
    for figure in find_figures(claim):
        if figure.text in missing:
            continue
        if not any(_supports(candidate, figure) for candidate in available):
            missing.append(figure.text)
    return missing
