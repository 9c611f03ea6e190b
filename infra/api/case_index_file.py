"""The case index kept on disk, so a server started on a large store answers at once (ADR 0024).

Why: the index is a fold of a few event types over the whole log; on `large` (4.75 M records)
folding it from zero took 15 s for the API's lists and 46 s with the caseload's dates, and
every start paid it again. The file holds the index as of a log position and the id of the
record at that position (the anchor); a start loads it and folds only what was stored after.
Saves are incremental (the entries changed since the last save) and never move the file
backwards: a worker whose position is behind the file's leaves it alone, so the file's rows are
never older than its position. Re-folding events after the position is idempotent (each event
sets a value its version names), so a row newer than the position does no harm. The anchor
tells a store that was replaced or restored from an older backup: then the file is ignored and
rebuilt.

Holds no personal data: case and person ids (the log's own aggregate ids), programme code,
referral date, status, and the versions, kinds and dates of the events the agenda reads.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import UUID, SafeUUID

from domain.case.values import CaseStatus

FILE_NAME = "case-index-2.sqlite"
LEGACY_NAMES = ("case_index.sqlite",)  # without the caseload's dates: removed, rebuilt
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS cases (case_id BLOB PRIMARY KEY, person_id BLOB NOT NULL, "
    "programme TEXT NOT NULL, referred_on INTEGER NOT NULL, status TEXT NOT NULL, "
    "agenda TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS state (one INTEGER PRIMARY KEY CHECK (one = 1), "
    "position INTEGER NOT NULL, anchor_id INTEGER NOT NULL, anchor TEXT NOT NULL)",
)
Dated = dict[int, tuple[str, date]]  # event version → (kind, day)
FollowUps = dict[int, int]  # event version → months after closure
Row = tuple[UUID, UUID, str, date, CaseStatus, str]  # the agenda encoded


@dataclass(frozen=True)
class Saved:
    """Where the file's index stands: a log position and the record that anchors it."""

    position: int
    anchor_id: int
    anchor: str
    rows: list[Row]


_UNKNOWN = SafeUUID.unknown  # an enum member read once: each read is a descriptor call
_new, _set, _int = object.__new__, object.__setattr__, int.from_bytes


def _uuid(raw: bytes) -> UUID:
    """UUID(bytes=raw) without its argument checks (10 × faster: 200k ids on `large`); the
    bytes are 16 that this module wrote from a UUID, as pickling rebuilds one."""
    made = _new(UUID)
    _set(made, "int", _int(raw, "big"))
    _set(made, "is_safe", _UNKNOWN)
    return made


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, timeout=30)
    for statement in SCHEMA:
        con.execute(statement)
    return con


KINDS = ("IntakeCompleted", "PlanAgreed", "PlanReviewed", "Closed")  # of `dated`, by index


def encode_agenda(dated: Dated, follow_ups: FollowUps) -> str:
    """A case's agenda dates as one flat JSON array of ints: the number of dated events,
    then (version, kind, day) for each, then (version, months) for each follow-up."""
    flat = [len(dated)]
    for version, (kind, day) in dated.items():
        flat += (version, KINDS.index(kind), day.toordinal())
    for version, months in follow_ups.items():
        flat += (version, months)
    return json.dumps(flat, separators=(",", ":"))


def decode_agenda(text: str) -> tuple[Dated, FollowUps]:
    """The inverse of `encode_agenda`."""
    flat = json.loads(text)
    end = 1 + 3 * flat[0]
    on = date.fromordinal
    dated = {flat[i]: (KINDS[flat[i + 1]], on(flat[i + 2])) for i in range(1, end, 3)}
    return dated, {flat[i]: flat[i + 1] for i in range(end, len(flat), 2)}


def load(path: Path) -> Saved | None:
    """The saved index, or None when there is none (or it cannot be read: it is rebuilt).

    Each row's agenda is left encoded: it is decoded when a page reads it (the caseload reads
    one team's cases; the API's lists none), which kept a start at `large` to a fraction of
    the 4 s that decoding every row took.
    """
    for legacy in LEGACY_NAMES:
        if legacy != path.name:
            path.with_name(legacy).unlink(missing_ok=True)
    if not path.exists():
        return None
    try:
        with closing(_connect(path)) as con:
            state = con.execute("SELECT position, anchor_id, anchor FROM state").fetchone()
            if state is None:
                return None
            status = {s.value: s for s in CaseStatus}
            on = date.fromordinal
            rows = [
                (_uuid(case_id), _uuid(person_id), programme, on(day), status[value], agenda)
                for case_id, person_id, programme, day, value, agenda in con.execute(
                    "SELECT case_id, person_id, programme, referred_on, status, agenda FROM cases"
                )
            ]
    except (sqlite3.Error, KeyError, ValueError, TypeError):
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
                "INSERT OR REPLACE INTO cases VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (c.bytes, p.bytes, programme, day.toordinal(), status.value, agenda)
                    for c, p, programme, day, status, agenda in rows
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
