"""Group commit: concurrent commands of one API process share one store transaction.

A command's cost on SQLite is mostly the durable commit (an fsync); with 16 clients they would
queue behind each other's fsyncs. Here each request thread still checks and decides its own
command (load, rules, new events), then hands the events to one committer thread, which saves
whatever has queued up in one transaction. If that transaction conflicts, each command of the
group is saved alone, so a conflict refuses only the command that caused it — exactly what one
transaction per command would have done, with the same 409 for the loser.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import IntegrityError

from domain.shared.errors import ConcurrencyConflict

from . import timing

MAX_GROUP = 64


@dataclass
class _Pending:
    events: list[Any]
    done: threading.Event = field(default_factory=threading.Event)
    error: Exception | None = None
    saving: float = 0.0  # seconds its group's store transaction took (the rest was queueing)


class GroupCommit:
    """A `services.ports.Committer`: plug it in with `app.use_committer(GroupCommit(app.save))`.

    Thread-safe: any number of request threads may call `commit` at once; one thread saves.
    """

    def __init__(
        self, save: Callable[..., Any], lock: AbstractContextManager[Any] | None = None
    ) -> None:
        self._store = save
        self._lock = lock if lock is not None else nullcontext()
        self._queue: queue.Queue[_Pending | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
        self.groups = 0  # transactions, and commands saved through them (the bench reports both)
        self.commands = 0
        self.seconds = 0.0  # time spent in the store's save (the commit share of a command)

    def start(self) -> GroupCommit:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop after saving what has queued; unplug it from the application first."""
        self._queue.put(None)
        self._thread.join(timeout=10)

    def commit(self, events: Sequence[Any]) -> None:
        pending = _Pending(list(events))
        started = time.perf_counter()
        self._queue.put(pending)
        pending.done.wait()
        waited = time.perf_counter() - started
        timing.add("commit", pending.saving)
        timing.add("queue", max(0.0, waited - pending.saving))
        if pending.error is not None:
            raise pending.error

    def _take(self) -> tuple[list[_Pending], bool]:
        """Wait for one command, then take whatever else is queued; True once told to stop."""
        first = self._queue.get()
        if first is None:
            return [], True
        group = [first]
        while len(group) < MAX_GROUP:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                return group, True
            group.append(item)
        return group, False

    def _run(self) -> None:
        stopping = False
        while not stopping:
            group, stopping = self._take()
            if group:
                self._save(group)
        # A request that reached `commit` just before `stop` may still be queued.
        while True:
            try:
                late = self._queue.get(timeout=0.5)
            except queue.Empty:
                return
            if late is not None:
                self._save([late])

    def _save(self, group: list[_Pending]) -> None:
        started = time.perf_counter()
        try:
            with self._lock:
                started = time.perf_counter()  # waiting for another worker's commit is queueing
                self._store(*[event for pending in group for event in pending.events])
        except Exception as error:
            if len(group) > 1:
                for pending in group:
                    self._save([pending])
                return
            group[0].error = (
                ConcurrencyConflict(
                    "another command changed this record at the same time; reload and retry"
                )
                if isinstance(error, IntegrityError)
                else error
            )
        else:
            self.groups += 1
            self.commands += len(group)
        took = time.perf_counter() - started
        self.seconds += took
        for pending in group:
            pending.saving += took
            pending.done.set()
