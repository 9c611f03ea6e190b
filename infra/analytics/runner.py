"""`project` and `rebuild`: one writer at a time, schema checks, rebuild-and-swap, progress.

Rebuilds go into a new file beside the live one and replace it by atomic rename once caught
up; an interrupted rebuild resumes from its own tracking position on the next run.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from projections import schema

from ..bootstrap import Runtime, build
from ..secrets import pseudonym_secret
from ..settings import Settings
from .store import AnalyticsStore, Status
from .worker import ProjectionWorker, Stopped


class WorkerBusy(RuntimeError):
    """Another process holds the analytics writer lock (DuckDB admits one writer)."""


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("—" if speed is None else f"{speed:,.0f} ev/s")


def rebuild_path(settings: Settings) -> Path:
    path = settings.duckdb_path
    return path.with_name(path.name.removesuffix(".duckdb") + ".rebuild.duckdb")


@contextmanager
def writer_lock(settings: Settings) -> Iterator[None]:
    path = settings.duckdb_path.with_name(settings.duckdb_path.name + ".lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WorkerBusy(
                "un altro processo sta già proiettando / another projection worker is running"
            ) from None
        yield
    finally:
        os.close(fd)


@contextmanager
def shown(enabled: bool, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar (rate, ETA) fed with (position, head)."""
    if not enabled:
        yield None
        return
    columns = [TextColumn(label), BarColumn(), MofNCompleteColumn(), _Rate(), TimeRemainingColumn()]
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task(label, total=None)
        first: list[int] = []

        def update(position: int, head: int) -> None:
            if not first:
                first.append(position)
            bar.update(task, completed=position, total=head)

        yield update


def runtime_for_worker(settings: Settings) -> Runtime:
    """The worker never sees personal data: sealed values decode as None."""
    return build(settings, reveal=False, load_catalogue=False)


def _catch_up(
    runtime: Runtime, path: Path, batch_size: int, progress: bool, label: str, parallel: bool
) -> Status:
    store = AnalyticsStore(path)
    try:
        worker = ProjectionWorker(
            runtime.app,
            store,
            pseudonym_secret(runtime.settings),
            batch_size=batch_size,
            prefetch_from=runtime.settings if parallel else None,
        )
        with shown(progress, label) as update:
            worker.catch_up(update)
        return store.status()
    finally:
        store.close()


def _swap_in(settings: Settings, built: Path) -> None:
    live = settings.duckdb_path
    Path(f"{live}.wal").unlink(missing_ok=True)  # never replay an old WAL onto the new file
    os.replace(built, live)


def rebuild(
    settings: Settings,
    *,
    batch_size: int = 250_000,
    fresh: bool = False,
    progress: bool = True,
    runtime: Runtime | None = None,
    parallel_decode: bool | None = None,
) -> Status:
    """Build from zero into a new file, swap it in atomically, publish the snapshot.

    `parallel_decode`: read, decrypt and decode on both cores, in a reader process and in this
    one whenever it would otherwise wait (infra/analytics/prefetch.py). By default (None) only
    for a long log on a machine with a second core (ADR 0021; ADR 0027 "Second pass" for how
    the work is shared now)."""
    if parallel_decode is None:
        parallel_decode = _long_log(settings)
    with writer_lock(settings):
        return _rebuild_locked(settings, batch_size, fresh, progress, runtime, parallel_decode)


PARALLEL_DECODE_FROM = 200_000
"""Stored records from which a rebuild decodes on both cores by default. Since both processes
share the chunks (ADR 0027, second pass) `demo` (0.26 M) is faster that way too (quiet: 5.4 and
4.7 s against 6.2 and 6.1 s in one process); below it a spawn's start-up is most of the gain."""


def _long_log(settings: Settings) -> bool:
    if (os.cpu_count() or 1) < 2:
        return False
    runtime = runtime_for_worker(settings)
    try:
        return (runtime.app.recorder.max_notification_id() or 0) >= PARALLEL_DECODE_FROM
    finally:
        runtime.close()


def _rebuild_locked(
    settings: Settings,
    batch_size: int,
    fresh: bool,
    progress: bool,
    runtime: Runtime | None,
    parallel: bool = False,
) -> Status:
    target = rebuild_path(settings)
    if fresh or _stale(target):
        target.unlink(missing_ok=True)
        Path(f"{target}.wal").unlink(missing_ok=True)
    from_empty = not target.exists()  # a resumed rebuild is published row by row
    own = runtime is None
    runtime = runtime or runtime_for_worker(settings)
    try:
        _catch_up(runtime, target, batch_size, progress, "ricostruzione / rebuild", parallel)
    finally:
        if own:
            runtime.close()
    _swap_in(settings, target)
    store = AnalyticsStore(settings.duckdb_path)
    try:
        store.publish(whole_file=from_empty)
        return store.status()
    finally:
        store.close()


def _stale(path: Path) -> bool:
    """A leftover rebuild file written with another schema version cannot be resumed."""
    if not path.exists():
        return False
    store = AnalyticsStore(path)
    try:
        return store.status().schema_version != schema.SCHEMA_VERSION
    finally:
        store.close()


def project(
    settings: Settings,
    *,
    batch_size: int = 250_000,
    follow: bool = False,
    poll_seconds: float = 1.0,
    progress: bool = True,
    stop: Callable[[], bool] = lambda: False,
) -> Status:
    """Catch up (rebuilding first if the schema changed), publish, and optionally follow."""
    with writer_lock(settings):
        live = settings.duckdb_path
        if live.exists() and _stale(live):
            _rebuild_locked(settings, batch_size, True, progress, None)
        runtime = runtime_for_worker(settings)
        store = AnalyticsStore(live)
        try:
            worker = ProjectionWorker(
                runtime.app,
                store,
                pseudonym_secret(settings),
                batch_size=batch_size,
            )
            with shown(progress, "proiezione / projecting") as update:
                try:
                    worker.catch_up(update, stop=stop)
                    if follow:
                        store.publish()
                        worker.follow(poll_seconds=poll_seconds, stop=stop, progress=update)
                except Stopped:
                    pass  # the last committed batch stands
                if not stop():  # stopping: the next start publishes (a copy can take seconds)
                    store.publish()
            return store.status()
        finally:
            store.close()
            runtime.close()


def purge_after_erasure(settings: Settings) -> bool:
    """Project the erasure now, so her rows and their bytes leave the analytics files.

    Called by the erasure path. When a worker is following the log it does this itself within
    seconds (the batch holding the erasure rewrites the file, then the snapshot is republished):
    then this returns False without waiting. With no analytics file there is nothing to purge.
    """
    if not settings.duckdb_path.exists():
        return False
    try:
        project(settings, progress=False)
    except WorkerBusy:
        return False
    return True
