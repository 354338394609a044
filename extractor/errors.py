"""One root error type; each subclass says which stage failed and carries context."""

from __future__ import annotations


class ExtractorError(Exception):
    """Root of every error this package raises on purpose.

    The CLI prints ``str(error)`` as one line and exits non-zero, so messages
    must be complete sentences a user can act on.
    """


class InputError(ExtractorError):
    """Bad input: the document is missing, empty, binary or not decodable, or an
    argument is malformed. The CLI exits 2."""


class ArgumentError(InputError):
    """A command-line argument is malformed (e.g. ``--model`` without provider/name)."""


class OutputError(ExtractorError):
    """An output file or database target cannot be written. The CLI exits 4."""


class ModelSetupError(ExtractorError):
    """The embedded model could not be assembled, verified or started."""


class ModelUnavailableError(ExtractorError):
    """The model endpoint could not be reached or refused the request."""


class ExtractionError(ExtractorError):
    """A model call failed: the endpoint rejected the request, or the budget ran out."""


class ModelAnswerError(ExtractionError):
    """Most of the model's answers were not the JSON asked for (garbage, wrong types,
    no content): the run reports that instead of "nothing verifiable". Exit 3."""


class RenderError(ExtractorError):
    """The paragraph template failed to render."""


class SourceMismatchError(InputError):
    """The source text given for an audit page is not the one the output cites."""


class SectionNotFoundError(InputError):
    """A whole filing was given but the section asked for (Item 1) has no heading in it."""


class ExportError(OutputError):
    """The database could not be opened or written."""


class TokenBudgetError(ExtractionError):
    """The document's model calls used up their token budget (``--token-budget``)."""
