"""The audit tables: one row per chained record, and the signed checkpoints.

Rows are keyed by chain position (1, 2, …), and carry the record's identity (notification id,
originator id, version) so `verify` can tell a removed record from an inserted or moved one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .db import AuditDb
from .signing import Checkpoint

CHAIN = "percorsi_audit_chain"
CHECKPOINTS = "percorsi_audit_checkpoints"


@dataclass(frozen=True)
class ChainRow:
    position: int
    notification_id: int
    originator_id: str
    originator_version: int
    link: bytes


def ddl(postgres: bool) -> list[str]:
    """The audit tables (also created by the chaining recorders, before their first write)."""
    blob = "BYTEA" if postgres else "BLOB"
    return [
        f"CREATE TABLE IF NOT EXISTS {CHAIN} (position BIGINT PRIMARY KEY, "
        f"notification_id BIGINT NOT NULL, originator_id TEXT NOT NULL, "
        f"originator_version BIGINT NOT NULL, link {blob} NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {CHECKPOINTS} (position BIGINT PRIMARY KEY, "
        f"notification_id BIGINT NOT NULL, link TEXT NOT NULL, created_at TEXT NOT NULL, "
        f"signature TEXT NOT NULL)",
    ]


class ChainStore:
    def __init__(self, db: AuditDb) -> None:
        self.db = db
        for statement in ddl(db.is_postgres):
            try:
                db.run(statement)
            except Exception:  # two processes creating the tables at once: one of them won
                db.run(statement)

    def head(self) -> ChainRow | None:
        rows = self.db.run(
            f"SELECT position, notification_id, originator_id, originator_version, "
            f"link FROM {CHAIN} ORDER BY position DESC LIMIT 1"
        )
        return _row(rows[0]) if rows else None

    def at(self, position: int) -> ChainRow | None:
        rows = self.db.run(
            f"SELECT position, notification_id, originator_id, originator_version, "
            f"link FROM {CHAIN} WHERE position = ?",
            (position,),
        )
        return _row(rows[0]) if rows else None

    def links(self, after: int, limit: int) -> list[bytes]:
        """Links of positions after+1 … after+limit, in order (fewer at the chain's end)."""
        rows = self.db.run(
            f"SELECT link FROM {CHAIN} WHERE position > ? AND position <= ? ORDER BY position",
            (after, after + limit),
        )
        return [bytes(r[0]) for r in rows]

    def link_at(self, position: int) -> bytes | None:
        rows = self.db.run(f"SELECT link FROM {CHAIN} WHERE position = ?", (position,))
        return bytes(rows[0][0]) if rows else None

    def length(self) -> int:
        head = self.head()
        return 0 if head is None else head.position

    def position_of(self, originator_id: str, version: int) -> int | None:
        """A scan, deliberately unindexed: it runs only to explain a mismatch, while an index
        would slow every extension of the chain by a third."""
        rows = self.db.run(
            f"SELECT position FROM {CHAIN} WHERE originator_id = ? AND originator_version = ?",
            (originator_id, version),
        )
        return int(rows[0][0]) if rows else None

    def append(self, rows: Sequence[ChainRow]) -> None:
        self.db.many(
            f"INSERT INTO {CHAIN} VALUES (?, ?, ?, ?, ?)",
            [
                (r.position, r.notification_id, r.originator_id, r.originator_version, r.link)
                for r in rows
            ],
        )

    def append_rows(
        self, rows: Sequence[tuple[int, int, str, int, bytes]], *, lock: str | None = None
    ) -> None:
        """`lock`: the event table, on PostgreSQL, when writes chain themselves (write_chain.py):
        taking the writers' own lock keeps an extension from failing a writer's transaction."""
        before = f"LOCK TABLE {lock} IN EXCLUSIVE MODE" if lock and self.db.is_postgres else None
        self.db.many(f"INSERT INTO {CHAIN} VALUES (?, ?, ?, ?, ?)", rows, before=before)

    def add_checkpoints(self, checkpoints: Sequence[Checkpoint]) -> None:
        self.db.many(
            f"INSERT INTO {CHECKPOINTS} VALUES (?, ?, ?, ?, ?)",
            [
                (c.position, c.notification_id, c.link, c.created_at, c.signature)
                for c in checkpoints
            ],
        )

    def checkpoints(self, after: int = 0, upto: int | None = None) -> list[Checkpoint]:
        """Checkpoints at positions after+1 … upto (all by default), in order."""
        rows = self.db.run(
            f"SELECT position, notification_id, link, created_at, signature "
            f"FROM {CHECKPOINTS} WHERE position > ? AND position <= ? ORDER BY position",
            (after, upto if upto is not None else 2**62),
        )
        return [Checkpoint(int(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]

    def last_checkpoint_position(self) -> int:
        rows = self.db.run(f"SELECT MAX(position) FROM {CHECKPOINTS}")
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    def checkpointed(self, position: int) -> bool:
        return bool(self.db.run(f"SELECT 1 FROM {CHECKPOINTS} WHERE position = ?", (position,)))


def _row(r: Sequence[Any]) -> ChainRow:
    return ChainRow(int(r[0]), int(r[1]), str(r[2]), int(r[3]), bytes(r[4]))
