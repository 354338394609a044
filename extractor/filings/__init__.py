"""Whole 10-K filings: HTML or plain text to text, and Item 1 located in it.

Pure code (no model clients): ``load_document`` is the entry point.
"""

from extractor.filings.load import LoadedDocument, load_document

__all__ = ["LoadedDocument", "load_document"]
