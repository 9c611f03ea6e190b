"""The command cache (services/aggregate_cache.py) against other writers on the same store.

Two runtimes share one store, as two API workers or the API and the importer would. A cached
aggregate must never let one writer lose or overwrite the other's change: it is fast-forwarded
past events stored by others, and one decided on a stale state is refused and dropped. On
SQLite a command is first decided without reading the store at all; the insert's head check
refuses it (nothing written) if anyone stored anything since, and it is decided again (ADR 0026).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial
from typing import Any
from uuid import UUID

import pytest

from domain.shared.case_vocabulary import ActivityKind
from domain.shared.errors import ConcurrencyConflict
from infra.api.group_commit import GroupCommit
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


def open_case(runtime: Runtime) -> UUID:
    """A woman registered and taken in charge in Billan 2 by this runtime's application."""
    app = runtime.app
    return take_in_charge(app, register_woman(app, DAY), "BILLAN2", DAY)


def cached_case(runtime: Runtime) -> UUID:
    """An open case with one activity recorded by `runtime`: the case and its programme's
    period are now in that runtime's command cache."""
    case_id = open_case(runtime)
    activity(runtime, case_id, 1.0)
    return case_id


def hours_of(runtime: Runtime, case_id: UUID) -> list[float]:
    return [r.fields["hours"] for r in runtime.app.case(case_id).activities]


def test_the_second_writers_change_is_folded_into_the_first_writers_cached_case(
    two_writers: tuple[Runtime, Runtime],
) -> None:
    first, second = two_writers
    app = first.app
    case_id = cached_case(first)
    assert len(app.cache) >= 1
    activity(second, case_id, 2.0)  # stored behind the first writer's back
    hits = app.cache.hits
    version = activity(first, case_id, 3.0)
    # Taken from the cache once: on PostgreSQL fast-forwarded past the second writer's event;
    # on SQLite decided unread, refused by the head check, then read again from the store.
    assert app.cache.hits == hits + 1
    assert version == second.app.case(case_id).version
    for reader in (first, second):
        assert hours_of(reader, case_id) == [1.0, 2.0, 3.0]


def test_a_write_decided_on_a_stale_cached_case_is_refused_and_not_reused(
    two_writers: tuple[Runtime, Runtime],
) -> None:
    first, second = two_writers
    app = first.app
    case_id = cached_case(first)
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
    case_id = open_case(first)
    other = open_case(first)
    before = app.case(other).version
    with app.batch():
        activity(first, case_id, 1.0)
        thread = threading.Thread(target=activity, args=(first, other, 2.0))
        thread.start()
        thread.join()
        assert second.app.case(other).version == before + 1  # already stored
        assert hours_of(second, case_id) == []  # this thread's command still pending
    assert hours_of(second, case_id) == [1.0]


class Reads:
    """Counts what a command asks the store before its write."""

    def __init__(self, runtime: Runtime) -> None:
        self.calls: list[str] = []
        recorder = runtime.app.recorder
        for name in ("select_events", "max_notification_id", "select_notifications"):
            setattr(recorder, name, self._counted(name, getattr(recorder, name)))

    def _counted(self, name: str, read: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            return read(*args, **kwargs)

        return counted


def test_a_command_on_a_cached_case_reads_nothing_on_sqlite_and_the_head_on_postgres(
    two_writers: tuple[Runtime, Runtime],
) -> None:
    first, _ = two_writers
    case_id = cached_case(first)
    reads = Reads(first)
    activity(first, case_id, 2.0)
    expected = ["max_notification_id"] if first.settings.is_postgres else []
    assert reads.calls == expected
    assert hours_of(first, case_id) == [1.0, 2.0]


def test_request_threads_sharing_a_group_committer_replay_each_case_once(
    settings: Settings,
) -> None:
    """The API's shape: request threads decide, one committer thread saves their groups. A
    thread often reads the head just before the committer saves another thread's group, so
    its sync finds the cache ahead of that head. That is this process's own record, not a lost
    one: before the fix the cache was emptied there, and a quarter of the commands replayed
    their case (the p99 of ADR 0022). Now a case is replayed only on its first command."""
    runtime = build(settings)
    committer = GroupCommit(runtime.app.save).start()
    runtime.app.use_committer(committer)
    try:
        cases = [open_case(runtime) for _ in range(16)]
        misses = runtime.app.cache.misses
        errors: list[BaseException] = []

        def work(mine: list[UUID]) -> None:
            try:
                for n in range(100):
                    activity(runtime, mine[n % len(mine)], 1.0)
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=work, args=(cases[i::8],)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert committer.groups < 800  # the commands did share transactions
        # each case at most once (it was just written, so most are still cached), plus the
        # programme when two threads need its period at once
        assert runtime.app.cache.misses - misses <= len(cases) + 8
        assert all(hours_of(runtime, c) == [1.0] * 50 for c in cases)
    finally:
        runtime.app.use_committer(None)
        committer.stop()
        runtime.close()


def test_a_store_holding_fewer_records_than_the_cache_counted_empties_it(
    two_writers: tuple[Runtime, Runtime],
) -> None:
    """A backup restored under a running process: the head is below what the cache counted
    (read first, so it was all stored), and nothing cached may be trusted."""
    first, _ = two_writers
    app = first.app
    case_id = cached_case(first)
    position = app.cache.position
    assert position is not None
    app._head = lambda: position - 1  # type: ignore[method-assign]
    app._sync()
    del app._head
    assert app.cache.position == position - 1
    assert len(app.cache) == 0
    activity(first, case_id, 2.0)  # replayed from the store, and still right
    assert hours_of(first, case_id) == [1.0, 2.0]


def test_a_record_stored_elsewhere_meanwhile_refuses_the_unread_attempt_and_nothing_doubles(
    two_writers: tuple[Runtime, Runtime],
) -> None:
    """The second writer touches another case only: the first writer's cached case is still
    current, but its command cannot know that without reading, so it reads and decides again
    (on SQLite the first attempt's rows were rolled back by the head check)."""
    first, second = two_writers
    app = first.app
    case_id = open_case(first)
    other = open_case(second)
    version = activity(first, case_id, 1.0)
    activity(second, other, 5.0)
    head = app.recorder.max_notification_id()
    catch_ups = app.cache.catch_ups
    assert activity(first, case_id, 2.0) == version + 1
    assert app.cache.catch_ups == catch_ups + 1  # it read what the other writer stored
    assert app.recorder.max_notification_id() == head + 2  # the event and its record, once
    for reader in (first, second):
        assert hours_of(reader, case_id) == [1.0, 2.0]
        assert hours_of(reader, other) == [5.0]


def test_threads_of_two_writers_lose_nothing_and_repeat_nothing(
    two_writers: tuple[Runtime, Runtime],
) -> None:
    """Two threads on each writer: each on its own case and all on one shared case, each
    command sent twice. Every first delivery lands once (retried on a conflict), every second
    one answers as a repeat, whatever the cache decided unread and had to decide again."""
    first, second = two_writers
    own = [open_case(first) for _ in range(4)]
    shared = open_case(first)
    failures: list[BaseException] = []

    def work(runtime: Runtime, k: int) -> None:
        try:
            for n in range(12):
                for case_id in (own[k], shared):
                    command = meta(command_id=f"t{k}-{n}-{case_id.hex}")
                    send = partial(
                        runtime.app.record_activity,
                        command,
                        case_id,
                        occurred_on=DAY + timedelta(days=n),
                        kind=ActivityKind.ORIENTATION,
                        hours=float(k + 1),
                    )
                    while True:
                        try:
                            send()
                            break
                        except ConcurrencyConflict:
                            continue
                    assert send().replayed
        except BaseException as error:  # surfaced below, in the test's thread
            failures.append(error)

    threads = [threading.Thread(target=work, args=(two_writers[k // 2], k)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    for k in range(4):
        assert hours_of(second, own[k]) == [float(k + 1)] * 12
    assert sorted(hours_of(first, shared)) == sorted(
        float(k + 1) for k in range(4) for _ in range(12)
    )


def test_an_erasure_by_the_other_writer_empties_this_writers_cache(
    two_writers: tuple[Runtime, Runtime],
) -> None:
    """Crypto-shredding must not leave her decrypted values in a live worker's memory: the
    first writer holds her case (and, in other cases, other women's) in its cache; the second
    erases her; the first writer's next command sees the erasure and empties its cache."""
    from domain.shared.roles import ActorRole

    first, second = two_writers
    app = first.app
    person = register_woman(app, DAY)
    case_id = take_in_charge(app, person, "BILLAN2", DAY)
    other = take_in_charge(app, register_woman(app, DAY, "Other Woman"), "BILLAN2", DAY)
    activity(first, case_id, 1.0)
    assert len(app.cache) > 0
    second.app.erase_person(meta(ActorRole.ADMIN), person, occurred_on=DAY + timedelta(days=1))
    activity(first, other, 2.0)  # any command syncs with the log
    assert case_id not in {key for key in app.cache._items}
    assert person not in {key for key in app.cache._items}
