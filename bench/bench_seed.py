"""Seeding rate beside the library's own batched-save rate, measured in the same run.

The baseline saves plain aggregates, 10 events per transaction, into a fresh SQLite file with
the same AES cipher the Percorsi store uses: what the library does with no domain, no
idempotency records and no sealing. The seeding figure counts every stored event (domain events
plus the command records that make re-runs idempotent), so both sides count the same rows.
"""

from __future__ import annotations

import time
from pathlib import Path

from eventsourcing.application import Application
from eventsourcing.cryptography import AESCipher
from eventsourcing.domain import Aggregate, event

from infra.bootstrap import build
from infra.settings import Settings
from infra.synthetic import seed

from .common import Result, peak_rss_mib, rate, scratch_dir

BASELINE_EVENTS = {"small": 20_000, "large": 100_000}


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
    seed_size = "small" if size == "small" else "large"
    with scratch_dir("seed-") as folder:
        baseline = library_batched_save_rate(folder, BASELINE_EVENTS[size])
        runtime = build(Settings(data_dir=folder / "store"))
        try:
            report = seed(runtime, size=seed_size, progress=size == "large")
        finally:
            runtime.close()
    results = [
        Result(
            f"seed {seed_size}: stored events/s",
            rate(report.stored, report.seconds),
            "events/s",
            "library batched save (10 events/txn, AES)",
            baseline,
            "≥ 0.5×",
        ),
        Result(f"seed {seed_size}: domain events/s", report.events_per_second, "events/s"),
        Result(f"seed {seed_size}: domain events", float(report.events), "events"),
        Result(f"seed {seed_size}: cases", float(report.cases), "cases"),
        Result(f"seed {seed_size}: seconds", report.seconds, "s"),
    ]
    if size == "large":
        results.append(Result("seed large: peak RSS", peak_rss_mib(), "MiB"))
    return results
