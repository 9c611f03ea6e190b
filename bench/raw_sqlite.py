"""The baseline of bench_commands: one-row durable SQLite transactions, as the app's store does.

Same directory as the app's store, WAL as `eventsourcing.sqlite` sets it, the same
`synchronous` as the app's own connections (read from them), a table shaped like
`stored_events`, incompressible rows as large as the app's (ADR 0026).
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

from infra.bootstrap import Runtime


class RawSQLite:
    """One-row durable transactions into a table shaped like the library's `stored_events`."""

    TOPIC = "domain.case.aggregate:Case.ActivityRecorded"

    def __init__(self, path: Path, row_bytes: int, originators: int, synchronous: int) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")  # as eventsourcing.sqlite sets it
        self.db.execute(f"PRAGMA synchronous={int(synchronous)}")  # as the app's connections
        self.synchronous = int(self.db.execute("PRAGMA synchronous").fetchone()[0])
        self.db.execute(
            "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, "
            "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
        )
        self.row_bytes = row_bytes
        self.ids = [uuid.uuid4().hex for _ in range(originators)]
        self.done = 0

    def insert(self, count: int) -> None:
        for _ in range(count):
            i = self.done
            self.db.execute("BEGIN")
            self.db.execute(
                "INSERT INTO stored_events VALUES (?,?,?,?)",
                (self.ids[i % len(self.ids)], i, self.TOPIC, os.urandom(self.row_bytes)),
            )
            self.db.execute("COMMIT")
            self.done += 1

    def close(self) -> None:
        self.db.close()


def app_synchronous(runtime: Runtime) -> int:
    """The `synchronous` setting of the app's own SQLite connections (the baseline copies it)."""
    with runtime.app.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
        cursor.execute("PRAGMA synchronous")
        return int(cursor.fetchone()[0])
