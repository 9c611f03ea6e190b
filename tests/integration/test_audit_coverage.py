"""Rows the chain never saw, planted as an insider with raw database access would plant them.

The chain is recomputed in notification order, but the application reads a woman's case by
aggregate id and version. Each test stores a row where that order does not look (an id of zero
or below, a gap, the unchained tail, a respelt id, a doubled or missing version) and expects
`verify` to name the exact kind and position, never to approve or chain it.
Position 0 means "outside the chain"; the notification id and aggregate version say where.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from infra.audit.chain import chain_store, export_checkpoints, extend
from infra.audit.findings import Finding
from infra.audit.verify import verify
from infra.bootstrap import Runtime
from tests.integration.audit_support import Story, story
from tests.integration.raw_log import RawLog

CASE_VERSIONS = 6  # the story's case: referred, two consents, intake, activity, correction


@pytest.fixture
def planted(runtime: Runtime) -> Iterator[tuple[Runtime, RawLog, Story]]:
    """Two women's stories, chained and signed to the head; the second case's last event is
    the row the intruder copies (its encrypted bytes are genuine)."""
    story(runtime)
    told = story(runtime, "Amina Diallo")
    extend(runtime, every=5)
    export_checkpoints(runtime)
    raw = RawLog(runtime)
    yield runtime, raw, told
    raw.close()


def stored_id(runtime: Runtime, oid: UUID) -> str:
    """The aggregate id as the store keeps it (hex on SQLite, a uuid on PostgreSQL)."""
    return str(oid) if runtime.settings.is_postgres else oid.hex


def plant(raw: RawLog, runtime: Runtime, oid: str, version: int, nid: int | None) -> None:
    """Store a copy of the case's last record under (oid, version), at id `nid`."""
    topic, state = raw.sql("SELECT topic, state FROM {t} ORDER BY {n} DESC LIMIT 1")[0]
    if nid is None:
        raw.sql(
            "INSERT INTO {t} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
            oid,
            version,
            topic,
            state,
        )
    else:
        raw.sql(
            "INSERT INTO {t} (originator_id, originator_version, topic, state, {n}) "
            "VALUES (?, ?, ?, ?, ?)",
            oid,
            version,
            topic,
            state,
            nid,
        )


def where(f: Finding) -> tuple[Any, ...]:
    return (f.kind, f.position, f.notification_id, f.originator_id, f.originator_version)


@pytest.mark.parametrize("nid", [0, -7])
def test_a_row_at_id_zero_or_below_is_read_by_the_case_and_reported_inserted(
    planted: tuple[Runtime, RawLog, Story], nid: int
) -> None:
    runtime, raw, told = planted
    before = chain_store(runtime).length()
    plant(raw, runtime, stored_id(runtime, told.case_id), CASE_VERSIONS + 1, nid)
    readable = runtime.app.recorder.select_events(told.case_id, gt=CASE_VERSIONS)
    assert [e.originator_version for e in readable] == [CASE_VERSIONS + 1]  # the case shows it

    report = verify(runtime)
    assert not report.ok and report.outside == 1
    assert [where(f) for f in report.findings] == [
        ("inserted", 0, nid, str(told.case_id), CASE_VERSIONS + 1)
    ]
    assert report.stored == report.records + 1
    assert chain_store(runtime).length() == before  # verify never chains anything


def test_a_row_in_a_gap_of_postgres_ids_is_reported_at_its_position(
    postgres_settings: Any,
) -> None:
    """PostgreSQL leaves gaps in notification ids (rolled-back saves); a forged row fits one."""
    from infra.bootstrap import build

    runtime = build(postgres_settings)
    raw = RawLog(runtime)
    try:
        story(runtime)
        raw.sql("SELECT nextval(pg_get_serial_sequence('{t}', '{n}'))")  # a save that failed
        told = story(runtime, "Amina Diallo")
        extend(runtime)
        ids = [int(r[0]) for r in raw.sql("SELECT {n} FROM {t} ORDER BY {n}")]
        gap = next(i for a, i in zip(ids, range(ids[0], ids[-1] + 1), strict=False) if a != i)
        position = sum(1 for i in ids if i < gap) + 1
        plant(raw, runtime, str(told.case_id), CASE_VERSIONS + 1, gap)
        report = verify(runtime)
        assert report.finding is not None
        assert where(report.finding) == (
            "inserted",
            position,
            gap,
            str(told.case_id),
            CASE_VERSIONS + 1,
        )
    finally:
        raw.close()
        runtime.close()


def test_a_row_forged_after_the_last_checkpoint_is_not_approved_nor_chained(
    planted: tuple[Runtime, RawLog, Story],
) -> None:
    runtime, raw, told = planted
    chained = chain_store(runtime).length()
    plant(raw, runtime, stored_id(runtime, told.case_id), CASE_VERSIONS + 1, None)
    forged_id = int(raw.sql("SELECT MAX({n}) FROM {t}")[0][0])
    for _ in range(2):  # a second verification sees the same: nothing was chained by the first
        report = verify(runtime)
        assert report.ok and not report.strict_ok  # no proof of tampering, no proof of anything
        assert report.chained == chained and report.last_checkpoint == chained
        span = (chained + 1, chained + 1, forged_id, forged_id)
        for found in (report.unchained, report.unverified):
            assert found is not None
            assert (
                found.first_position,
                found.last_position,
                found.first_notification_id,
                found.last_notification_id,
            ) == span
        assert f"unverified since checkpoint {chained}" in " ".join(report.warnings)
    assert chain_store(runtime).length() == chained


def test_a_version_deleted_from_the_unchained_tail_is_reported_removed(
    planted: tuple[Runtime, RawLog, Story],
) -> None:
    runtime, raw, _ = planted
    late = story(runtime, "Nadia Rahmani")  # written after the chain head
    raw.sql(
        "DELETE FROM {t} WHERE originator_id = ? AND originator_version = 3",
        stored_id(runtime, late.case_id),
    )
    report = verify(runtime)
    assert [where(f) for f in report.findings] == [("removed", 0, None, str(late.case_id), 3)]


def test_a_chained_version_renumbered_is_reported_modified(
    planted: tuple[Runtime, RawLog, Story],
) -> None:
    runtime, raw, told = planted
    store = chain_store(runtime)
    position = store.position_of(str(told.case_id), CASE_VERSIONS)
    assert position is not None
    nid = store.at(position).notification_id  # type: ignore[union-attr]
    raw.sql("UPDATE {t} SET originator_version = 9 WHERE {n} = ?", nid)
    report = verify(runtime)
    assert [where(f) for f in report.findings] == [
        ("modified", position, nid, str(told.case_id), 9)
    ]


def test_a_doubled_version_in_the_tail_is_reported_inserted(postgres_settings: Any) -> None:
    """With the primary key dropped, PostgreSQL stores two records for one case version."""
    from infra.bootstrap import build

    runtime = build(postgres_settings)
    raw = RawLog(runtime)
    try:
        told = story(runtime)
        extend(runtime)
        raw.sql("ALTER TABLE {t} DROP CONSTRAINT {t}_pkey")
        plant(raw, runtime, str(told.case_id), 3, None)
        nid = int(raw.sql("SELECT MAX({n}) FROM {t}")[0][0])
        position = chain_store(runtime).position_of(str(told.case_id), 3)
        report = verify(runtime)
        assert [where(f) for f in report.findings] == [("inserted", 0, nid, str(told.case_id), 3)]
        assert f"chained one is at position {position}" in report.findings[0].detail
    finally:
        raw.close()
        runtime.close()


def test_a_respelt_aggregate_id_hides_a_chained_record_and_is_reported(
    sqlite_settings: Any,
) -> None:
    """SQLite: the same UUID in capitals hashes the same, but the case no longer reads it."""
    from infra.bootstrap import build

    runtime = build(sqlite_settings)
    raw = RawLog(runtime)
    try:
        told = story(runtime)
        extend(runtime)
        position = chain_store(runtime).position_of(str(told.case_id), 3)
        assert position is not None
        nid = chain_store(runtime).at(position).notification_id  # type: ignore[union-attr]
        raw.sql("UPDATE {t} SET originator_id = upper(originator_id) WHERE {n} = ?", nid)
        assert len(runtime.app.recorder.select_events(told.case_id)) == CASE_VERSIONS - 1
        report = verify(runtime)
        assert [where(f) for f in report.findings] == [
            ("modified", position, nid, str(told.case_id), 3)
        ]
    finally:
        raw.close()
        runtime.close()
