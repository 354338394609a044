"""SQLite, the embedded default: ``sqlite:///facts.db``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from extractor.errors import ArgumentError, ExportError
from extractor.export.rows import ddl_statements


class SQLiteDatabase:
    placeholder = "?"
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
    document_errors: tuple[type[BaseException], ...] = (sqlite3.IntegrityError, sqlite3.DataError)

    def __init__(self, path: str) -> None:
        # Autocommit mode: transactions are begun and ended explicitly below.
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.conn.execute("PRAGMA foreign_keys = ON")
        with self.transaction() as cur:
            for statement in ddl_statements("sqlite"):
                cur.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")  # take the write lock now, not halfway through
        try:
            yield cur
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()

    def lock_document(self, cur: sqlite3.Cursor, key: tuple[str, str]) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already holds the whole database."""

    def close(self) -> None:
        self.conn.close()


def sqlite_path(url: str) -> str:
    path = url[len("sqlite://") :]
    if not path.startswith("/") or path == "/":
        raise ArgumentError(f"--db {url!r}: expected sqlite:///relative.db or sqlite:////abs.db")
    path = path[1:]  # sqlite:///facts.db -> facts.db; sqlite:////tmp/x.db -> /tmp/x.db
    if path != ":memory:" and not Path(path).parent.is_dir():
        raise ExportError(f"--db {url!r}: folder {Path(path).parent} does not exist")
    return path


def open_sqlite(url: str) -> SQLiteDatabase:
    return SQLiteDatabase(sqlite_path(url))
