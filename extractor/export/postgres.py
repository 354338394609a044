"""PostgreSQL for teams: ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DB`` (psycopg 3)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from extractor.export.rows import ddl_statements

CONNECT_TIMEOUT_S = 10


class PostgresDatabase:
    placeholder = "%s"
    errors: tuple[type[BaseException], ...] = (psycopg.Error,)

    def __init__(self, url: str) -> None:
        # Autocommit: each ``transaction()`` block is one explicit transaction.
        self.conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        with self.transaction() as cur:
            # Concurrent first loads must not race on CREATE TABLE IF NOT EXISTS.
            cur.execute("SELECT pg_advisory_xact_lock(7146)")
            for statement in ddl_statements("postgres"):
                cur.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Cursor]:
        with self.conn.transaction(), self.conn.cursor() as cur:
            yield cur

    def close(self) -> None:
        self.conn.close()


def open_postgres(url: str) -> PostgresDatabase:
    return PostgresDatabase(url)
