"""Tamper evidence on a real SQLite file and a real PostgreSQL table.

Each test builds a short real history, chains it, then changes the stored log behind the
application's back, the way someone with database access would, and expects `verify` to name
the first bad position and the kind of change.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest

from domain.shared.roles import ActorRole
from infra.audit.chain import chain_store, export_checkpoints, extend
from infra.audit.links import GENESIS, link
from infra.audit.store import CHAIN, CHECKPOINTS, ChainRow
from infra.audit.verify import verify
from infra.bootstrap import Runtime, build
from infra.settings import Settings
from tests.helpers import meta
from tests.integration.audit_support import story
from tests.integration.raw_log import RawLog

P = 20  # the position each test tampers with


@pytest.fixture
def chained(runtime: Runtime) -> Iterator[tuple[Runtime, RawLog]]:
    story(runtime)
    story(runtime, "Amina Diallo")
    assert extend(runtime, every=5) > 2 * P
    raw = RawLog(runtime)
    yield runtime, raw
    raw.close()


def nid_at(runtime: Runtime, position: int) -> int:
    row = chain_store(runtime).at(position)
    assert row is not None
    return row.notification_id


def test_untouched_log_verifies_and_counts_every_record(chained: tuple[Runtime, RawLog]) -> None:
    runtime, _ = chained
    report = verify(runtime)
    assert report.ok and report.finding is None
    assert report.records == report.chained == chain_store(runtime).length()
    assert report.checkpoints_checked == report.records // 5


def test_one_modified_byte_is_found_at_its_position(chained: tuple[Runtime, RawLog]) -> None:
    runtime, raw = chained
    nid = nid_at(runtime, P)
    state = bytearray(raw.sql("SELECT state FROM {t} WHERE {n} = ?", nid)[0][0])
    state[len(state) // 2] ^= 0x01
    raw.sql("UPDATE {t} SET state = ? WHERE {n} = ?", bytes(state), nid)
    finding = verify(runtime).finding
    assert finding is not None
    assert (finding.kind, finding.position, finding.notification_id) == ("modified", P, nid)


def test_a_deleted_record_is_reported_removed(chained: tuple[Runtime, RawLog]) -> None:
    runtime, raw = chained
    nid = nid_at(runtime, P)
    raw.sql("DELETE FROM {t} WHERE {n} = ?", nid)
    finding = verify(runtime).finding
    assert finding is not None
    assert (finding.kind, finding.position, finding.notification_id) == ("removed", P, nid)


def test_a_record_slipped_in_is_reported_inserted(chained: tuple[Runtime, RawLog]) -> None:
    runtime, raw = chained
    nid = nid_at(runtime, P)
    raw.sql("UPDATE {t} SET {n} = {n} + 1000000 WHERE {n} >= ?", nid)
    topic, state = raw.sql("SELECT topic, state FROM {t} WHERE {n} = ?", nid + 1000000)[0]
    forged = "7f3c0e2a-0000-4000-8000-000000000001"
    columns = "(originator_id, originator_version, topic, state, {n})"
    raw.sql(f"INSERT INTO {{t}} {columns} VALUES (?, 1, ?, ?, ?)", forged, topic, state, nid)
    finding = verify(runtime).finding
    assert finding is not None
    assert (finding.kind, finding.position, finding.notification_id) == ("inserted", P, nid)


def test_two_swapped_records_are_reported_reordered(chained: tuple[Runtime, RawLog]) -> None:
    runtime, raw = chained
    a, b = nid_at(runtime, P), nid_at(runtime, P + 3)
    raw.sql("UPDATE {t} SET {n} = -1 WHERE {n} = ?", a)
    raw.sql("UPDATE {t} SET {n} = ? WHERE {n} = ?", a, b)
    raw.sql("UPDATE {t} SET {n} = ? WHERE {n} = -1", b)
    finding = verify(runtime).finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("reordered", P)


def test_a_forged_stored_checkpoint_is_caught(chained: tuple[Runtime, RawLog]) -> None:
    runtime, _ = chained
    other = nid_at(runtime, 11)
    chain_store(runtime).db.run(
        f"UPDATE {CHECKPOINTS} SET link = ?, notification_id = ? WHERE position = 10",
        ("ab" * 32, other),
    )
    finding = verify(runtime).finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("checkpoint", 10)
    assert "signature" in finding.detail


def test_the_auditors_file_catches_a_rewritten_chain(
    chained: tuple[Runtime, RawLog], tmp_path: Any
) -> None:
    """An intruder who edits a record AND rebuilds the chain table fools the database alone."""
    runtime, raw = chained
    exported = export_checkpoints(runtime)
    nid = nid_at(runtime, P)
    state = bytearray(raw.sql("SELECT state FROM {t} WHERE {n} = ?", nid)[0][0])
    state[5] ^= 0xFF
    raw.sql("UPDATE {t} SET state = ? WHERE {n} = ?", bytes(state), nid)
    store = chain_store(runtime)
    store.db.run(f"DELETE FROM {CHAIN}")
    store.db.run(f"DELETE FROM {CHECKPOINTS}")
    rows, previous = [], GENESIS
    for i, n in enumerate(runtime.app.recorder.select_notifications(1, 10_000), start=1):
        previous = link(previous, n.id, n.originator_id, n.originator_version, n.topic, n.state)
        rows.append(ChainRow(i, n.id, str(n.originator_id), n.originator_version, previous))
    store.append(rows)
    assert verify(runtime).ok  # the database alone no longer shows it
    finding = verify(runtime, against=json.loads(json.dumps(exported))).finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("checkpoint", P)  # first signed position ≥ P


def test_a_checkpoint_file_edited_by_hand_does_not_verify(chained: tuple[Runtime, RawLog]) -> None:
    runtime, _ = chained
    exported = export_checkpoints(runtime)
    exported["checkpoints"][2]["created_at"] = "2020-01-01T00:00:00+00:00"
    finding = verify(runtime, against=exported).finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("checkpoint", 15)


def test_the_chain_extends_over_new_records_and_erasure_keeps_it_intact(
    chained: tuple[Runtime, RawLog],
) -> None:
    runtime, _ = chained
    before = chain_store(runtime).length()
    extra = story(runtime, "Nadia Rahmani")
    runtime.app.erase_person(meta(ActorRole.ADMIN), extra.person_id, occurred_on=date(2026, 1, 1))
    assert verify(runtime).ok
    assert extend(runtime) == (runtime.app.recorder.max_notification_id() or 0) - nid_at(
        runtime, before
    )
    assert verify(runtime).ok


def test_two_processes_extending_at_once_leave_one_consistent_chain(runtime: Runtime) -> None:
    for name in ("Uno Una", "Due Dua", "Tre Tra"):
        story(runtime, name)
    others = [build(runtime.settings, load_catalogue=False) for _ in range(2)]
    try:
        with ThreadPoolExecutor(max_workers=3) as pool:
            done = list(pool.map(lambda rt: extend(rt, every=3), [runtime, *others]))
        assert sum(done) >= chain_store(runtime).length() > 0
        report = verify(runtime)
        assert report.ok and report.chained == report.records
        assert [c.position for c in chain_store(runtime).checkpoints()] == list(
            range(3, report.records + 1, 3)
        )
    finally:
        for other in others:
            other.close()


def test_a_record_made_unreadable_is_reported_not_crashed_on(sqlite_settings: Settings) -> None:
    """Turning a BLOB into TEXT makes the library's own read fail: verify names the record."""
    runtime = build(sqlite_settings)
    try:
        story(runtime)
        extend(runtime)
        raw = RawLog(runtime)
        nid = nid_at(runtime, P)
        raw.sql("UPDATE {t} SET state = CAST(state AS TEXT) || 'x' WHERE {n} = ?", nid)
        raw.close()
        finding = verify(runtime, page=7).finding
        assert finding is not None
        assert (finding.kind, finding.position, finding.notification_id) == ("modified", P, nid)
        assert "cannot be read" in finding.detail
    finally:
        runtime.close()
