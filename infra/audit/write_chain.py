"""Chaining at write time: each save links its own records in the same transaction.

Selected by `PERCORSI_CHAIN_AT_WRITE` (bootstrap passes the recorder's topic to eventsourcing).
The library serialises writers already (SQLite's write lock; PostgreSQL's EXCLUSIVE lock on the
event table, taken before the insert), so reading the chain head inside the transaction and
appending after it cannot race another writer.

A save links only the records it wrote. A row slipped into the table by other means is never
linked by a later save, so the chain skips it and `verify` reports it `inserted` at its
position, instead of a periodic extension vouching for it. Records stored before the setting
was turned on must be chained once with `percorsi audit extend` first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Notification, StoredEvent
from psycopg.sql import SQL

from infra.pg_recorder import PostgresRecorder
from infra.store_recorder import SQLiteRecorder

from .links import GENESIS, chain_page
from .store import CHAIN, ddl

HEAD = f"SELECT position, link FROM {CHAIN} ORDER BY position DESC LIMIT 1"
INSERT = f"INSERT INTO {CHAIN} VALUES (?, ?, ?, ?, ?)"


def chain_rows(
    head: tuple[Any, Any] | None, ids: Sequence[int], stored: Sequence[StoredEvent]
) -> list[tuple[int, int, str, int, bytes]]:
    """The chain rows of one save: its records, in notification order, after `head`."""
    position, previous = (0, GENESIS) if head is None else (int(head[0]), bytes(head[1]))
    records = [
        Notification(
            id=i,
            originator_id=s.originator_id,
            originator_version=s.originator_version,
            topic=s.topic,
            state=s.state,
        )
        for i, s in zip(ids, stored, strict=True)
    ]
    links = chain_page(previous, records, {})
    return [
        (position + k, r.id, str(r.originator_id), r.originator_version, links[k - 1])
        for k, r in enumerate(records, start=1)
    ]


class ChainingSQLiteRecorder(SQLiteRecorder):
    """Our SQLite recorder (infra/store_recorder.py), plus the chain rows in the same
    transaction (after its head check: a save refused there chains nothing)."""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *ddl(postgres=False)]

    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        if ids:
            c.execute(HEAD)
            c.executemany(INSERT, chain_rows(c.fetchone(), ids, stored_events))
        return ids


class ChainingPostgresRecorder(PostgresRecorder):
    """Our PostgreSQL recorder (infra/pg_recorder.py: DDL one process at a time), plus the
    chain rows in the same transaction (the event table's lock is held from before the insert
    to the commit)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sql_create_statements.extend(SQL(s).format() for s in ddl(postgres=True))

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if ids:
            curs.execute(HEAD)
            row = curs.fetchone()
            head = None if row is None else (row["position"], row["link"])
            curs.executemany(INSERT.replace("?", "%s"), chain_rows(head, ids, stored_events))
        return ids
