"""A database password never reaches a message, whichever way the URL carries it."""

from __future__ import annotations

import pytest

from extractor.cli import main
from extractor.export.redact import redact, scrub
from tests.conftest import EXAMPLES

SONM = EXAMPLES / "SONM_2022_item1.out.json"

# Port 1 on loopback refuses at once: every case fails fast, without a server.
URLS = [
    "postgresql://extractor:secret99@127.0.0.1:1/db",
    "postgresql://extractor@127.0.0.1:1/db?password=secret99",
    "postgresql:///db?host=127.0.0.1&port=1&password=secret99",
    "postgresql://extractor@127.0.0.1:1/db?sslmode=bogus&password=secret99",
    # libpq ends the user part at the first @ and reports the rest as the host.
    "postgresql://extractor:pa@secret99@127.0.0.1:1/db",
    "postgresql://extractor:pa%40secret99@127.0.0.1:1/db",
    "postgresql://extractor:secret99@[::1/db",  # malformed: refused by the driver
    "host=127.0.0.1 port=1 password=secret99 dbname=db",  # key=value, not a URL
    "host=127.0.0.1 port=1 password='secret99 x' dbname=db",
]


@pytest.mark.parametrize("url", URLS)
def test_password_is_in_no_message(url, capsys):
    assert main(["export", str(SONM), "--db", url]) in (2, 4)
    captured = capsys.readouterr()
    assert "secret99" not in captured.err + captured.out
    assert len(captured.err.strip().splitlines()) == 1 and "***" in captured.err


def test_redact_keeps_what_is_not_secret():
    assert redact("postgresql://u:p@w@db.example:5432/facts?sslmode=require&password=x") == (
        "postgresql://u:***@db.example:5432/facts?sslmode=require&password=***"
    )
    assert redact("postgresql://u@db.example/facts") == "postgresql://u@db.example/facts"
    assert redact("sqlite:///facts.db") == "sqlite:///facts.db"


def test_a_short_password_is_masked_only_where_it_stands_alone():
    url = "postgresql://u:ai@host/db"
    assert scrub("failed: password 'ai' rejected", url) == "failed: password '***' rejected"
    assert scrub("connection failed", url) == "connection failed"
