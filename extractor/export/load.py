"""Loading outputs into a database, one transaction per document.

``Database`` hides the two drivers' differences (connection, paramstyle,
transaction calls); the load itself is shared: delete the document's rows
by key, insert the new ones, commit, and on any error roll back so neither a
partial document nor a half-replaced one is ever visible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from extractor.core.schema import Output
from extractor.errors import ExportError, InputError
from extractor.export.redact import redact, scrub
from extractor.export.rows import document_key, rows_for, statements


class Cursor(Protocol):
    def execute(self, sql: str, params: Any = ...) -> Any: ...
    def executemany(self, sql: str, params: Any) -> Any: ...


class Database(Protocol):
    placeholder: str
    errors: tuple[type[BaseException], ...]  # every driver error
    # Those that fail one document (its rows break a constraint); any other driver
    # error is the database's (read-only, corrupt, full, gone) and stops the load.
    document_errors: tuple[type[BaseException], ...]

    def transaction(self) -> AbstractContextManager[Cursor]: ...
    def lock_document(self, cur: Cursor, key: tuple[str, str]) -> None: ...
    def close(self) -> None: ...


@dataclass
class LoadResult:
    name: str
    key: tuple[str, str]
    error: str = ""


def load_output(db: Database, output: Output) -> None:
    """Replace the document's rows with ``output``'s, atomically."""
    key = document_key(output)
    deletes, inserts = statements(db.placeholder)
    rows = rows_for(output)
    with db.transaction() as cur:
        # Two loads of one document at once would interleave their deletes and
        # inserts; each waits for the other to commit first.
        db.lock_document(cur, key)
        for sql in deletes:
            cur.execute(sql, key)
        for table, table_rows in rows.items():
            if table_rows:
                cur.executemany(inserts[table], table_rows)


def load_all(
    db: Database, outputs: Iterator[tuple[str, Output]] | list[tuple[str, Output]]
) -> list[LoadResult]:
    """Each document in its own transaction; a failing one does not stop the others.
    A database that cannot be written at all is an ``ExportError`` (exit 4)."""
    results = []
    for name, output in outputs:
        result = LoadResult(name, document_key(output))
        try:
            load_output(db, output)
        except db.errors as exc:
            result.error = " ".join(str(exc).split()) or type(exc).__name__
            if not isinstance(exc, db.document_errors):
                loaded = sum(not r.error for r in results)
                raise ExportError(
                    f"the database cannot be written: {result.error} "
                    f"({loaded} documents loaded before {name})"
                ) from exc
        results.append(result)
    return results


def open_database(url: str) -> Database:
    """``sqlite:///PATH`` (relative), ``sqlite:////ABS/PATH``, or ``postgresql://...``."""
    scheme = url.partition("://")[0].lower() if "://" in url else ""
    opener: Callable[[str], Database]
    if scheme == "sqlite":
        from extractor.export.sqlite import open_sqlite as opener
    elif scheme in ("postgresql", "postgres"):
        from extractor.export.postgres import open_postgres as opener
    else:
        raise InputError(
            f"--db {redact(url)!r}: expected sqlite:///PATH or postgresql://USER@HOST/DB"
        )
    try:
        return opener(url)
    except (ExportError, InputError):
        raise
    except Exception as exc:  # driver-specific connection errors: one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ExportError(f"cannot open database {redact(url)}: {scrub(first, url)}") from exc
