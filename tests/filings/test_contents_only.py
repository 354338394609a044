"""Item 1 named only in the table of contents is an error, not a 20-character section."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import SectionNotFoundError
from extractor.filings.load import load_document
from tests.cli.cli_run import one_line_error, run
from tests.filings.synthetic import RISKS, filing, paragraphs

# The body starts at Item 1A: Item 1 is only in the contents.
NO_ITEM1 = filing(
    "",
    "",
    after="<p>ITEM 1A. RISK FACTORS</p>"
    + paragraphs(RISKS, 30)
    + "<p>ITEM 2. PROPERTIES</p><p>We lease our headquarters.</p>"
    + "<p>ITEM 3. LEGAL PROCEEDINGS</p><p>None.</p><p>PART II</p>",
)


def test_contents_only_item1_is_refused():
    with pytest.raises(SectionNotFoundError, match="only in the table of contents"):
        load_document("toc.html", NO_ITEM1)


def test_cli_exit_2_and_no_model_work(tmp_path: Path):
    path = tmp_path / "toc.html"
    path.write_text(NO_ITEM1, encoding="utf-8")
    for command in ("locate", "summarize"):
        message = one_line_error(run(command, str(path)), 2)
        assert "only in the table of contents" in message
