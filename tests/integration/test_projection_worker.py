"""The projection worker on real stores: CLI rebuild and catch-up, exactly-once, swap, schema."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import uuid4

import duckdb
import pytest

from domain.shared.case_vocabulary import ConsentScope, ReferralReason, ReferringService
from infra.analytics.runner import WorkerBusy, project, rebuild, rebuild_path, writer_lock
from infra.bootstrap import build
from infra.secrets import pseudonym_secret
from infra.settings import Settings
from projections import schema
from projections.anonymise import Pseudonymiser
from projections.queries import snapshot_path
from tests.conftest import make_settings
from tests.helpers import household, meta, personal, profile

from .test_projection_data import build_history, cli, seed_small, table_hashes

CASE_TABLES = list(schema.CASE_TABLES)


def count(path: Path, sql: str, params: list[object] | None = None) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return int(con.execute(sql, params or []).fetchall()[0][0])
    finally:
        con.close()


def consenting_cases(settings: Settings) -> set[str]:
    """Pseudonyms of the cases that hold analytics consent now, read from the event store."""
    runtime = build(settings, load_catalogue=False)
    keys = Pseudonymiser(pseudonym_secret(settings))
    try:
        out = set()
        page = runtime.app.recorder.select_notifications(
            0, 1_000_000, topics=["domain.case.aggregate:Case.Referred"], inclusive_of_start=False
        )
        for notification in page:
            case = runtime.app.case(notification.originator_id)
            erased = runtime.app.person(case.person_id).erased  # ADR 0005: her rows go
            if case.consents.get(ConsentScope.ANALYTICS) and not erased:
                out.add(keys.key("case", case.id))
        return out
    finally:
        runtime.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    yield seed_small(tmp_path_factory.mktemp("seeded") / "var")


def test_cli_rebuild_then_catch_up_matches_a_clean_rebuild(seeded: Settings) -> None:
    done = cli(seeded, "rebuild", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "rebuild done" in done.stdout
    snapshot = snapshot_path(seeded.duckdb_path)
    assert snapshot.exists() and not rebuild_path(seeded).exists()
    runtime = build(seeded)
    head = runtime.app.recorder.max_notification_id()
    assert count(snapshot, "SELECT position FROM projection_status") == head
    expected = consenting_cases(seeded)
    facts = duckdb.connect(str(snapshot), read_only=True)
    keys = {r[0] for r in facts.execute("SELECT case_key FROM case_facts").fetchall()}
    facts.close()
    assert keys == expected and len(keys) > 100
    for table in CASE_TABLES:
        assert count(snapshot, f"SELECT count(*) FROM {table}") > 0, table

    # New facts and a withdrawal, then a catch-up from the CLI.
    person, case = uuid4(), uuid4()
    app = runtime.app
    app.register_person(
        meta(),
        occurred_on=date(2019, 3, 1),
        person_id=person,
        personal=personal(person),
        profile=profile(),
        household=household(),
    )
    app.refer_case(
        meta(),
        occurred_on=date(2019, 3, 2),
        case_id=case,
        person_id=person,
        programme="EMP",
        referring_service=ReferringService.HEALTH,
        reasons=[ReferralReason.EMPLOYMENT],
    )
    for scope in (ConsentScope.PROCESSING, ConsentScope.ANALYTICS):
        app.give_consent(meta(), case, occurred_on=date(2019, 3, 2), scope=scope)
    withdrawn = next(iter(sorted(expected)))
    target = _case_with_key(app, seeded, withdrawn)
    app.withdraw_consent(
        meta(), target, occurred_on=date(2021, 12, 1), scope=ConsentScope.ANALYTICS
    )
    runtime.close()
    done = cli(seeded, "project", "--once", "--quiet")
    assert done.returncode == 0, done.stderr
    new_key = Pseudonymiser(pseudonym_secret(seeded)).key("case", case)
    assert count(snapshot, "SELECT count(*) FROM case_facts WHERE case_key = ?", [new_key]) == 1
    for table in CASE_TABLES:
        assert count(snapshot, f"SELECT count(*) FROM {table} WHERE case_key = ?", [withdrawn]) == 0
    incremental = table_hashes(seeded.duckdb_path)
    assert cli(seeded, "rebuild", "--fresh", "--quiet").returncode == 0
    assert table_hashes(seeded.duckdb_path) == incremental
    assert table_hashes(snapshot) == incremental


def _case_with_key(app: object, settings: Settings, key: str) -> object:
    keys = Pseudonymiser(pseudonym_secret(settings))
    page = app.recorder.select_notifications(  # type: ignore[attr-defined]
        0, 1_000_000, topics=["domain.case.aggregate:Case.Referred"], inclusive_of_start=False
    )
    return next(n.originator_id for n in page if keys.key("case", n.originator_id) == key)


def test_a_second_writer_is_refused(seeded: Settings) -> None:
    with writer_lock(seeded):
        with pytest.raises(WorkerBusy):
            project(seeded, progress=False)
        done = cli(seeded, "project", "--once", "--quiet")
    assert done.returncode == 2
    assert "another projection worker is running" in done.stderr


def test_schema_change_rebuilds_by_itself(seeded: Settings) -> None:
    project(seeded, progress=False)
    before = table_hashes(seeded.duckdb_path)
    con = duckdb.connect(str(seeded.duckdb_path))
    con.execute("UPDATE projection_status SET schema_version = 0")
    con.execute("DELETE FROM case_facts")  # what an old schema would not have
    con.close()
    status = project(seeded, progress=False)
    assert status.schema_version == schema.SCHEMA_VERSION
    assert table_hashes(seeded.duckdb_path) == before


def test_batches_of_any_size_give_the_same_tables_on_postgres(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, "postgres")
    runtime = build(settings)
    history = build_history(runtime, women=24)
    runtime.close()
    rebuild(settings, batch_size=7, progress=False)
    small_batches = table_hashes(settings.duckdb_path)
    rebuild(settings, batch_size=100_000, fresh=True, progress=False)
    assert table_hashes(settings.duckdb_path) == small_batches
    assert count(settings.duckdb_path, "SELECT count(*) FROM case_facts") == len(history.consenting)
    assert count(settings.duckdb_path, "SELECT count(*) FROM stakeholders") == 6
    assert (
        count(settings.duckdb_path, "SELECT count(*) FROM case_facts WHERE carried_from = 'BILLAN'")
        >= 1
    )


def test_no_case_rows_leave_without_consent(tmp_path: Path) -> None:
    """Cases that never consented to analytic use have no row in any table."""
    settings = make_settings(tmp_path, "sqlite")
    runtime = build(settings)
    history = build_history(runtime, women=18)
    never = set(history.cases) - history.consenting
    assert never
    runtime.close()
    rebuild(settings, progress=False)
    keys = Pseudonymiser(pseudonym_secret(settings))
    for case_id in never:
        for table in CASE_TABLES:
            assert (
                count(
                    settings.duckdb_path,
                    f"SELECT count(*) FROM {table} WHERE case_key = ?",
                    [keys.key("case", case_id)],
                )
                == 0
            )


def test_catch_up_until_a_position_stops_there(tmp_path: Path) -> None:
    """As-of snapshots (the dashboard's time travel) project a prefix of the log only."""
    from infra.analytics.runner import runtime_for_worker
    from infra.analytics.store import AnalyticsStore
    from infra.analytics.worker import ProjectionWorker

    settings = make_settings(tmp_path, "sqlite")
    runtime = build(settings)
    build_history(runtime, women=8)
    head = runtime.app.recorder.max_notification_id()
    runtime.close()
    worker_runtime = runtime_for_worker(settings)
    store = AnalyticsStore(tmp_path / "prefix.duckdb")
    try:
        worker = ProjectionWorker(
            worker_runtime.app, store, pseudonym_secret(settings), batch_size=50
        )
        worker.catch_up(until=head // 2)
        assert 0 < worker.position <= head // 2
        assert store.status().position == worker.position
        worker.catch_up()
        assert worker.position == head
    finally:
        store.close()
        worker_runtime.close()


def test_forgetting_settled_cases_changes_no_row(seeded: Settings, tmp_path: Path) -> None:
    """Folds of long-closed cases are dropped and reloaded from the store when needed."""
    from infra.analytics.runner import runtime_for_worker
    from infra.analytics.store import AnalyticsStore
    from infra.analytics.worker import ProjectionWorker

    runtime = runtime_for_worker(seeded)
    hashes = []
    try:
        for keep, batch in ((10**9, 250_000), (0, 300)):
            path = tmp_path / f"keep-{keep}.duckdb"
            store = AnalyticsStore(path)
            worker = ProjectionWorker(
                runtime.app, store, pseudonym_secret(seeded), batch_size=batch
            )
            worker.projector.keep_settled = keep
            worker.catch_up()
            if keep == 0:
                assert len(worker.projector.cases) < 150  # most of the 215 were forgotten
            store.close()
            hashes.append(table_hashes(path))
    finally:
        runtime.close()
    assert hashes[0] == hashes[1]
