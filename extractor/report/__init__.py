"""The HTML audit page of a finished output (``extractor report``, ``summarize --html``)."""

from extractor.report.page import check_source, render_report, source_segments

__all__ = ["check_source", "render_report", "source_segments"]
