"""The command cache's bookkeeping (services/aggregate_cache.py): what it trusts, and when not.

These drive the cache directly with small stand-ins for aggregates; the integration tests
(tests/integration/test_command_cache.py) drive it through real commands on real stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID, uuid4

from services.aggregate_cache import CATCH_UP_LIMIT, AggregateCache


@dataclass
class Stub:
    """What the cache reads of an aggregate: its id, version and pending events."""

    id: UUID
    version: int
    _pending_events: list[object] = field(default_factory=list)


def cached(cache: AggregateCache, aggregate: Stub) -> None:
    """Load-and-give-back, as a command that took it would."""
    cache.take(aggregate.id)
    cache.put(aggregate)
    cache.release(aggregate.id)


def no_reads(after: int, upto: int) -> list[tuple[UUID, int]]:
    raise AssertionError(f"read ({after}, {upto}] although nothing was stored")


def test_own_saves_right_after_the_position_move_it_on_without_a_read() -> None:
    cache = AggregateCache(8)
    cache.start(10)
    a = Stub(uuid4(), 3)
    cached(cache, a)
    cache.saved([(11, a.id, 3), (12, uuid4(), 1)])
    assert cache.position == 12
    cache.sync(12, no_reads)  # the head is the position: nothing to read
    assert cache.take(a.id) == (a, False)


def test_a_gap_before_an_own_save_leaves_the_position_for_the_next_sync_to_read() -> None:
    cache = AggregateCache(8)
    cache.start(10)
    a = Stub(uuid4(), 3)
    cached(cache, a)
    cache.saved([(12, uuid4(), 1)])  # id 11 is someone else's
    assert cache.position == 10
    cache.sync(12, lambda after, upto: [(a.id, 4), (uuid4(), 1)])
    assert cache.position == 12 and cache.catch_ups == 1
    found, behind = cache.take(a.id)
    assert found is a and behind  # fast-forward it from the store before use


def test_a_sync_marks_behind_only_what_others_changed() -> None:
    cache = AggregateCache(8)
    cache.start(5)
    a, b = Stub(uuid4(), 2), Stub(uuid4(), 7)
    cached(cache, a)
    cached(cache, b)
    cache.sync(7, lambda after, upto: [(b.id, 7), (a.id, 3)])  # b's 7 is what it holds
    assert cache.take(a.id) == (a, True)
    assert cache.take(b.id) == (b, False)


def test_far_behind_every_entry_is_dropped_without_reading() -> None:
    """More than CATCH_UP_LIMIT records unread: anything may be among them (an erasure too),
    so nothing cached is kept, and what is out now is not put back."""
    cache = AggregateCache(8)
    cache.start(0)
    a, b = Stub(uuid4(), 2), Stub(uuid4(), 3)
    cached(cache, a)
    cache.remember(a.id, 2, "derived")  # not out: refused
    assert cache.known(a.id) is None
    assert cache.take(b.id) == (None, False)  # out while the cache falls far behind
    cache.sync(CATCH_UP_LIMIT + 1, no_reads)
    assert cache.position == CATCH_UP_LIMIT + 1
    assert cache.take(a.id) == (None, False)
    cache.put(b)
    cache.release(b.id)
    assert len(cache) == 0


def test_a_head_read_before_an_own_save_moved_the_position_keeps_every_entry() -> None:
    """The API's group committer saves beside the request threads: a head read just before
    its save is below the position when the sync runs. Nothing was lost and nothing is to be
    read; emptying the cache there made a quarter of the API's commands replay their case."""
    cache = AggregateCache(8)
    cache.start(10)
    a = Stub(uuid4(), 2)
    cached(cache, a)
    cache.saved([(11, uuid4(), 1), (12, uuid4(), 1)])  # after the head (10) was read
    cache.sync(10, no_reads)
    assert cache.position == 12
    assert cache.take(a.id) == (a, False)


def test_a_restart_trusts_nothing_and_what_is_out_is_not_put_back() -> None:
    cache = AggregateCache(8)
    cache.start(20)
    a, b = Stub(uuid4(), 2), Stub(uuid4(), 3)
    cached(cache, a)
    cache.take(b.id)
    cache.restart(15)  # the store holds fewer records than the cache counted
    assert cache.position == 15
    assert cache.take(a.id) == (None, False)
    cache.put(b)
    assert len(cache) == 0


def test_a_change_stored_while_an_aggregate_is_out_makes_it_come_back_behind() -> None:
    """Taken at version 4 and committed as 5; another writer's 6 is noted before it is put back:
    a cache that trusted the position would keep 5 as current."""
    cache = AggregateCache(8)
    cache.start(20)
    a = Stub(uuid4(), 4)
    assert cache.take(a.id) == (None, False)  # a miss: it is replayed, and out all the same
    a.version = 5
    cache.saved([(21, a.id, 5)])
    cache.sync(22, lambda after, upto: [(a.id, 6)])
    cache.put(a)
    cache.release(a.id)
    assert cache.take(a.id) == (a, True)


def test_a_derived_value_is_kept_until_its_aggregate_changes() -> None:
    cache = AggregateCache(8)
    cache.start(1)
    programme = uuid4()
    cache.take(programme)
    cache.remember(programme, 3, "2006–2010")
    cache.release(programme)
    assert cache.known(programme) == "2006–2010"
    cache.sync(2, lambda after, upto: [(programme, 3)])  # its own version: still current
    assert cache.known(programme) == "2006–2010"
    cache.sync(3, lambda after, upto: [(programme, 4)])
    assert cache.known(programme) is None


def test_a_value_derived_from_a_state_others_have_moved_past_is_not_kept() -> None:
    cache = AggregateCache(8)
    cache.start(1)
    programme = uuid4()
    cache.take(programme)
    cache.sync(2, lambda after, upto: [(programme, 4)])  # stored while it was being read
    cache.remember(programme, 3, "stale")
    cache.release(programme)
    assert cache.known(programme) is None


def test_an_older_copy_never_replaces_a_newer_one() -> None:
    cache = AggregateCache(8)
    cache.start(1)
    new, old = Stub(uuid4(), 5), None
    old = Stub(new.id, 4)
    cached(cache, new)
    cache.put(old)
    assert cache.take(new.id)[0] is new


def test_aggregates_with_pending_events_and_a_disabled_cache_keep_nothing() -> None:
    cache = AggregateCache(8)
    cache.start(1)
    cached(cache, Stub(uuid4(), 1, ["unsaved"]))
    assert len(cache) == 0
    off = AggregateCache(0)
    off.start(1)
    cached(off, Stub(uuid4(), 1))
    off.sync(5, no_reads)  # a disabled cache never reads
    assert len(off) == 0
