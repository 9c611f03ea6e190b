"""Shared benchmark plumbing: a result row, timing, peak memory, and scratch data dirs."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass
class Result:
    """One figure beside the baseline measured in the same run; `ratio` = value / baseline."""

    name: str
    value: float
    unit: str
    baseline: str | None = None
    baseline_value: float | None = None
    target: str | None = None

    @property
    def ratio(self) -> float | None:
        if not self.baseline_value:
            return None
        return self.value / self.baseline_value

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as t: ...` then t[0] holds elapsed seconds."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


@contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    root = Path("var/bench")
    root.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


SEED = 7
STORES = Path("var/bench/stores")


def cached_store(size: str, seed: int = SEED) -> Path:
    """Where a seeded store of `size` and `seed` is kept between bench runs (re-used)."""
    return STORES / f"{size}-seed{seed}"


def is_complete(store: Path) -> bool:
    return (store / ".complete").exists()


def seed_into(data_dir: Path, size: str, seed: int = SEED, progress: bool = False) -> Any:
    """Seed `size` through the application services into a new store under `data_dir`."""
    from infra.bootstrap import build
    from infra.settings import Settings
    from infra.synthetic import seed as run_seed

    runtime = build(Settings(data_dir=data_dir))
    try:
        return run_seed(runtime, size=size, seed=seed, progress=progress)
    finally:
        runtime.close()


FIGURES = "seed-figures.json"


def seeded_store(size: str, seed: int = SEED) -> tuple[Path, dict[str, Any]]:
    """The cached seeded store of `size` and the figures of the run that built it.

    Seeds it (the whole of `make bench BENCH_SIZE=large`'s seeding) only when no complete
    store with its figures is cached; whichever bench asks first builds it, and `bench_seed`
    then reports that run's figures. Delete var/bench/stores to seed afresh.
    """
    from infra.synthetic.distributions import WOMEN_BY_SIZE
    from infra.synthetic.seeding import UNIT_WOMEN, default_workers

    store = cached_store(size, seed)
    figures_file = store / FIGURES
    if is_complete(store) and figures_file.exists():
        return store, json.loads(figures_file.read_text())
    shutil.rmtree(store, ignore_errors=True)
    store.mkdir(parents=True)
    load = os.getloadavg()[0]
    report = seed_into(store, size, seed, progress=size != "small")
    figures = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "stored": report.stored,
        "events": report.events,
        "cases": report.cases,
        "seconds": report.seconds,
        "rss_mib": report.peak_rss_mib,
        "workers": min(default_workers(), -(-WOMEN_BY_SIZE[size] // UNIT_WOMEN)),
        "load": max(load, os.getloadavg()[0]),
    }
    figures_file.write_text(json.dumps(figures))
    (store / ".complete").write_text("")
    return store, figures


def ensure_ready(store: Path) -> None:
    """Leave the cached store as a server leaves a store it has served: the audit chain
    extended over it with a signed verification mark, and the case index file written (the
    API's lists and the caseload's dates, ADR 0024).

    A server started on a bare copy would first chain 5.2 M records and fold every case (at
    `large`, minutes of a core): start-up work, not the cost of a command or a page, and it
    held the server's shutdown past the bench's wait (ADR 0024). Done once per cached store.
    """
    from infra.api.case_index import case_index_path, write_index_file
    from infra.settings import Settings

    settings = Settings(data_dir=store)
    marker = store / ".ready"
    if marker.exists() and case_index_path(settings).exists():
        return
    from infra.audit.chain import extend
    from infra.audit.incremental import full_check
    from infra.bootstrap import build

    runtime = build(settings)
    try:
        extend(runtime, by="bench")
        full_check(runtime)
        write_index_file(runtime.app, case_index_path(settings))
    finally:
        runtime.close()
    marker.write_text("")


def seed_store(data_dir: Path, size: str) -> None:
    """A seeded store of `size` under `data_dir`: a copy of the cached one, seeded once.

    `make bench BENCH_SIZE=large` then seeds `large` once (minutes), not once per bench and
    run. The copy keeps its secrets and key store. Every bench gets its own copy (4.0 GB at
    `large`, seconds): a hard link would share the file with benches that write, and
    SQLite's checkpoints write into the main file (ADR 0023).
    """
    store, _ = seeded_store(size)
    ensure_ready(store)
    shutil.copytree(store, data_dir, dirs_exist_ok=True)


def seeded_snapshot(data_dir: Path, size: str) -> Path:
    """Seed `size`, build the analytics, and return the published snapshot's path."""
    from infra.analytics.runner import rebuild
    from infra.settings import Settings
    from projections.queries import snapshot_path

    seed_store(data_dir, size)
    settings = Settings(data_dir=data_dir)
    rebuild(settings, progress=False)
    return snapshot_path(settings.duckdb_path)
