"""Settings as values: how inputs are read (``ReadOptions``) and how a run goes (``RunConfig``).
Which model a run uses, and how long a request may take, is ``providers.spec.ModelSpec``.

All are frozen and built from the command line in one place
(``extractor.cli.options``); every default is written once, here or in the
module that owns the number.
"""

from __future__ import annotations

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
# Passages per area pooled for triage (``--read``) on the embedded model, where
# reading costs about a second per passage on 2 cores; ``None`` (``--read all``):
# every body sentence, the default of a remote or fast backend.
DEFAULT_READING_LOCAL = 30
DEFAULT_READING_REMOTE: int | None = None


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
    reading: int | None = DEFAULT_READING_LOCAL
    batch_size: int = DEFAULT_BATCH_SIZE
    token_budget: int = DEFAULT_TOKEN_BUDGET
