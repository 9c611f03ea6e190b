"""Every stored row is either covered by the chain or reported.

The chain is recomputed over the log in notification order (ids 1, 2, …), but the application
reads an aggregate by originator id and version. A row stored outside that order (an id of zero
or below, a NULL id), under a respelt aggregate id, or breaking an aggregate's version order in
the unchained tail would be read by the application and never seen by the recomputation. With
the recomputation, these checks make the stored set exactly the chained set plus a reported
tail: a few indexed SQL statements on the event table (the chain tables live beside it).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ..bootstrap import Runtime
from .findings import Finding
from .report import Report
from .store import ChainStore

LIMIT = 20  # rows named per check; a larger damage is still counted

# SQLite keeps UUIDs as 32 lowercase hex digits and reads them back with exactly that key:
# the same id in another spelling converts to the same UUID (so it hashes the same) but the
# application never reads it.
# (Other characters do not convert to a UUID at all: the log reader itself fails on them.)
_SQLITE_MISSPELT = "length(originator_id) <> 32 OR originator_id <> lower(originator_id)"


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
    where = f"{nid} IS NULL OR {nid} <= 0" if runtime.settings.is_postgres else f"{nid} <= 0"
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


def counted(runtime: Runtime, store: ChainStore, upto: int, outside: int) -> int:
    """Rows stored with ids 1..upto (what the log reader should have returned).

    Counted as all rows less those above `upto` and the `outside` ones: a plain COUNT(*) uses
    SQLite's smallest index, while a rowid range would read every row's record.
    """
    table, nid = table_of(runtime)
    total = int(store.db.run(f"SELECT COUNT(*) FROM {table}")[0][0])
    above = int(store.db.run(f"SELECT COUNT(*) FROM {table} WHERE {nid} > ?", (upto,))[0][0])
    return total - above - outside


def misspelt_ids(runtime: Runtime, store: ChainStore, since: int = 0) -> list[Finding]:
    """SQLite only: rows whose aggregate id the application would not read under its key.

    `since` (the quick check's verified notification id) limits the scan to the rows after it.
    """
    if runtime.settings.is_postgres:  # a uuid column has one spelling
        return []
    table, nid = table_of(runtime)
    after = f" AND {nid} > {int(since)}" if since else ""
    rows = store.db.run(
        f"SELECT {nid}, originator_id, originator_version FROM {table} "
        f"WHERE ({_SQLITE_MISSPELT}){after} LIMIT {LIMIT}"  # unordered: an index serves it
    )
    found = []
    for r in sorted(rows, key=lambda r: int(r[0])):
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


def tail_faults(runtime: Runtime, store: ChainStore, after: int) -> list[Finding]:
    """Unchained records (ids above `after`, the chain head) that break their aggregate's
    version order: the version before them is missing, or their version is stored twice.

    Chained records need no such check (the recomputation proves them) and rows outside the id
    order are reported by `outside_rows`, so only the tail, usually short, is looked at.
    """
    table, nid = table_of(runtime)
    same = "d.originator_id = t.originator_id AND d.originator_version = t.originator_version"
    before = "p.originator_id = t.originator_id AND p.originator_version = t.originator_version - 1"
    rows = store.db.run(
        f"SELECT nid, oid, version, same, gap FROM (SELECT t.{nid} AS nid, "
        f"t.originator_id AS oid, t.originator_version AS version, "
        f"(SELECT COUNT(*) FROM {table} d WHERE {same}) AS same, "
        f"(t.originator_version > 1 AND NOT EXISTS (SELECT 1 FROM {table} p WHERE {before})) "
        f"AS gap FROM {table} t WHERE t.{nid} > ?) q WHERE q.same > 1 OR q.gap "
        f"ORDER BY nid LIMIT {LIMIT}",
        (after,),
    )
    found = []
    for row_id, stored_id, stored_version, copies, gap in rows:
        oid, version = canonical(stored_id), int(stored_version)
        if gap:
            found.append(
                Finding(
                    0,
                    None,
                    "removed",
                    f"version {version - 1} of this aggregate is missing (version {version} "
                    f"is stored at notification id {row_id})",
                    oid,
                    version - 1,
                )
            )
        if int(copies) > 1:
            chained = store.position_of(oid, version)
            found.append(
                Finding(
                    0,
                    int(row_id),
                    "inserted",
                    f"a second stored record for version {version} of this aggregate"
                    + (f" (the chained one is at position {chained})" if chained else ""),
                    oid,
                    version,
                )
            )
    return found


def uncovered(
    runtime: Runtime, store: ChainStore, report: Report, last_id: int | None, since: int = 0
) -> list[Finding]:
    """Rows the recomputation cannot see: outside the id order, or breaking version order.

    `last_id` is given when the recomputation read the whole log; the rows stored with ids up
    to it must then number exactly the records it read (`report.records`, which counts the
    verified prefix too when the recomputation started later: a row removed or inserted before
    `since` still changes the count).
    """
    report.outside, found = outside_rows(runtime, store)
    head = store.head()
    found += misspelt_ids(runtime, store, since)
    found += tail_faults(runtime, store, head.notification_id if head else 0)
    if last_id is not None:
        in_order = counted(runtime, store, last_id, report.outside)
        report.stored = in_order + report.outside
        if in_order > report.records:
            found.append(
                Finding(
                    0,
                    None,
                    "inserted",
                    f"{in_order - report.records} stored records with notification ids "
                    f"1..{last_id} were not returned in notification order",
                )
            )
        elif in_order < report.records:  # only a check that started after a verified mark
            found.append(
                Finding(
                    0,
                    None,
                    "removed",
                    f"{report.records - in_order} records verified earlier are no longer stored "
                    f"(notification ids 1..{last_id}); a full verification names them",
                )
            )
    return found
