"""Exact as-of snapshots (ADR 0010), checked against an independent recomputation from events.

- At log position P a snapshot uses no event recorded after P, even for a case the projector
  had forgotten (settled) and reloads because an event <= P touches it.
- As of business date D it holds what had happened by D.
- The censoring and follow-up columns of case_facts equal a recomputation from the events.
Real SQLite and PostgreSQL stores, real DuckDB files.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from domain.shared.case_vocabulary import (
    ActivityKind,
    ClosureReason,
    ConsentScope,
    ContractKind,
    OutcomeKind,
)
from domain.shared.profile_vocabulary import CEFRLevel, EmploymentStatus
from infra.analytics.runner import rebuild
from infra.analytics.store import AnalyticsStore
from infra.analytics.worker import ProjectionWorker
from infra.bootstrap import Runtime, build
from infra.dashboard_asof import AsOfSnapshots
from infra.secrets import pseudonym_secret
from infra.settings import Settings
from projections.anonymise import Pseudonymiser
from tests.casework import register_woman, take_in_charge
from tests.helpers import meta, profile

from .asof_support import expected_facts, file_facts, snapshot_facts
from .test_projection_data import seed_small


def _open(app: object, person: UUID, programme: str, on: date) -> UUID:
    case_id = take_in_charge(app, person, programme, on)  # type: ignore[arg-type]
    app.give_consent(meta(), case_id, occurred_on=on, scope=ConsentScope.ANALYTICS)  # type: ignore[attr-defined]
    return case_id


def _activity(app: object, case_id: UUID, on: date, hours: float) -> int:
    done = app.record_activity(  # type: ignore[attr-defined]
        meta(), case_id, occurred_on=on, kind=ActivityKind.ORIENTATION, hours=hours
    )
    return int(done.version)


def _close(app: object, case_id: UUID, on: date) -> None:
    app.close_case(  # type: ignore[attr-defined]
        meta(),
        case_id,
        occurred_on=on,
        reason=ClosureReason.GOALS_ACHIEVED,
        employment_at_exit=EmploymentStatus.EMPLOYED,
    )


def _fix_hours(app: object, case_id: UUID, version: int, hours: float, on: date) -> None:
    app.correct_event(  # type: ignore[attr-defined]
        meta(),
        case_id,
        occurred_on=on,
        corrects_version=version,
        changes={"hours": hours},
        reason="registro presenze",
    )


def test_as_of_a_position_ignores_later_corrections_of_forgotten_cases(
    settings: Settings, runtime: Runtime, tmp_path: Path
) -> None:
    app = runtime.app
    # Two cases that settle early (closed in 2013), so the projector forgets them ...
    first_woman, second_woman = (register_woman(app, date(2013, 1, 7)) for _ in range(2))
    first = _open(app, first_woman, "BILLAN2", date(2013, 1, 7))
    first_activity = _activity(app, first, date(2013, 2, 4), 1.0)
    _close(app, first, date(2013, 6, 3))
    second = _open(app, second_woman, "BILLAN2", date(2013, 1, 8))
    second_activity = _activity(app, second, date(2013, 2, 5), 1.0)
    _close(app, second, date(2013, 6, 4))
    # ... once the data have moved on by more than 26 months.
    later = _open(app, register_woman(app, date(2016, 9, 1)), "LESFEMMES", date(2016, 9, 1))
    for day in range(1, 8):
        _activity(app, later, date(2016, 10, day), 2.0)
    # Events <= P that touch the forgotten cases: a correction, and a profile change (which
    # reaches her case only when the batch is written).
    _fix_hours(app, first, first_activity, 2.0, date(2016, 10, 10))
    app.change_profile(
        meta(), second_woman, occurred_on=date(2016, 10, 11), profile=profile(level=CEFRLevel.B1)
    )
    position = app.recorder.max_notification_id() or 0
    # After P: more corrections of the same cases, and of the case still open.
    _fix_hours(app, first, first_activity, 5.0, date(2016, 11, 2))
    _fix_hours(app, second, second_activity, 7.0, date(2016, 11, 3))
    app.record_outcome(
        meta(),
        later,
        occurred_on=date(2016, 11, 4),
        kind=OutcomeKind.JOB_STARTED,
        contract_kind=ContractKind.PERMANENT,
        weekly_hours=20,
    )

    # The worker does forget them and reload them while it builds P (else this proves nothing).
    secret = pseudonym_secret(settings)
    probe = AnalyticsStore(tmp_path / "probe.duckdb")
    try:
        worker = ProjectionWorker(app, probe, secret, batch_size=7, keep_settled=1)
        loads: list[tuple[UUID, int | None]] = []
        inner = worker.projector.loader

        def counted(aggregate_id: UUID, version: int | None) -> list[object]:
            loads.append((aggregate_id, version))
            return inner(aggregate_id, version)

        worker.projector.loader = counted
        worker.catch_up(until=position)
        assert {first, second} <= {aggregate for aggregate, _ in loads}
    finally:
        probe.close()

    keys = Pseudonymiser(secret)
    history = AsOfSnapshots(settings, batch_size=7, keep_settled=1)
    try:
        snapshot = history.reader(position)
        got = snapshot_facts(snapshot)
        assert snapshot.position == position
        assert got == expected_facts(runtime, keys, position)
        assert got[keys.key("case", first)][8] == 2.0  # hours as corrected by P, not later
        assert got[keys.key("case", second)][8] == 1.0
        assert got[keys.key("case", later)][6] is None  # the job came after P
    finally:
        history.close()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = seed_small(tmp_path_factory.mktemp("asof") / "var")
    rebuild(settings, fresh=True, progress=False)
    return settings


def test_case_facts_censoring_and_due_columns_match_the_events(small: Settings) -> None:
    runtime = build(small)
    try:
        head = runtime.app.recorder.max_notification_id() or 0
        keys = Pseudonymiser(pseudonym_secret(small))
        got = file_facts(str(small.duckdb_path))
        expected = expected_facts(runtime, keys, head)
    finally:
        runtime.close()
    assert got == expected and len(got) > 100
    assert sum(1 for row in got.values() if row[9] is not None) > 100  # censor_days
    dues = [row[10:] for row in got.values() if row[0] == "closed"]
    assert any(d == (True, True, True) for d in dues) and any(False in d for d in dues)


def test_as_of_a_business_date_and_a_position(small: Settings) -> None:
    runtime = build(small)
    history = AsOfSnapshots(small)
    try:
        head = runtime.app.recorder.max_notification_id() or 0
        keys = Pseudonymiser(pseudonym_secret(small))
        day = date(2015, 6, 30)
        snapshot = history.reader(head, day)
        got = snapshot_facts(snapshot)
        assert got == expected_facts(runtime, keys, head, day) and len(got) > 20
        still_open = [row for row in got.values() if row[3] is None and row[2] is not None]
        assert still_open and all(row[9] is not None for row in still_open)  # censored at D
        assert snapshot.position == head
        status, _ = snapshot.frame("SELECT business_date FROM projection_status")
        assert status["business_date"][0] <= day
        live = file_facts(str(small.duckdb_path))
        assert len(got) < len(live)  # women taken in charge after D are not there yet
        # Both: among the first P events, what had happened by D.
        middle = head // 2
        both = history.reader(middle, day)
        assert both.position == middle
        assert snapshot_facts(both) == expected_facts(runtime, keys, middle, day)
    finally:
        history.close()
        runtime.close()


def test_an_interrupted_as_of_build_starts_again_from_zero(
    settings: Settings, runtime: Runtime, tmp_path: Path
) -> None:
    app = runtime.app
    case_id = _open(app, register_woman(app, date(2013, 1, 7)), "BILLAN2", date(2013, 1, 7))
    position = app.recorder.max_notification_id() or 0
    _activity(app, case_id, date(2013, 2, 4), 3.0)
    history = AsOfSnapshots(settings)
    leftover = history.folder / f"analytics-at-{position}.duckdb"
    rebuild(settings, fresh=True, progress=False)  # a "leftover" that has seen everything
    history.folder.mkdir(parents=True, exist_ok=True)
    settings.duckdb_path.rename(leftover)
    try:
        keys = Pseudonymiser(pseudonym_secret(settings))
        got = snapshot_facts(history.reader(position))
        assert got == expected_facts(runtime, keys, position)
        assert got[keys.key("case", case_id)][7] == 0
    finally:
        history.close()
