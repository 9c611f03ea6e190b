"""A cache of aggregates for deciding commands, kept current by the log's position, not replays.

Replaying a case for every command cost more than the command's durable commit, the library's
own cache deep-copies on every hit (as costly as the replay), and asking the store "anything
newer for this case? for its programme?" cost a read each per command (ADR 0026). This cache
knows instead *up to which notification* it is current:

- `position`: every entry holds every stored event of its aggregate with a notification id up
  to here, unless it is marked *behind* (then its taker fast-forwards it from the store).
- `sync(head)` at the start of each command: if the log's head is the position, nothing was
  stored since and every entry is current (one indexed `MAX` read per command). Otherwise it
  reads the few notifications after the position (ids and versions, nothing decoded) and
  marks behind the entries they outdate; far behind, it drops every entry (an erasure may
  be among the unread records). A head *below* the position was read before this process's
  own save moved the position on (the API's group committer saves beside the request
  threads): nothing to read. Only the caller can tell that from a store that lost records,
  by reading the position before the head (`restart`).
- `saved(...)` after this process's own save: records at the ids right after the position
  move the position on without a read (nobody else wrote in between; ids follow commit order
  on SQLite's write lock and PostgreSQL's table lock).

Entries are *checked out*: `take` removes the aggregate, so two threads never mutate one object,
and registers its id as out; events noted while it is out are remembered, and `put` marks it
behind if one of them is newer than the aggregate. The store's unique (aggregate, version) key
still refuses a write decided on a state that changed after the command's sync. A refused
command, a domain error or a conflict never puts its aggregates back (`release` only), so a
half-mutated object is never reused. No copies: the object that was committed is the entry.

Small derived values (a programme's period) are kept the same way (`remember`, `known`).
It is used to decide commands only, never to answer reads. Thread-safe; bounded (LRU).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

#: Aggregate ids as the store gives them back (UUIDs here; the library allows strings).
Key = UUID | str

#: Beyond this many notifications behind, dropping every entry is cheaper than reading them.
CATCH_UP_LIMIT = 1_000
_FORGET = 1 << 63
"""An out entry's mark: not to be put back (the cache was emptied while it was out)."""
_NEVER = -1


class AggregateCache:
    """Aggregates not in use, by id, least recently returned evicted first."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Key, Any] = OrderedDict()
        self._behind: set[Key] = set()
        self._known: dict[Key, tuple[int, Any]] = {}  # id → (version, derived value)
        self._out: dict[Key, list[int]] = {}  # id → [takers, newest version noted meanwhile]
        self._position: int | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.catch_ups = 0  # syncs that had to read what others stored

    # -- position ---------------------------------------------------------------------------
    @property
    def position(self) -> int | None:
        with self._lock:
            return self._position

    def start(self, head: int) -> None:
        """Current as of `head` (an empty cache is current as of anything)."""
        with self._lock:
            self._position = head
            self._behind.update(self._items)
            self._known.clear()

    def sync(self, head: int, read: Callable[[int, int], Iterable[tuple[Key, int]]]) -> None:
        """Bring the cache to the log's `head`; `read(after, upto)` yields (id, version).

        A head at or below the position changes nothing: every record up to the position is
        this process's own or already noted, and one the head missed was saved after it was
        read. (Emptying the cache then, as this once did, made a quarter of the API's commands
        on SQLite replay their case: the p99 of ADR 0022.)"""
        if self.maxsize <= 0:
            return
        with self._lock:
            position = self._position
        if position is not None and head <= position:
            return
        self.catch_ups += 1
        if position is None or head - position > CATCH_UP_LIMIT:
            self.restart(head)  # far behind: reading every record costs more than replays
            return
        changes = list(read(position, head))  # outside the lock: it reads the store
        with self._lock:
            for aggregate_id, version in changes:
                self._note(aggregate_id, version)
            self._position = max(self._position or 0, head)

    def restart(self, head: int) -> None:
        """Trust nothing cached, current as of `head`: far behind (an erasure may be among the
        unread records), or a store holding fewer records than the cache counted (a backup
        restored under a running process)."""
        with self._lock:
            self._forget_all()
            self._position = head

    def saved(self, records: Iterable[tuple[int, Key, int]]) -> None:
        """This process stored these (notification id, aggregate id, version)."""
        with self._lock:
            position = self._position
            for notification_id, aggregate_id, version in records:
                self._note(aggregate_id, version)
                # In order, each right after the last: nobody else stored anything between.
                if position is not None:
                    position = position + 1 if notification_id == position + 1 else None
            if position is not None:
                self._position = position

    # -- entries ----------------------------------------------------------------------------
    def take(self, aggregate_id: UUID) -> tuple[Any | None, bool]:
        """(The cached aggregate, now owned by the caller, or None; True if it is behind).

        The id is out until `release`, whether or not it was cached: a replayed copy is
        checked the same way when it is put back."""
        with self._lock:
            out = self._out.setdefault(aggregate_id, [0, _NEVER])
            out[0] += 1
            found = self._items.pop(aggregate_id, None)
            behind = aggregate_id in self._behind
            self._behind.discard(aggregate_id)
            if found is None:
                self.misses += 1
            else:
                self.hits += 1
            return found, behind

    def put(self, aggregate: Any) -> None:
        """Return an aggregate whose events are all stored (no pending events)."""
        if self.maxsize <= 0 or aggregate._pending_events:
            return
        key = aggregate.id
        with self._lock:
            out = self._out.get(key)
            if out is not None and out[1] == _FORGET:
                return  # the cache was emptied while it was out (an erasure, far behind)
            present = self._items.get(key)
            if present is not None and present.version >= aggregate.version:
                return
            self._items[key] = aggregate
            self._items.move_to_end(key)
            if out is not None and out[1] > aggregate.version:
                self._behind.add(key)  # stored by another writer after it was loaded
            else:
                self._behind.discard(key)
            while len(self._items) > self.maxsize:
                evicted, _ = self._items.popitem(last=False)
                self._behind.discard(evicted)

    def release(self, aggregate_id: UUID) -> None:
        """The caller is done with what it took (after `put`, or instead of it)."""
        with self._lock:
            out = self._out.get(aggregate_id)
            if out is not None:
                out[0] -= 1
                if out[0] <= 0:
                    del self._out[aggregate_id]

    def known(self, aggregate_id: UUID) -> Any | None:
        """A value derived from the aggregate, if current."""
        with self._lock:
            found = self._known.get(aggregate_id)
        return None if found is None else found[1]

    def remember(self, aggregate_id: UUID, version: int, value: Any) -> None:
        """Keep `value`, derived from the aggregate at `version`. Only while the id is out
        (taken for the read it came from): then a newer version noted meanwhile refuses it."""
        if self.maxsize <= 0:
            return
        with self._lock:
            out = self._out.get(aggregate_id)
            if out is not None and out[1] <= version:
                self._known[aggregate_id] = (version, value)

    def clear(self) -> None:
        """Forget every aggregate, also those out now (they are not put back): after an
        erasure no decrypted value of hers may stay in memory."""
        with self._lock:
            self._forget_all()

    def __len__(self) -> int:
        return len(self._items)

    # -- under the lock ---------------------------------------------------------------------
    def _note(self, aggregate_id: Key, version: int) -> None:
        entry = self._items.get(aggregate_id)
        if entry is not None and entry.version < version:
            self._behind.add(aggregate_id)
        known = self._known.get(aggregate_id)
        if known is not None and known[0] < version:
            del self._known[aggregate_id]
        out = self._out.get(aggregate_id)
        if out is not None and out[1] < version:
            out[1] = version

    def _forget_all(self) -> None:
        """Far behind (or told to clear): drop everything rather than keep stale aggregates
        marked behind — an erasure among the unread records must not leave her values here."""
        self._items.clear()
        self._behind.clear()
        self._known.clear()
        for out in self._out.values():
            out[1] = _FORGET
