"""Auditable business-model summaries of 10-K Item 1 texts.

Public surface (checked by tests/test_public_api.py); everything else is
internal and may change.
"""

from extractor.core.schema import (
    CATEGORIES,
    SCHEMA_VERSION,
    Citation,
    Fact,
    FactFields,
    NotDisclosed,
    Output,
    RunInfo,
    Summary,
    SummarySentence,
)
from extractor.errors import (
    ExtractionError,
    ExtractorError,
    InputError,
    ModelSetupError,
    ModelUnavailableError,
    RenderError,
)

__all__ = [
    "CATEGORIES",
    "SCHEMA_VERSION",
    "Citation",
    "ExtractionError",
    "ExtractorError",
    "Fact",
    "FactFields",
    "InputError",
    "ModelSetupError",
    "ModelUnavailableError",
    "NotDisclosed",
    "Output",
    "RenderError",
    "RunInfo",
    "Summary",
    "SummarySentence",
    "summarize",
]


def __getattr__(name: str):  # lazy: importing the package must not pull in openai
    if name == "summarize":
        from extractor.pipeline import summarize

        return summarize
    raise AttributeError(name)
