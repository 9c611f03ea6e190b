"""A cache of aggregates for deciding commands, without replaying a whole history each time.

Replaying a case for every command cost more than the command's durable commit (profiled in
bench_commands), and the library's own cache deep-copies on every hit, which costs about as much
as the replay. This cache avoids both by *checking aggregates out*:

- `take` removes the aggregate, so two threads never mutate one object: a second command on the
  same aggregate meanwhile misses and replays from the store, as before.
- The taker fast-forwards it by folding only the events stored after its version (another
  process may have written them), then decides; the store's unique (aggregate, version) key
  still refuses a write decided on a stale state.
- Only after a successful commit does it go back (`put`); a refused command, a domain error or
  a conflict drops it, so a half-mutated object is never reused.

It is used to decide commands only, never to answer reads. Thread-safe; bounded (LRU).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any
from uuid import UUID


class AggregateCache:
    """Aggregates not in use, by id, least recently returned evicted first."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[UUID, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def take(self, aggregate_id: UUID) -> Any | None:
        """The cached aggregate, now owned by the caller, or None."""
        with self._lock:
            found = self._items.pop(aggregate_id, None)
            if found is None:
                self.misses += 1
            else:
                self.hits += 1
            return found

    def put(self, aggregate: Any) -> None:
        """Return an aggregate whose events are all stored (no pending events)."""
        if self.maxsize <= 0 or aggregate._pending_events:
            return
        with self._lock:
            self._items[aggregate.id] = aggregate
            self._items.move_to_end(aggregate.id)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
