"""Analytics "as of" an earlier log position or date, to reproduce a past report.

The live snapshot only moves forward, so an earlier position gets its own projection: the same
worker code, fed the log up to that position (inclusive), written into `data_dir/asof/` and
published as a read-only snapshot. Built once per position, then reused. A date means the log
as it stood at the end of that day by *recorded* time (what a report printed then would show).
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from projections.queries import AnalyticsReader, snapshot_path

from .analytics.runner import runtime_for_worker
from .analytics.store import AnalyticsStore
from .analytics.worker import ProjectionWorker
from .bootstrap import Runtime
from .secrets import pseudonym_secret
from .settings import Settings


class AsOfSnapshots:
    """Historical snapshots by log position; thread-safe, built lazily, kept on disk."""

    def __init__(self, settings: Settings, batch_size: int = 5000, keep: int = 8) -> None:
        self.settings = settings
        self.batch_size = batch_size
        self.keep = keep
        self.folder = settings.resolved_data_dir / "asof"
        self._lock = threading.Lock()
        self._runtime: Runtime | None = None
        self._readers: dict[int, AnalyticsReader] = {}

    def _app_runtime(self) -> Runtime:
        if self._runtime is None:
            self._runtime = runtime_for_worker(self.settings)
        return self._runtime

    def position_at_end_of(self, day: date) -> int:
        """The last log position recorded on or before `day` (0 if the log started later)."""
        app = self._app_runtime().app
        limit = datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
        low, high = 0, app.recorder.max_notification_id() or 0
        while low < high:  # recorded times grow with notification ids
            middle = (low + high + 1) // 2
            page = app.recorder.select_notifications(middle, 1)
            if not page:
                high = middle - 1
                continue
            event: Any = app.mapper.to_domain_event(page[0])
            stamp = event.timestamp
            if stamp < limit:
                low = page[0].id
            else:
                high = middle - 1
        return low

    def reader(self, position: int) -> AnalyticsReader:
        with self._lock:
            found = self._readers.get(position)
            if found is None:
                path = self.folder / f"analytics-at-{position}.duckdb"
                if not snapshot_path(path).exists():
                    self._build(path, position)
                found = self._readers[position] = AnalyticsReader.beside(path)
                self._forget_old()
            return found

    def _forget_old(self) -> None:
        while len(self._readers) > self.keep:
            oldest = next(iter(self._readers))
            self._readers.pop(oldest).close()

    def _build(self, path: Path, position: int) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        runtime = self._app_runtime()
        store = AnalyticsStore(path)
        try:
            worker = ProjectionWorker(
                runtime.app, store, pseudonym_secret(self.settings), batch_size=self.batch_size
            )
            worker.catch_up(until=position)
            store.publish()
        finally:
            store.close()
        Path(path).unlink(missing_ok=True)  # only the published snapshot is needed

    def close(self) -> None:
        with self._lock:
            for reader in self._readers.values():
                reader.close()
            self._readers.clear()
            if self._runtime is not None:
                self._runtime.close()
                self._runtime = None
