"""One root error type; each subclass says which stage failed and carries context."""

from __future__ import annotations

from typing import Any


class ExtractorError(Exception):
    """Root of every error this package raises on purpose.

    The CLI prints ``str(error)`` as one line and exits non-zero, so messages
    must be complete sentences a user can act on.
    """


class InputError(ExtractorError):
    """The input document is missing, empty, binary or not decodable."""


class ModelSetupError(ExtractorError):
    """The embedded model could not be assembled, verified or started."""


class ModelUnavailableError(ExtractorError):
    """The model endpoint could not be reached or refused the request."""


class ExtractionError(ExtractorError):
    """A model call failed after its retries; carries what happened."""

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        usage: dict[str, int] | None = None,
        last_completion: Any = None,
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.usage = usage or {}
        self.last_completion = last_completion


class RenderError(ExtractorError):
    """The paragraph template failed to render."""


class SourceMismatchError(InputError):
    """The source text given for an audit page is not the one the output cites."""


class SectionNotFoundError(InputError):
    """A whole filing was given but the section asked for (Item 1) has no heading in it."""


class ExportError(ExtractorError):
    """The database could not be opened or written."""


class TokenBudgetError(ExtractionError):
    """The document's model calls used up their token budget (``--token-budget``)."""
