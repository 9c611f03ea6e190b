"""Seeding rate beside the library's own batched-save rate, measured in the same run.

The baseline saves plain aggregates, 10 events per transaction, into a fresh SQLite file with
the same AES cipher the Percorsi store uses: what the library does with no domain, no
idempotency records and no sealing, in one process; seeding uses one process per core.
The seeded store is kept (bench/common.py) and re-used by the other benches and later runs.
The seeding figure counts every stored event (domain events plus the command records that
make re-runs idempotent), so both sides count the same rows.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from eventsourcing.application import Application
from eventsourcing.cryptography import AESCipher
from eventsourcing.domain import Aggregate, event

from .common import FIGURES, Result, cached_store, is_complete, rate, scratch_dir, seeded_store

BASELINE_EVENTS = {"small": 20_000, "demo": 50_000, "large": 100_000}


class Counter(Aggregate):
    """A minimal aggregate: created, then nine small events."""

    @event("Created")
    def __init__(self, label: str) -> None:
        self.label = label
        self.ticks = 0

    @event("Ticked")
    def tick(self, amount: int) -> None:
        self.ticks += amount


def library_batched_save_rate(folder: Path, events: int) -> float:
    """Events/s of `app.save(aggregate)` with 10 events each, AES cipher, SQLite file."""
    app: Application[object] = Application(
        env={
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(folder / "baseline.sqlite"),
            "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
            "CIPHER_KEY": AESCipher.create_key(32),
        }
    )
    started = time.perf_counter()
    for n in range(events // 10):
        counter = Counter(f"aggregate {n}")
        for step in range(9):
            counter.tick(step)
        app.save(counter)
    elapsed = time.perf_counter() - started
    app.close()
    return rate(events // 10 * 10, elapsed)


def run(size: str) -> list[Result]:
    """Seed fresh into the cache of seeded stores (bench/common.py), or report how long the
    cached one took when it was built (same figures; the baseline measured with it)."""
    store = cached_store(size)
    fresh = not (is_complete(store) and (store / FIGURES).exists())
    # The baseline first, so a fresh seeding and its baseline are measured in one run.
    baseline = _baseline(size) if fresh else None
    store, figures = seeded_store(size)
    if "baseline" not in figures:  # built by another bench's seed_store: measured now
        figures["baseline"] = baseline if baseline is not None else _baseline(size)
        (store / FIGURES).write_text(json.dumps(figures))
    if not fresh:
        print(f"seed {size}: store re-used from {figures['when']} (delete {store} to re-measure)")
    workers = int(figures["workers"])
    return [
        Result(
            f"seed {size}: stored events/s ({workers} processes)",
            rate(int(figures["stored"]), figures["seconds"]),
            "events/s",
            "library batched save (10 events/txn, AES, 1 process)",
            figures["baseline"],
            "≥ 0.5×",
        ),
        Result(f"seed {size}: domain events", float(figures["events"]), "events"),
        Result(f"seed {size}: cases", float(figures["cases"]), "cases"),
        Result(
            f"seed {size}: seconds",
            figures["seconds"],
            "s",
            target="<= 480 s" if size == "large" else None,
        ),
        Result(f"seed {size}: peak RSS (largest process)", figures["rss_mib"], "MiB"),
        # CPU is shared by session (sched autogroup): at a high load the wall time says
        # little about the code (ADR 0023).
        Result(f"seed {size}: load average while seeding", figures.get("load", 0.0), "load"),
    ]


def _baseline(size: str) -> float:
    with scratch_dir("seed-") as folder:
        return library_batched_save_rate(folder, BASELINE_EVENTS[size])
