"""One store transaction for a whole legacy file, and the real cause when the store refuses it.

Chunks bound the memory (each chunk's events are inserted into the open transaction, not kept),
but nothing is committed until the last chunk is in: a failure at any row — the last included —
rolls everything back. It goes through the recorder's own insert statements (and, on
PostgreSQL, its table lock), so the rows are exactly those `app.save` would write.

While the transaction is open, other writers wait (SQLite's write lock, PostgreSQL's EXCLUSIVE
table lock); readers are not blocked. An import is a maintenance step: see
examples/legacy/README.md.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import PersistenceError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from .errors import ImportWriteFailed

Insert = Callable[[Sequence[StoredEvent]], None]

_STORE_ERRORS = (PersistenceError, sqlite3.Error, psycopg.Error, OSError)

# (cause, label, SQLSTATEs, errnos, words in the message), first match wins.
_CAUSES: tuple[tuple[str, str, tuple[str, ...], tuple[int, ...], tuple[str, ...]], ...] = (
    (
        "disk_full",
        "disco pieno / disk full",
        ("53100",),
        (errno.ENOSPC, errno.EDQUOT),
        ("disk is full", "no space left", "disk full", "could not extend file"),
    ),
    (
        "read_only",
        "archivio in sola lettura / store is read-only",
        ("25006",),
        (errno.EROFS,),
        ("readonly", "read-only", "read only"),
    ),
    (
        "permission",
        "permesso negato / permission denied",
        ("42501",),
        (errno.EACCES, errno.EPERM),
        ("permission denied", "unable to open database"),
    ),
    (
        "locked",
        "archivio occupato da un altro processo / store locked by another writer",
        ("55P03", "40P01"),
        (),
        ("database is locked", "lock timeout", "deadlock"),
    ),
    (
        "conflict",
        "conflitto con un'altra scrittura / conflicting write",
        ("23505",),
        (),
        ("unique constraint", "duplicate key"),
    ),
)


def _chain(error: BaseException) -> list[BaseException]:
    """The error and every error it was raised from or while handling, outermost first."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not e for e in seen):
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def describe(error: BaseException) -> tuple[str, str]:
    """(cause, readable detail) for a store error: the real cause, not the last symptom.

    A failed rollback ("cannot rollback - no transaction is active") is raised while handling
    the error that ended the transaction (SQLite rolls back by itself when the disk is full),
    so the whole chain is searched, not only the outermost error.
    """
    chain = _chain(error)
    for cause, label, states, numbers, words in _CAUSES:
        for item in chain:
            text = str(item).lower()
            if (
                getattr(item, "sqlstate", None) in states
                or (isinstance(item, OSError) and item.errno in numbers)
                or any(word in text for word in words)
            ):
                return cause, f"{label} ({_first_line(item)})"
    root = chain[-1]
    return "store", f"errore dell'archivio / store error ({_first_line(root)})"


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    line = text[0] if text else type(error).__name__
    return line[:200]


def _inserter(recorder: Any, cursor: Any) -> Insert:
    if isinstance(recorder, PostgresApplicationRecorder):
        cursor.execute("SET LOCAL idle_in_transaction_session_timeout = 0")

        def insert_postgres(stored: Sequence[StoredEvent]) -> None:
            if stored:
                recorder._insert_events(cursor, stored)
                recorder._insert_stored_events(cursor, stored)

        return insert_postgres
    if isinstance(recorder, SQLiteApplicationRecorder):

        def insert_sqlite(stored: Sequence[StoredEvent]) -> None:
            if stored:
                recorder._insert_events(cursor, stored)

        return insert_sqlite
    raise TypeError(f"no single-transaction import for {type(recorder).__name__}")


@contextmanager
def file_transaction(app: Application[Any], file: str) -> Iterator[Insert]:
    """Yield an `insert(stored_events)` into one open transaction; commit when the block ends.

    Any exception rolls the whole file back; a store error becomes `ImportWriteFailed` naming
    its real cause (disk full, read-only, ...).
    """
    recorder = app.recorder
    datastore = getattr(recorder, "datastore", None)
    if datastore is None:
        raise TypeError(f"no single-transaction import for {type(recorder).__name__}")
    try:
        with datastore.transaction(commit=True) as cursor:
            yield _inserter(recorder, cursor)
    except ImportWriteFailed:
        raise
    except _STORE_ERRORS as error:
        cause, detail = describe(error)
        raise ImportWriteFailed(
            f"{file}: scrittura fallita, nulla importato / write failed, nothing imported: "
            f"{detail}",
            cause,
        ) from error
