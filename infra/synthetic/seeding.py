"""`seed(runtime, size, seed)`: the whole 2006–2021 lineage, deterministic, through the services."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from infra.bootstrap import Runtime
from services.base import command_record_id

from . import distributions as d
from .network import network_steps
from .plan import Ids
from .runner import Executor, progress_bar
from .units import UnitComputer, merge
from .writer import writer_for

UNIT_WOMEN = 250


@dataclass(frozen=True)
class SeedReport:
    """What a seeding run did; `events` counts domain events, `stored` adds command records."""

    size: str
    seed: int
    women: int
    cases: int
    events: int
    stored: int
    seconds: float
    already_loaded: bool = False
    peak_rss_mib: float = 0.0  # the largest process's own peak (this one or a worker)

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def seed(
    runtime: Runtime,
    size: str = "small",
    seed: int = 7,
    progress: bool = False,
    workers: int | None = None,
    unit_women: int = UNIT_WOMEN,
) -> SeedReport:
    """Seed `size` ("small", "demo", "large") with `seed`; a repeat appends nothing.

    Women are independent, so they are seeded in units (`unit_women` each, a unit's steps
    merged by business date) are computed in memory, by `workers` processes (default: one per
    core) or in this one, and stored by this process alone, one transaction per unit, in unit
    order (units.py, parallel.py). The units, not the workers, decide every aggregate's
    history and the log's order, so both are the same whatever the worker count. The network
    unit runs last, in this process, so its final command existing means an earlier run
    completed; an interrupted run is resumed by re-running (only the units not stored are
    computed again; every command id is deterministic).
    """
    if size not in d.WOMEN_BY_SIZE:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(d.WOMEN_BY_SIZE)}")
    started = time.perf_counter()
    ids, women = Ids(seed, size), d.WOMEN_BY_SIZE[size]
    network = network_steps(ids, size)
    last = command_record_id(ids.command_id(network[-1].key))
    if runtime.app.recorder.select_events(last, limit=1):
        return SeedReport(size, seed, women, 0, 0, 0, time.perf_counter() - started, True)
    units = -(-women // unit_women)
    workers = min(units, workers if workers is not None else default_workers())
    label = f"Seme {seed} ({size})" + (f" · {workers} processi" if workers > 1 else "")
    with progress_bar(progress, women, label) as update:
        if workers > 1:
            from .parallel import seed_in_workers

            cases, events, stored, worker_peak = seed_in_workers(
                runtime, size, seed, unit_women, workers, update
            )
        else:
            cases, events, stored = seed_units(
                runtime, size, seed, unit_women, range(units), update
            )
            worker_peak = 0.0
        writer = writer_for(runtime)
        try:
            first = command_record_id(ids.command_id(network[0].key))
            writer.fresh = not runtime.app.recorder.select_events(first, limit=1)
            Executor(writer, ids).run_all(network, lambda i, n: None)
        finally:
            writer.close()
    events, stored = events + writer.domain_count, stored + writer.stored_count
    from .parallel import own_peak_rss_mib

    peak = max(own_peak_rss_mib(), worker_peak)
    seconds = time.perf_counter() - started
    return SeedReport(size, seed, women, cases, events, stored, seconds, peak_rss_mib=peak)


def default_workers() -> int:
    """One process per core: workers only compute, one writer stores (ADR 0023)."""
    return os.cpu_count() or 1


def seed_units(
    runtime: Runtime,
    size: str,
    seed: int,
    unit_women: int,
    units: Iterable[int],
    update: Callable[[float], None],
) -> tuple[int, int, int]:
    """Compute the given units of women (by index, in order) and store each as it is done;
    returns the cases they plan, the domain events and all records this run stored.
    `update` gets the number of women done so far by this call."""
    computer = UnitComputer(runtime, size, seed, unit_women)
    cases = events = stored = done = 0
    for index in units:
        out = computer.compute(index, _ticker(update, done, unit_women))
        merge(runtime, out)
        cases, events, stored = cases + out.cases, events + out.events, stored + out.stored
        done += out.women
        update(done)
    return cases, events, stored


def _ticker(update: Callable[[float], None], start: int, women: int) -> Callable[[int, int], None]:
    return lambda done, total: update(start + women * done / total)
