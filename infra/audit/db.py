"""A small SQL port beside the event store: the audit tables live in the same database.

SQLite (the event file itself) or PostgreSQL (the same database), so the chain and the log it
covers are backed up, copied and restored together.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from typing import Any, Protocol

from ..pg_ddl import serialised
from ..settings import Settings


class AuditConflict(Exception):
    """Another process wrote the same chain positions first."""


class AuditDb(Protocol):
    is_postgres: bool

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def create(self, *statements: str) -> None: ...

    def many(
        self, sql: str, rows: Sequence[Sequence[Any]], *, before: str | None = None
    ) -> None: ...

    def close(self) -> None: ...


class SQLiteAuditDb:
    """One connection to the event store's SQLite file (WAL, so readers never block)."""

    is_postgres = False

    def __init__(self, path: str) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        # The chain's originator index takes random inserts: a bigger page cache keeps a
        # million-record extension from thrashing (the default is 2 MB).
        self._db.execute("PRAGMA cache_size=-32768")

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, tuple(params)).fetchall()

    def create(self, *statements: str) -> None:
        """Create tables (SQLite serialises writers itself)."""
        for statement in statements:
            self.run(statement)

    def many(self, sql: str, rows: Sequence[Sequence[Any]], *, before: str | None = None) -> None:
        """One transaction; `before` is PostgreSQL's (BEGIN IMMEDIATE already serialises)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(sql, rows)
            except sqlite3.IntegrityError:
                self._db.execute("ROLLBACK")
                raise AuditConflict("chain rows already written") from None
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()


class PostgresAuditDb:
    """One autocommit connection to the event store's PostgreSQL database."""

    is_postgres = True

    def __init__(self, conninfo: str) -> None:
        import psycopg

        self._lock = threading.Lock()
        self._conn = psycopg.connect(conninfo, autocommit=True)

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._conn.cursor() as cur:
            cur.execute(sql.replace("?", "%s"), tuple(params))
            return cur.fetchall() if cur.description else []

    def create(self, *statements: str) -> None:
        """Create tables one process at a time (infra/pg_ddl.py)."""
        self.run(serialised(*statements))

    def many(self, sql: str, rows: Sequence[Sequence[Any]], *, before: str | None = None) -> None:
        """One transaction; `before` runs first in it (e.g. a table lock)."""
        import psycopg

        try:
            with self._lock, self._conn.transaction(), self._conn.cursor() as cur:
                if before is not None:
                    cur.execute(before)
                cur.executemany(sql.replace("?", "%s"), rows)
        except psycopg.errors.UniqueViolation:
            raise AuditConflict("chain rows already written") from None

    def close(self) -> None:
        self._conn.close()


def open_audit_db(settings: Settings) -> AuditDb:
    if settings.is_postgres:
        return PostgresAuditDb(settings.database)
    return SQLiteAuditDb(str(settings.sqlite_path))
