"""The case index kept on disk, so a server started on a large store answers at once (ADR 0024).

Why: the index is a fold of a few event types over the whole log; on `large` (4.75 M records)
folding it from zero took 15 s, and every API start paid it again. The file holds the index as
of a log position and the id of the record at that position (the anchor); a start loads it and
folds only what was stored after. Saves are incremental (the entries changed since the last
save) and never move the file backwards: a worker whose position is behind the file's leaves it
alone, so the file's rows are never older than its position. Re-folding events after the
position is idempotent (each event sets an entry's whole state), so a row newer than the
position does no harm. The anchor tells a store that was replaced or restored from an older
backup: then the file is ignored and rebuilt.

Holds no personal data: case and person ids (the log's own aggregate ids), programme code,
referral date and status.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import UUID, SafeUUID

from domain.case.values import CaseStatus

FILE_NAME = "case_index.sqlite"
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS cases (case_id BLOB PRIMARY KEY, person_id BLOB NOT NULL, "
    "programme TEXT NOT NULL, referred_on INTEGER NOT NULL, status TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS state (one INTEGER PRIMARY KEY CHECK (one = 1), "
    "position INTEGER NOT NULL, anchor_id INTEGER NOT NULL, anchor TEXT NOT NULL)",
)
Row = tuple[UUID, UUID, str, date, CaseStatus]


@dataclass(frozen=True)
class Saved:
    """Where the file's index stands: a log position and the record that anchors it."""

    position: int
    anchor_id: int
    anchor: str
    rows: list[Row]


def _uuid(raw: bytes) -> UUID:
    """UUID(bytes=raw) without its argument checks (10 × faster: 200k ids on `large`); the
    bytes are 16 that this module wrote from a UUID, as pickling rebuilds one."""
    made = object.__new__(UUID)
    object.__setattr__(made, "int", int.from_bytes(raw, "big"))
    object.__setattr__(made, "is_safe", SafeUUID.unknown)
    return made


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, timeout=30)
    for statement in SCHEMA:
        con.execute(statement)
    return con


def load(path: Path) -> Saved | None:
    """The saved index, or None when there is none (or it cannot be read: it is rebuilt)."""
    if not path.exists():
        return None
    try:
        with closing(_connect(path)) as con:
            state = con.execute("SELECT position, anchor_id, anchor FROM state").fetchone()
            if state is None:
                return None
            status = {s.value: s for s in CaseStatus}
            rows = [
                (
                    _uuid(case_id),
                    _uuid(person_id),
                    programme,
                    date.fromordinal(day),
                    status[value],
                )
                for case_id, person_id, programme, day, value in con.execute(
                    "SELECT case_id, person_id, programme, referred_on, status FROM cases"
                )
            ]
    except (sqlite3.Error, KeyError, ValueError):
        return None
    return Saved(int(state[0]), int(state[1]), str(state[2]), rows)


def save(path: Path, position: int, anchor_id: int, anchor: str, rows: Iterable[Row]) -> bool:
    """Write the changed rows and the new position in one transaction; False (nothing written)
    when the file is already further on (another worker saved a later position)."""
    with closing(_connect(path)) as con:
        con.execute("BEGIN IMMEDIATE")
        try:
            found = con.execute("SELECT position FROM state").fetchone()
            if found is not None and int(found[0]) > position:
                con.execute("ROLLBACK")
                return False
            con.executemany(
                "INSERT OR REPLACE INTO cases VALUES (?, ?, ?, ?, ?)",
                (
                    (c.bytes, p.bytes, programme, day.toordinal(), status.value)
                    for c, p, programme, day, status in rows
                ),
            )
            con.execute(
                "INSERT OR REPLACE INTO state VALUES (1, ?, ?, ?)", (position, anchor_id, anchor)
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    path.chmod(0o600)
    return True


def reset(path: Path) -> None:
    """Forget a file that belongs to another store (or another history of this one)."""
    path.unlink(missing_ok=True)
