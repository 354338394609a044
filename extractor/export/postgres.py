"""PostgreSQL for teams: ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DB`` (psycopg 3)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from extractor.export.rows import ddl_statements

CONNECT_TIMEOUT_S = 10
_DDL_LOCK = 7146
_DOCUMENT_LOCK = 7147


class PostgresDatabase:
    placeholder = "%s"
    errors: tuple[type[BaseException], ...] = (psycopg.Error,)
    document_errors: tuple[type[BaseException], ...] = (psycopg.IntegrityError, psycopg.DataError)

    def __init__(self, url: str) -> None:
        # Autocommit: each ``transaction()`` block is one explicit transaction.
        self.conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        with self.transaction() as cur:
            # Concurrent first loads must not race on CREATE TABLE IF NOT EXISTS.
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
            for statement in ddl_statements("postgres"):
                cur.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Cursor]:
        with self.conn.transaction(), self.conn.cursor() as cur:
            yield cur

    def lock_document(self, cur: psycopg.Cursor, key: tuple[str, str]) -> None:
        """Hold the document until commit. Under READ COMMITTED each statement of a
        concurrent reload of the same document sees a new snapshot: without this one
        deletes the other's just-committed children halfway and breaks a foreign key,
        or both insert the same key. Two int4 keys: another space than the DDL lock."""
        cur.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (_DOCUMENT_LOCK, "\x1f".join(key))
        )

    def close(self) -> None:
        self.conn.close()


def open_postgres(url: str) -> PostgresDatabase:
    return PostgresDatabase(url)
