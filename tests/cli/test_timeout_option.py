"""``--timeout`` becomes the run's ``RequestLimits``; nonsense is refused before any work."""

from __future__ import annotations

import pytest

from extractor.cli import build_parser, main
from extractor.cli.options import run_config
from extractor.errors import InputError
from tests.batch.fake_openai import fake_server
from tests.conftest import EXAMPLES


@pytest.mark.parametrize("command", ["summarize", "batch"])
def test_timeout_reaches_the_run_config(command: str):
    extra = ["--out", "o"] if command == "batch" else []
    args = build_parser().parse_args([command, "f.txt", *extra, "--timeout", "7.5"])
    assert run_config(args).requests.timeout_s == 7.5


def test_no_timeout_leaves_the_backend_default():
    args = build_parser().parse_args(["summarize", "f.txt"])
    assert run_config(args).requests.timeout_s is None


@pytest.mark.parametrize("value", ["0", "-3", "inf", "nan"])
def test_a_timeout_that_is_not_a_positive_number_is_refused(value: str):
    args = build_parser().parse_args(["summarize", "f.txt", "--timeout", value])
    with pytest.raises(InputError, match="--timeout"):
        run_config(args)


@pytest.mark.parametrize("value", ["1e10", "1e300"])
def test_a_huge_timeout_against_a_healthy_server_works(value: str, capsys):
    # Past about 292 years sockets and thread waits overflow; the HTTP stack says
    # "connection error", so the run blamed a healthy server. Long timeouts are capped.
    with fake_server() as server:
        code = main(
            [
                "summarize",
                str(EXAMPLES / "SONM_2022_item1.txt"),
                "--base-url",
                server.base_url,
                "--timeout",
                value,
                "-q",
            ]
        )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert server.requests > 0 and captured.out.strip()
