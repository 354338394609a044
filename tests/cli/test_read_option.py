"""``--read``: how much the model triages; its default follows the backend."""

from __future__ import annotations

import pytest

from extractor.cli import build_parser
from extractor.cli.options import run_config
from extractor.config import READING_LOCAL, READING_REMOTE, ReadingBudget
from extractor.errors import InputError


def _config(*extra: str):
    return run_config(build_parser().parse_args(["summarize", "f.txt", *extra]))


def test_the_embedded_model_reads_a_budget_a_remote_backend_reads_everything():
    assert _config().reading == READING_LOCAL
    assert _config("--base-url", "http://127.0.0.1:9/v1").reading == READING_REMOTE
    assert READING_REMOTE.for_body(500) is None


def test_a_number_or_all_is_taken_as_given():
    assert _config("--read", "12").reading == ReadingBudget(12)
    assert _config("--read", "all", "--base-url", "http://x/v1").reading.for_body(9) is None
    assert _config("--read", "ALL").reading == ReadingBudget(None)


def test_the_local_default_grows_with_a_long_text():
    assert READING_LOCAL.for_body(100) == 30
    assert READING_LOCAL.for_body(650) == 65


@pytest.mark.parametrize("value", ["0", "-3", "many", "1.5"])
def test_anything_else_is_refused(value: str):
    with pytest.raises(InputError, match="--read"):
        _config("--read", value)
