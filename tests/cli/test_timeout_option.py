"""``--timeout`` and ``--threads`` become the run's ``ModelSpec``; nonsense is refused early."""

from __future__ import annotations

import pytest

from extractor.cli import build_parser, main
from extractor.cli.options import model_spec
from extractor.errors import InputError
from tests.batch.fake_openai import fake_server
from tests.conftest import EXAMPLES


@pytest.mark.parametrize("command", ["summarize", "batch"])
def test_timeout_reaches_the_model_spec(command: str):
    extra = ["--out", "o"] if command == "batch" else []
    args = build_parser().parse_args([command, "f.txt", *extra, "--timeout", "7.5"])
    assert model_spec(args).timeout_s == 7.5
    assert model_spec(args).deadline_s == 7.5


def test_no_timeout_leaves_the_backend_default():
    args = build_parser().parse_args(["summarize", "f.txt"])
    assert model_spec(args).timeout_s is None
    assert model_spec(args).deadline_s == 600.0  # the embedded model on CPU
    remote = build_parser().parse_args(["summarize", "f.txt", "--base-url", "http://h/v1"])
    assert model_spec(remote).deadline_s == 120.0


@pytest.mark.parametrize("value", ["0", "-3", "inf", "nan"])
def test_a_timeout_that_is_not_a_positive_number_is_refused(value: str):
    args = build_parser().parse_args(["summarize", "f.txt", "--timeout", value])
    with pytest.raises(InputError, match="--timeout"):
        model_spec(args)


def test_threads_come_from_the_option_else_the_environment(monkeypatch):
    monkeypatch.setenv("EXTRACTOR_THREADS", "3")
    args = build_parser().parse_args(["batch", "f.txt", "--out", "o"])
    assert model_spec(args).threads == 3
    args = build_parser().parse_args(["batch", "f.txt", "--out", "o", "--threads", "1"])
    assert model_spec(args).threads == 1
    monkeypatch.delenv("EXTRACTOR_THREADS")
    args = build_parser().parse_args(["summarize", "f.txt"])
    assert model_spec(args).threads is None  # decided when the server starts


@pytest.mark.parametrize(("option", "env"), [("0", None), (None, "two"), (None, "-1")])
def test_threads_that_are_not_a_positive_integer_are_refused(monkeypatch, option, env):
    if env is not None:
        monkeypatch.setenv("EXTRACTOR_THREADS", env)
    argv = ["summarize", "f.txt", *(["--threads", option] if option else [])]
    with pytest.raises(InputError, match=r"threads|THREADS"):
        model_spec(build_parser().parse_args(argv))


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
