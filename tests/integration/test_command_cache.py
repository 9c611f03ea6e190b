"""The command cache (services/aggregate_cache.py) against other writers on the same store.

Two runtimes share one store, as two API workers or the API and the importer would. A cached
aggregate must never let one writer lose or overwrite the other's change: it is fast-forwarded
past events stored by others, and one decided on a stale state is refused and dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
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
    first, second = build(settings), build(settings)
    yield first, second
    second.close()
    first.close()


def activity(runtime: Runtime, case_id: UUID, hours: float, expected: int | None = None) -> int:
    return runtime.app.record_activity(
        meta(),
        case_id,
        occurred_on=DAY,
        kind=ActivityKind.ORIENTATION,
        hours=hours,
        expected_version=expected,
    ).version


def hours_of(runtime: Runtime, case_id: UUID) -> list[float]:
    return [r.fields["hours"] for r in runtime.app.case(case_id).activities]


def test_the_second_writers_change_is_folded_into_the_first_writers_cached_case(
    two_writers: tuple[Runtime, Runtime],
) -> None:
    first, second = two_writers
    app = first.app
    case_id = take_in_charge(app, register_woman(app, DAY), "BILLAN2", DAY)
    activity(first, case_id, 1.0)  # the first writer now holds the case in its cache
    assert len(app.cache) >= 1
    activity(second, case_id, 2.0)  # stored behind the first writer's back
    hits = app.cache.hits
    version = activity(first, case_id, 3.0)
    assert app.cache.hits == hits + 1  # decided from the cache, not from a full replay
    assert version == second.app.case(case_id).version
    for reader in (first, second):
        assert hours_of(reader, case_id) == [1.0, 2.0, 3.0]


def test_a_write_decided_on_a_stale_cached_case_is_refused_and_not_reused(
    two_writers: tuple[Runtime, Runtime],
) -> None:
    first, second = two_writers
    app = first.app
    case_id = take_in_charge(app, register_woman(app, DAY), "BILLAN2", DAY)
    activity(first, case_id, 1.0)
    # The first writer decides on its cached case (held in an open batch); the second stores a
    # change in between; the first's save then conflicts and stores nothing.
    with pytest.raises(ConcurrencyConflict), app.batch():
        activity(first, case_id, 9.0)
        activity(second, case_id, 2.0)
    assert hours_of(second, case_id) == [1.0, 2.0]
    # The refused, half-mutated case did not go back: the next command starts from the store.
    activity(first, case_id, 3.0)
    for reader in (first, second):
        assert hours_of(reader, case_id) == [1.0, 2.0, 3.0]


def test_an_expected_version_is_checked_against_the_fast_forwarded_case(
    two_writers: tuple[Runtime, Runtime],
) -> None:
    first, second = two_writers
    case_id = take_in_charge(first.app, register_woman(first.app, DAY), "BILLAN2", DAY)
    seen = activity(first, case_id, 1.0)
    activity(second, case_id, 2.0, expected=seen)
    with pytest.raises(ConcurrencyConflict):
        activity(first, case_id, 3.0, expected=seen)  # stale: the second writer moved it on
    assert hours_of(first, case_id) == [1.0, 2.0]


def test_a_batch_belongs_to_its_own_thread(two_writers: tuple[Runtime, Runtime]) -> None:
    """A command of another thread is stored at once, not swept into an open batch."""
    first, second = two_writers
    app = first.app
    case_id = take_in_charge(app, register_woman(app, DAY), "BILLAN2", DAY)
    other = take_in_charge(app, register_woman(app, DAY), "BILLAN2", DAY)
    before = app.case(other).version
    with app.batch():
        activity(first, case_id, 1.0)
        thread = threading.Thread(target=activity, args=(first, other, 2.0))
        thread.start()
        thread.join()
        assert second.app.case(other).version == before + 1  # already stored
        assert hours_of(second, case_id) == []  # this thread's command still pending
    assert hours_of(second, case_id) == [1.0]
