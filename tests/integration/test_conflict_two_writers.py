"""Two writers on one store: the first save wins, the second gets a conflict, nothing is lost.

Two Percorsi instances (two composition roots, as two API workers would be) share one event
store. Optimistic concurrency is the store's unique (aggregate, version) key, on SQLite and on
PostgreSQL alike; the services turn its violation into ConcurrencyConflict.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from uuid import UUID

import pytest

from domain.shared.case_vocabulary import ActivityKind
from domain.shared.errors import ConcurrencyConflict
from infra.bootstrap import Runtime, build
from infra.settings import Settings
from tests.casework import register_woman, take_in_charge
from tests.helpers import meta

DAY = date(2012, 5, 2)


@pytest.fixture
def two_writers(settings: Settings) -> Iterator[tuple[Runtime, Runtime]]:
    first = build(settings)
    second = build(settings)
    yield first, second
    second.close()
    first.close()


def one_case(runtime: Runtime) -> UUID:
    app = runtime.app
    return take_in_charge(app, register_woman(app, date(2012, 5, 1)), "BILLAN2", date(2012, 5, 1))


def activity(runtime: Runtime, case_id: UUID, hours: float, expected: int | None, **kw: object):
    return runtime.app.record_activity(
        kw.pop("meta", None) or meta(),  # type: ignore[arg-type]
        case_id,
        occurred_on=DAY,
        kind=ActivityKind.ORIENTATION,
        hours=hours,
        expected_version=expected,
    )


def test_both_read_version_n_one_wins_the_other_conflicts(
    two_writers: tuple[Runtime, Runtime],
) -> None:
    first, second = two_writers
    case_id = one_case(first)
    version = second.app.case(case_id).version
    head = first.app.recorder.max_notification_id()
    losing_command = meta()

    # The second writer loads the case at version n and holds its change (a batch saves on
    # exit); meanwhile the first writer, also expecting n, saves. Then the second saves.
    with pytest.raises(ConcurrencyConflict) as caught, second.app.batch():
        activity(second, case_id, 2.0, version, meta=losing_command)
        winner = activity(first, case_id, 1.0, version)
    assert caught.value.status == 409 and winner.version == version + 1

    # Nothing lost: the winner's event is stored, the loser wrote nothing (not even its
    # command record), so the same command can simply be retried against the new version.
    for reader in (first.app, second.app):
        case = reader.case(case_id)
        assert case.version == version + 1
        assert [r.fields["hours"] for r in case.activities] == [1.0]
    assert len(first.app.recorder.select_notifications(head + 1, 100)) == 2  # event + record
    retried = activity(second, case_id, 2.0, version + 1, meta=losing_command)
    assert not retried.replayed and retried.version == version + 2
    assert [r.fields["hours"] for r in first.app.case(case_id).activities] == [1.0, 2.0]


def test_a_stale_expected_version_is_refused_and_appends_nothing(
    two_writers: tuple[Runtime, Runtime],
) -> None:
    first, second = two_writers
    case_id = one_case(first)
    seen_by_second = second.app.case(case_id).version
    activity(first, case_id, 1.0, seen_by_second)
    head = second.app.recorder.max_notification_id()
    with pytest.raises(ConcurrencyConflict) as caught:
        activity(second, case_id, 2.0, seen_by_second)
    assert caught.value.field == "expected_version"
    assert second.app.recorder.max_notification_id() == head
    assert second.app.case(case_id).version == seen_by_second + 1


def test_racing_threads_lose_no_command(two_writers: tuple[Runtime, Runtime]) -> None:
    """Two workers hammer one case; each retries on conflict; every command lands once."""
    first, second = two_writers
    case_id = one_case(first)
    start = first.app.case(case_id).version
    per_writer, conflicts = 15, [0, 0]
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def work(index: int, runtime: Runtime) -> None:
        try:
            barrier.wait()
            for n in range(per_writer):
                command = meta(command_id=f"w{index}-{n}-{case_id.hex}")
                while True:
                    expected = runtime.app.case(case_id).version
                    try:
                        runtime.app.record_activity(
                            command,
                            case_id,
                            occurred_on=DAY + timedelta(days=n),
                            kind=ActivityKind.ORIENTATION,
                            hours=float(index + 1),
                            expected_version=expected,
                        )
                        break
                    except ConcurrencyConflict:
                        conflicts[index] += 1
        except BaseException as error:  # surfaced below, in the test's thread
            failures.append(error)

    threads = [threading.Thread(target=work, args=(i, rt)) for i, rt in enumerate(two_writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    case = second.app.case(case_id)
    assert case.version == start + 2 * per_writer
    hours = [r.fields["hours"] for r in case.activities]
    assert hours.count(1.0) == per_writer and hours.count(2.0) == per_writer
