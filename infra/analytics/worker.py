"""The projection worker: follows the one notification log in order, in batches, into DuckDB.

It reads only the topics analytics use (topics.py: bookkeeping such as CommandRecord is not
even read), decodes them with the projection's decoder (decoding.py), hands the events to the
pure projector, and writes each batch with its tracking position in one DuckDB transaction.
Notification ids may have gaps: the next batch starts after the last id seen (or at the bound
the read reached), never at position + 1 by arithmetic.

An as-of build (ADR 0010) is the same worker on a fresh file: `catch_up(until=P)` stops at log
position P, and `up_to_day=D` lets through only what had happened by business date D.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID

from projections.projector import KEEP_SETTLED, Changes, Projector
from services.app import Percorsi

from ..settings import Settings
from .decoding import ProjectionDecoder
from .prefetch import CHUNK, LocalPages, Pages, SharedPages
from .purge import left_out_since
from .store import AnalyticsStore
from .topics import PURGING_NAMES, REFERRED_TOPIC, TIMELESS

PAGE = 10_000  # notifications per read: decoded events are folded and dropped page by page
PREFETCH_MIN = 50_000  # a shorter catch-up does not repay starting a reader process (~1-2 s)

Progress = Callable[[int, int], None]
Stop = Callable[[], bool]


class Stopped(Exception):
    """A stop was asked for (SIGTERM, Ctrl-C) in the middle of a batch: nothing of it was
    written, the tracking position is where the last committed batch left it."""


def _never() -> bool:
    return False


class ProjectionWorker:
    def __init__(
        self,
        app: Percorsi,
        store: AnalyticsStore,
        secret: bytes,
        *,
        batch_size: int = 250_000,
        up_to_day: date | None = None,
        keep_settled: int = KEEP_SETTLED,
        prefetch_from: Settings | None = None,
        prefetch_min: int = PREFETCH_MIN,
        chunk: int = CHUNK,
    ) -> None:
        """`prefetch_from`: the settings to open the store with in a reader process, so a
        long catch-up reads and decodes on both cores, `chunk` log ids at a time (prefetch.py);
        None: one core."""
        self.app = app
        self.prefetch_from = prefetch_from
        self.prefetch_min = prefetch_min
        self.chunk = chunk
        self._pages: Pages | None = None
        self.decoder = ProjectionDecoder(app.mapper)
        self.store = store
        self.batch_size = batch_size
        self.up_to_day = up_to_day
        self.projector = Projector(
            secret, self._history, up_to_day=up_to_day, keep_settled=keep_settled
        )
        status = store.status()
        self.position = status.position
        self.projector.business_date = status.business_date
        self.purge_due = False  # rows were deleted for an erasure: rewrite the file
        if self.position:
            self._warm_index()

    def _history(self, aggregate_id: UUID, version: int | None) -> list[Any]:
        return [e for e in self.app.events.get(aggregate_id, lte=version) if self._admits(e)]

    def _admits(self, event: Any) -> bool:
        """In an as-of-date build: dated by then, or timeless (see TIMELESS)."""
        day = self.up_to_day
        if day is None or event.occurred_on <= day:
            return True
        return type(event).__qualname__.startswith(TIMELESS)

    def _warm_index(self) -> None:
        """After a restart: who has which cases (profile changes touch all her cases)."""
        start = 0
        while True:
            page = self.app.recorder.select_notifications(
                start, 10_000, stop=self.position, topics=[REFERRED_TOPIC], inclusive_of_start=False
            )
            if not page:
                return
            for notification in page:
                event: Any = self.app.mapper.to_domain_event(notification)
                self.projector.index_case(event.originator_id, event.person_id)
            start = page[-1].id

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def step(
        self, head: int | None = None, *, until: int | None = None, stop: Stop = _never
    ) -> int:
        """Project one transaction's worth of events; returns how many were read (0 with the
        position unmoved means caught up; a tail of command records moves it with 0 events).

        `stop` is asked between pages: a stop abandons the batch before anything is written
        (raising Stopped), so a signal takes effect within a page, never half a batch.

        Pages are read and folded one after the other (decoded events are dropped once
        folded); rows are computed once per touched case when the transaction is written, so
        a long rebuild recomputes each case a few times, not once per page.
        """
        bounds = [b for b in (head, until) if b is not None]
        bound = min(bounds) if bounds else self.head()
        pages = self._pages or LocalPages(self.app.recorder, self.decoder, bound)
        read = folded = 0
        position = self.position
        with _collector_paused():
            while read < self.batch_size and position < bound:
                if stop():
                    raise Stopped(f"stopped at position {self.position}")
                events, position = pages.next_page(position, min(PAGE, self.batch_size - read))
                # Rows deleted for her leave bytes only if an earlier batch wrote them: the
                # first batch of an empty file never writes an erased woman's rows at all.
                if self.position and not self.purge_due:
                    self.purge_due = any(type(e).__qualname__ in PURGING_NAMES for e in events)
                read += len(events)
                if self.up_to_day is not None:
                    events = [e for e in events if self._admits(e)]
                folded += self.projector.feed(events)
            if position == self.position:
                return 0
            if stop():
                raise Stopped(f"stopped at position {self.position}")
            changes = self.projector.flush()
        self.store.write(changes, position=position, head=max(head or 0, position), events=folded)
        self.position = position
        return read

    def catch_up(
        self, progress: Progress | None = None, *, until: int | None = None, stop: Stop = _never
    ) -> int:
        """Project until the head seen at the start (or `until`, for as-of snapshots).

        A batch that deleted rows (an erasure, a withdrawn consent) has the file rewritten
        once the catch-up ends, before anyone reads it: once per catch-up, not per batch.

        With `until` the tracking position ends at exactly `until` once every notification up
        to it is in (ids may have gaps), so the snapshot says the position it was asked for.
        `stop` is asked between pages: a signal ends the work without a half-written batch.
        """
        head = self.head() if until is None else min(until, self.head())
        total = 0
        if self.prefetch_from is not None and head - self.position >= self.prefetch_min:
            local = LocalPages(self.app.recorder, self.decoder, head)
            self._pages = SharedPages(
                self.prefetch_from, local, self.position, head, chunk=self.chunk
            )
        try:
            while self.position < head:
                before = self.position
                total += self.step(head, until=until, stop=stop)
                if self.position == before:
                    break
                if progress is not None:
                    progress(self.position, head)
        finally:
            if self._pages is not None:
                self._pages.close()
                self._pages = None
            if self.purge_due:  # her pseudonyms leave the file, not only the tables (ADR 0005)
                self.store.compact()
                self.purge_due = False
        if until is not None and not stop() and self.position < until <= self.head():
            self.store.write(Changes(), position=until, head=until, events=0)
            self.position = until
        self.store.mark_run(max(head, self.position))
        return total

    def purge_since(self, after: int) -> int:
        """Leave out of this file the women erased, and the cases whose analytics consent ends
        withdrawn, after log position `after` (ADR 0005, 0010).

        An as-of build stops at its position, but whether her data may be used is decided now:
        a snapshot of last year must not bring back a woman erased since. Returns the number
        of cases removed. Only the published copy is kept, so the bytes go with the rows.
        """
        persons, cases = left_out_since(self.app, after)
        keys = self.projector.keys
        return self.store.purge(
            person_keys=[keys.key("person", p) for p in persons],
            case_keys=[keys.key("case", c) for c in cases],
        )

    def follow(
        self,
        *,
        poll_seconds: float = 1.0,
        publish_seconds: float = 5.0,
        stop: Callable[[], bool] = lambda: False,
        progress: Progress | None = None,
    ) -> None:
        """Catch up, publish, and keep following until `stop()` says so (SQLite has no push)."""
        published_at = self.position
        last_publish = 0.0
        while not stop():
            self.catch_up(progress, stop=stop)
            due = time.monotonic() - last_publish >= publish_seconds
            if self.position != published_at and due:
                self.store.publish()
                published_at, last_publish = self.position, time.monotonic()
            deadline = time.monotonic() + poll_seconds
            while not stop() and time.monotonic() < deadline:
                time.sleep(min(0.1, poll_seconds))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Decoding allocates millions of small acyclic objects; the cyclic collector would rescan
    the growing heap again and again (measured: ~40% of a rebuild). Paused per transaction."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
