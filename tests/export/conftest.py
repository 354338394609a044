"""Databases for the export tests: SQLite in a temp folder, and a real PostgreSQL.

PostgreSQL comes from ``EXTRACTOR_TEST_PG_URL`` (``.ci/setup-postgres`` starts
one and prints it). Without it the PostgreSQL cases skip on a developer's
machine but fail in CI (``CI`` set), where they must run.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from extractor.export.rows import COLUMNS

Rows = dict[str, list[tuple]]


def _pg_url() -> str:
    url = os.environ.get("EXTRACTOR_TEST_PG_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("EXTRACTOR_TEST_PG_URL is not set; .ci/setup-postgres must run first")
        pytest.skip("no PostgreSQL: run `export EXTRACTOR_TEST_PG_URL=$(bash .ci/setup-postgres)`")
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def db(request, tmp_path: Path) -> Iterator[tuple[str, Callable[[], Rows]]]:
    """``(url, dump)``: the URL to load into and a function returning every table's rows."""
    if request.param == "sqlite":
        path = tmp_path / "facts.db"

        def dump_sqlite() -> Rows:
            with sqlite3.connect(path) as conn:
                return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in COLUMNS}

        yield f"sqlite:///{path}", dump_sqlite
        return
    import psycopg

    base = _pg_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"  # one schema per test: tests never see each other
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options={quote(f'-csearch_path={schema}')}"

    def dump_pg() -> Rows:
        with psycopg.connect(url) as conn:
            return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in COLUMNS}

    try:
        yield url, dump_pg
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
