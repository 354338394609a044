"""A text that is mostly not English is read with a clear warning (issue 25 item 19): the
extractor's checks are for English 10-K language, and "no verifiable detail" must not pass
silently for what the filing says. A warning, not an error: a mixed text may still yield facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.cli import main
from extractor.filings.language import not_english_warning
from extractor.filings.load import load_document
from tests.batch.fake_openai import fake_server
from tests.conftest import EXAMPLES, SHARED

# Written for these tests: an Item 1 opening in German, French and Chinese (no word spaces).
LANGUAGES = Path(__file__).resolve().parents[1] / "data" / "languages"
GERMAN, FRENCH, CHINESE = (
    (LANGUAGES / f"{name}.txt").read_text(encoding="utf-8")
    for name in ("german", "french", "chinese")
)


@pytest.mark.parametrize("text", [GERMAN, FRENCH, CHINESE])
def test_a_text_in_another_language_is_warned_about(text: str):
    warning = not_english_warning(text)
    assert warning is not None and "does not read as English" in warning
    assert warning in load_document("item1.txt", text).warnings


def test_english_filings_are_not_warned_about():
    texts = [*EXAMPLES.glob("*_item1.txt"), *(SHARED / "docs").glob("*.txt")]
    for path in texts:
        assert not_english_warning(path.read_text(encoding="utf-8")) is None, path.name
    # Too little to judge: a short line, a phrase repeated.
    assert not_english_warning("We sell rugged phones to carriers.") is None
    assert not_english_warning("Revenue grew. " * 100) is None


def test_summarize_warns_on_stderr_and_in_the_output(tmp_path: Path, capsys):
    src = tmp_path / "item1.txt"
    src.write_text(GERMAN, encoding="utf-8")
    out = tmp_path / "out.json"
    with fake_server() as server:
        code = main(
            ["summarize", str(src), "--base-url", server.base_url, "--json", str(out), "-q"]
        )
    assert code == 0
    assert "warning: the text does not read as English" in capsys.readouterr().err
    assert "does not read as English" in out.read_text(encoding="utf-8")
