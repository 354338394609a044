"""Settings as values: how inputs are read (``ReadOptions``) and how a run goes (``RunConfig``).
Which model a run uses, and how long a request may take, is ``providers.spec.ModelSpec``.

All are frozen and built from the command line in one place
(``extractor.cli.options``); every default is written once, here or in the
module that owns the number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from extractor.core.budget import DEFAULT_TOKEN_BUDGET
from extractor.core.tokens import DEFAULT_TOKEN_CAP, DEFAULT_TOKENIZER

# Item 1 of the longest 10-Ks is well under 1 MB of text; a bigger input is
# usually a whole filing, a wrong file or a runaway pipe. Refused unless forced.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# Whole filings as filed (inline XBRL) run to several MB of markup for well under
# 1 MB of text, so markup gets a larger byte limit than plain text.
FILING_MAX_BYTES = 48 * 1024 * 1024
DEFAULT_PER_AREA = 8  # candidate passages selected per area
DEFAULT_BATCH_SIZE = 4  # passages shown per model call


@dataclass(frozen=True)
class ReadingBudget:
    """How many passages per focus area the model triages (``--read``): ``per_area``, or
    ``share`` of the text's body sentences where that is more (a long Item 1 hides its
    key sentences deeper in each area's ranking); ``per_area=None``: every body sentence.
    """

    per_area: int | None = 30
    share: float = 0.0

    def for_body(self, sentences: int) -> int | None:
        if self.per_area is None:
            return None
        return max(self.per_area, math.ceil(self.share * sentences))

    def describe(self) -> str:
        if self.per_area is None:
            return "all"
        if self.share:
            return f"{self.per_area} or {self.share:.0%} of body sentences per area"
        return f"{self.per_area} per area"


# The embedded model reads about a passage a second on 2 cores: 30 per area or a
# tenth of the body sentences, whichever is more, keeps a document's time near what
# eleven notes per area cost before triage. A remote or fast backend reads every
# sentence.
READING_LOCAL = ReadingBudget(30, 0.10)
READING_REMOTE = ReadingBudget(None)


@dataclass(frozen=True)
class ReadOptions:
    """``max_bytes=None`` lifts the size limit (``--force``); ``encoding=None`` is UTF-8."""

    encoding: str | None = None
    max_bytes: int | None = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class RunConfig:
    token_cap: int = DEFAULT_TOKEN_CAP
    tokenizer: str = DEFAULT_TOKENIZER
    per_area: int = DEFAULT_PER_AREA
    reading: ReadingBudget = READING_LOCAL
    batch_size: int = DEFAULT_BATCH_SIZE
    token_budget: int = DEFAULT_TOKEN_BUDGET
