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
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import IntegrityError

from domain.shared.errors import ConcurrencyConflict

MAX_GROUP = 64


@dataclass
class _Pending:
    events: list[Any]
    done: threading.Event = field(default_factory=threading.Event)
    error: Exception | None = None


class GroupCommit:
    """Replaces the application's `_commit` (outside batches) while installed."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._original = app._commit
        self._queue: queue.Queue[_Pending | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)

    def install(self) -> GroupCommit:
        self._thread.start()
        setattr(self._app, "_commit", self.commit)  # noqa: B010  (an instance override)
        return self

    def stop(self) -> None:
        setattr(self._app, "_commit", self._original)  # noqa: B010
        self._queue.put(None)
        self._thread.join(timeout=10)

    def commit(self, aggregates: list[Any]) -> None:
        if self._app._batch is not None:
            self._original(aggregates)
            return
        pending = _Pending([event for a in aggregates for event in a.collect_events()])
        self._queue.put(pending)
        pending.done.wait()
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
        # A request that took the old `_commit` just before `stop` may still be queued.
        while True:
            try:
                late = self._queue.get(timeout=0.5)
            except queue.Empty:
                return
            if late is not None:
                self._save([late])

    def _save(self, group: list[_Pending]) -> None:
        try:
            self._app.save(*[event for pending in group for event in pending.events])
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
        for pending in group:
            pending.done.set()
