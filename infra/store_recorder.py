"""The SQLite event recorder the application uses: the library's, plus a free head check.

`save(..., expected_head=n)` stores the records only if the log's last notification id is
still `n`, i.e. nobody stored anything since the caller's command cache was current there
(services/aggregate_cache.py). SQLite gives a new row the id after the largest one, under the
write lock the insert holds, so the first id of this save is `n + 1` exactly when nothing was
stored in between: the check needs no extra statement, and a moved head raises
`StoreMovedOn` inside the transaction, which rolls it back (nothing written).

Checking after the insert, not with a `SELECT` before it, matters: a read first would make
the transaction a reader that must upgrade to a writer, which SQLite refuses at once
("database is locked") when another process committed in between.

It also keeps more than one prepared statement per connection: the library opens its
connections with `cached_statements=True`, which is a cache of *one*, so every `BEGIN`, insert
and select of a command was parsed and planned again (profiled, ADR 0026).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    DatabaseError,
    DataError,
    IntegrityError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    PersistenceError,
    ProgrammingError,
    StoredEvent,
)
from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT,
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteDatastore,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder as _LibraryRecorder

from services.ports import StoreMovedOn

STATEMENTS_CACHED = 64


class _StatementCachingPool(SQLiteConnectionPool):
    """The library's pool (WAL, rows by name), its connections keeping more statements."""

    def _create_connection(self) -> SQLiteConnection:
        try:
            db = sqlite3.connect(
                database=self.db_name,
                uri=True,
                check_same_thread=False,
                isolation_level=None,  # autocommit: the library issues BEGIN itself
                cached_statements=STATEMENTS_CACHED,
                timeout=self.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT,
            )
        except (sqlite3.Error, TypeError) as e:
            raise InterfaceError(e) from e
        if not self.is_sqlite_memory_mode and not self.is_journal_mode_wal:
            mode = db.execute("PRAGMA journal_mode;").fetchone()[0]
            if mode.lower() != "wal":
                db.execute("PRAGMA journal_mode=WAL;")
                self.journal_mode_was_changed_to_wal = True
            self.is_journal_mode_wal = True
        db.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=db, max_age=self.max_age)


def _cache_statements(datastore: SQLiteDatastore) -> None:
    """Make the datastore's pool one whose new connections cache statements (before any is
    opened: the recorder is made before the factory creates its table)."""
    if type(datastore.pool) is SQLiteConnectionPool:
        datastore.pool.__class__ = _StatementCachingPool


class SQLiteRecorder(_LibraryRecorder):
    """The library's SQLite application recorder, with the head check and statement cache."""

    #: The services decide commands without a read when the recorder checks the head.
    checks_head = True

    def __init__(self, datastore: SQLiteDatastore, *args: Any, **kwargs: Any) -> None:
        _cache_statements(datastore)
        super().__init__(datastore, *args, **kwargs)

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """The library's write, without its three nested context managers and cursor wrapper
        around one transaction (a sixth of a command's CPU went to the library's plumbing,
        profiled): the same pool (its writer lock and fairness), BEGIN, inserts, COMMIT, the
        same errors. The inserts run on the sqlite3 cursor itself (ADR 0026, second pass)."""
        pool = self.datastore.pool
        connection = pool.get_connection(is_writer=True)
        try:
            db = _raw(connection)
            cursor = db.cursor()
            try:
                cursor.execute("BEGIN")
                try:
                    ids = self._insert_events(cursor, stored_events, **kwargs)
                    db.commit()
                except BaseException:
                    db.rollback()
                    raise
            except sqlite3.Error as error:
                raise _as_library_error(error) from error
            finally:
                cursor.close()
            return ids
        finally:
            pool.put_connection(connection)

    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """The library's inserts (one row each, its statement), then the head check. `c` is
        an sqlite3 cursor here (the library's wrapper has the same methods)."""
        statement, ids = self.insert_events_statement, []
        for s in stored_events:
            originator = s.originator_id
            c.execute(
                statement,
                (
                    originator.hex if isinstance(originator, UUID) else originator,
                    s.originator_version,
                    s.topic,
                    s.state,
                ),
            )
            ids.append(c.lastrowid)
        expected = kwargs.get("expected_head")
        if expected is not None and ids and ids[0] != expected + 1:
            raise StoreMovedOn(f"the log's head moved past {expected}; nothing was stored")
        return ids


def _raw(connection: SQLiteConnection) -> sqlite3.Connection:
    """The sqlite3 connection inside the library's wrapper."""
    return connection._sqlite_conn  # private in the library, no accessor


_ERRORS: tuple[tuple[type[sqlite3.Error], type[PersistenceError]], ...] = (
    (sqlite3.InterfaceError, InterfaceError),
    (sqlite3.DataError, DataError),
    (sqlite3.OperationalError, OperationalError),
    (sqlite3.IntegrityError, IntegrityError),
    (sqlite3.InternalError, InternalError),
    (sqlite3.ProgrammingError, ProgrammingError),
    (sqlite3.NotSupportedError, NotSupportedError),
    (sqlite3.DatabaseError, DatabaseError),
)


def _as_library_error(error: sqlite3.Error) -> PersistenceError:
    """The library's error for an sqlite3 one, mapped in its order (eventsourcing.sqlite)."""
    for raw, ours in _ERRORS:
        if isinstance(error, raw):
            return ours(error)
    return PersistenceError(error)
