"""Analytics "as of" an earlier log position and/or business date, to reproduce a past report.

The live snapshot only moves forward, so an earlier view gets its own projection: the same
worker code on a fresh file, fed the log up to position P (inclusive) and, for a business date
D, only what had happened by D (ADR 0010). It is written into `data_dir/asof/`, published as a
read-only snapshot whose tracking position is exactly P, built once and then reused.

Business time, not recorded time: on imported or seeded data every event was recorded on the
day of the import, so "the log as it stood on 2015-06-30" would be empty; "what had happened by
2015-06-30" is the question a past report answered.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

from projections.projector import KEEP_SETTLED
from projections.queries import AnalyticsReader, snapshot_path

from .analytics.runner import runtime_for_worker
from .analytics.store import AnalyticsStore
from .analytics.worker import ProjectionWorker
from .bootstrap import Runtime
from .secrets import pseudonym_secret
from .settings import Settings

Key = tuple[int, date | None]


class AsOfSnapshots:
    """Historical snapshots by (log position, business date); thread-safe, built lazily."""

    def __init__(
        self,
        settings: Settings,
        batch_size: int = 5000,
        keep: int = 8,
        reuse_seconds: float = 600.0,
        keep_settled: int = KEEP_SETTLED,
    ) -> None:
        self.settings = settings
        self.keep_settled = keep_settled  # the worker's memory bound (tests lower it)
        self.batch_size = batch_size
        self.keep = keep
        self.reuse_seconds = reuse_seconds
        self.folder = settings.resolved_data_dir / "asof"
        self._lock = threading.Lock()
        self._runtime: Runtime | None = None
        self._readers: dict[Key, AnalyticsReader] = {}
        self._by_day: dict[date, tuple[int, float]] = {}

    def _app_runtime(self) -> Runtime:
        if self._runtime is None:
            self._runtime = runtime_for_worker(self.settings)
        return self._runtime

    def head(self) -> int:
        """The last position of the event log (not of any snapshot)."""
        return self._app_runtime().app.recorder.max_notification_id() or 0

    def reader(self, position: int, day: date | None = None) -> AnalyticsReader:
        """The snapshot of exactly the log up to `position`, and up to business date `day`."""
        with self._lock:
            key = (position, day)
            found = self._readers.pop(key, None)
            if found is None:
                name = f"analytics-at-{position}" + (f"-on-{day.isoformat()}" if day else "")
                path = self.folder / f"{name}.duckdb"
                if not snapshot_path(path).exists():
                    self._build(path, position, day)
                found = AnalyticsReader.beside(path)
            self._readers[key] = found  # most recently used last
            if day is not None:
                self._by_day[day] = (position, time.monotonic())
            self._forget_old()
            return found

    def on_day(self, day: date, live_position: int) -> AnalyticsReader:
        """As of business date `day` at the live position, or at the position of a build for
        that day made less than `reuse_seconds` ago (a busy log would otherwise rebuild on
        every request). The reader's position says which one was used."""
        with self._lock:
            recent = self._by_day.get(day)
        if recent is not None and time.monotonic() - recent[1] < self.reuse_seconds:
            return self.reader(recent[0], day)
        return self.reader(live_position, day)

    def _forget_old(self) -> None:
        while len(self._readers) > self.keep:
            oldest = next(iter(self._readers))
            self._readers.pop(oldest).close()

    def _build(self, path: Path, position: int, day: date | None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Always from zero: a working file left by an interrupted build would resume with
        # aggregates loaded whole, and an as-of build must see nothing after its position.
        path.unlink(missing_ok=True)
        Path(f"{path}.wal").unlink(missing_ok=True)
        runtime = self._app_runtime()
        store = AnalyticsStore(path)
        try:
            worker = ProjectionWorker(
                runtime.app,
                store,
                pseudonym_secret(self.settings),
                batch_size=self.batch_size,
                up_to_day=day,
                keep_settled=self.keep_settled,
            )
            worker.catch_up(until=position)
            worker.purge_since(position)  # erased since P: still left out (ADR 0005)
            store.publish()
        finally:
            store.close()
        path.unlink(missing_ok=True)  # only the published snapshot is needed
        Path(f"{path}.wal").unlink(missing_ok=True)

    def close(self) -> None:
        with self._lock:
            for reader in self._readers.values():
                reader.close()
            self._readers.clear()
            if self._runtime is not None:
                self._runtime.close()
                self._runtime = None
