"""Every stored row is either covered by the chain or reported.

The chain is recomputed over the log in notification order (ids 1, 2, …), but the application
reads an aggregate by originator id and version. A row stored outside that order — an id of zero
or below, a NULL id — or an aggregate whose versions are not exactly 1..n would be read by the
application and never seen by the recomputation. These checks close that gap with a few
indexed SQL statements on the event table itself (the chain tables live in the same database).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ..bootstrap import Runtime
from .findings import Finding
from .store import ChainStore

LIMIT = 20  # rows named per check; a larger damage is still counted

# SQLite keeps UUIDs as 32 lowercase hex digits and reads them back with exactly that key:
# the same id in another spelling converts to the same UUID (so it hashes the same) but the
# application never reads it.
_SQLITE_CANONICAL = "length(originator_id) = 32 AND originator_id NOT GLOB '*[^0-9a-f]*'"


def table_of(runtime: Runtime) -> tuple[str, str]:
    """The event table and its notification id column."""
    name = str(getattr(runtime.app.recorder, "events_table_name", "stored_events"))
    return (name, "notification_id") if runtime.settings.is_postgres else (name, "rowid")


def canonical(originator_id: Any) -> str:
    """The originator id as the chain stores it (a dashed UUID when it is one)."""
    try:
        return str(UUID(str(originator_id)))
    except ValueError:
        return str(originator_id)


def outside_rows(runtime: Runtime, store: ChainStore) -> tuple[int, list[Finding]]:
    """Rows with an id of zero, below zero or none: the log reader never returns them."""
    table, nid = table_of(runtime)
    where = f"{nid} IS NULL OR {nid} <= 0"
    count = int(store.db.run(f"SELECT COUNT(*) FROM {table} WHERE {where}")[0][0])
    rows = store.db.run(
        f"SELECT {nid}, originator_id, originator_version FROM {table} WHERE {where} "
        f"ORDER BY {nid} LIMIT {LIMIT}"
    )
    found = [
        Finding(
            0,
            None if r[0] is None else int(r[0]),
            "inserted",
            "a stored record outside the chained range of notification ids",
            canonical(r[1]),
            int(r[2]),
        )
        for r in rows
    ]
    return count, found


def counted(runtime: Runtime, store: ChainStore, upto: int) -> int:
    """Rows stored with ids 1..upto (what the log reader should have returned)."""
    table, nid = table_of(runtime)
    rows = store.db.run(f"SELECT COUNT(*) FROM {table} WHERE {nid} > 0 AND {nid} <= ?", (upto,))
    return int(rows[0][0])


def misspelt_ids(runtime: Runtime, store: ChainStore) -> list[Finding]:
    """SQLite only: rows whose aggregate id the application would not read under its key."""
    if runtime.settings.is_postgres:  # a uuid column has one spelling
        return []
    table, nid = table_of(runtime)
    rows = store.db.run(
        f"SELECT {nid}, originator_id, originator_version FROM {table} "
        f"WHERE NOT ({_SQLITE_CANONICAL}) ORDER BY {nid} LIMIT {LIMIT}"
    )
    found = []
    for r in rows:
        oid, version = canonical(r[1]), int(r[2])
        position = store.position_of(oid, version)
        row = store.at(position) if position else None
        # The chained record itself respelt, or another record under a respelt id.
        chained = position if position and row and row.notification_id == int(r[0]) else 0
        found.append(
            Finding(
                chained,
                int(r[0]),
                "modified" if chained else "inserted",
                "aggregate id stored in a form the application does not read"
                if chained
                else "a stored record outside the chain, under an aggregate id respelt",
                oid,
                version,
            )
        )
    return found


def version_faults(runtime: Runtime, store: ChainStore) -> list[Finding]:
    """Aggregates whose stored versions are not exactly 1..n, each version once.

    One pass over the (originator id, version) index; only a faulty aggregate is read again,
    to name the missing or doubled version.
    """
    table, nid = table_of(runtime)
    pg = runtime.settings.is_postgres
    key = "originator_id::text" if pg else "originator_id"
    where = "" if pg else f"WHERE {_SQLITE_CANONICAL} "
    faulty = store.db.run(
        f"SELECT {key} FROM {table} {where}GROUP BY originator_id "
        f"HAVING MIN(originator_version) <> 1 OR COUNT(*) <> MAX(originator_version) "
        f"OR COUNT(*) <> COUNT(DISTINCT originator_version) LIMIT {LIMIT}"
    )
    found: list[Finding] = []
    for (stored_id,) in faulty:
        rows = store.db.run(
            f"SELECT {nid}, originator_version FROM {table} WHERE originator_id = ? "
            f"ORDER BY originator_version, {nid}",
            (stored_id,),
        )
        found.extend(_aggregate_faults(store, canonical(stored_id), rows))
    return found[:LIMIT]


def _aggregate_faults(store: ChainStore, oid: str, rows: list[tuple[Any, ...]]) -> list[Finding]:
    versions = [int(r[1]) for r in rows]
    found: list[Finding] = []
    for first, last in _runs(sorted(set(range(1, max(versions) + 1)) - set(versions))):
        chained = store.position_of(oid, first)
        row = store.at(chained) if chained else None
        which = f"version {first} is" if first == last else f"versions {first}..{last} are"
        found.append(
            Finding(
                chained or 0,
                row.notification_id if row else None,
                "removed",
                f"{which} missing from this aggregate (versions up to {max(versions)} stored)",
                oid,
                first,
            )
        )
    by_version: dict[int, list[int | None]] = {}
    for r in rows:
        by_version.setdefault(int(r[1]), []).append(None if r[0] is None else int(r[0]))
    for version, ids in by_version.items():
        if len(ids) < 2:
            continue
        chained = store.position_of(oid, version)
        kept_row = store.at(chained) if chained else None
        kept = kept_row.notification_id if kept_row else ids[0]
        found.extend(
            Finding(
                0,
                row_id,
                "inserted",
                f"a second stored record for version {version} of this aggregate"
                + (f" (the chained one is at position {chained})" if chained else ""),
                oid,
                version,
            )
            for row_id in ids
            if row_id != kept
        )
    return found


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted numbers, as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs
