"""Seeding on every core: workers compute the units of women, the parent alone stores them.

Women are independent (their cases, groups and keys belong to one unit), so worker k computes
the units k, k + n, k + 2n, … through its own application services against an in-memory store
(units.py) and sends each unit's stored records and wrapped keys to the parent. The parent is
the only writer: it stores the units in index order, one transaction each, so the log is the
same whatever the worker count, and no process ever waits on another's lock. Workers read the
real store only to find units already stored, the catalogue and existing keys. Workers are
spawned, not forked: a forked child would share the parent's open database connections.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable
from typing import Any

from infra.bootstrap import Runtime, build
from infra.settings import Settings

_POLL_SECONDS = 0.5


def seed_in_workers(
    runtime: Runtime,
    size: str,
    seed: int,
    unit_women: int,
    workers: int,
    update: Callable[[float], None],
) -> tuple[int, int, int, float]:
    """Compute every unit in `workers` processes and store them here, in index order.

    Returns the cases planned, the domain events, all records stored and the largest worker's
    peak RSS in MiB (its own `VmHWM`: a spawned child's `ru_maxrss` starts at the parent's
    peak, Linux carries it across the exec, so the parent cannot read it). Raises if a worker
    fails (the units stored so far stay: a re-run computes only the others)."""
    from .distributions import WOMEN_BY_SIZE
    from .units import UnitOutput, merge

    units = -(-WOMEN_BY_SIZE[size] // unit_women)
    context = multiprocessing.get_context("spawn")
    messages: Any = context.Queue()
    settings = runtime.settings.model_dump()
    processes = [
        context.Process(
            target=_worker,
            args=(settings, size, seed, unit_women, range(k, units, workers), k, messages),
            name=f"seed-worker-{k}",
        )
        for k in range(workers)
    ]
    for process in processes:
        process.start()
    done = [0.0] * workers
    cases = events = stored_records = finished = 0
    peak_mib = 0.0
    failure: str | None = None
    computed: dict[int, UnitOutput] = {}
    stored = 0  # units stored so far; the next one to store has this index
    finished_cleanly = False
    try:
        while finished < workers:
            try:
                kind, k, value = messages.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                dead = [p for p in processes if p.exitcode not in (None, 0)]
                if dead:
                    failure = f"{dead[0].name} exited with code {dead[0].exitcode}"
                    break
                continue
            if kind == "progress":
                done[k] = value
                update(sum(done))
            elif kind == "unit":
                computed[value.index] = value
                while stored in computed:
                    out = computed.pop(stored)
                    merge(runtime, out)
                    cases, events = cases + out.cases, events + out.events
                    stored_records += out.stored
                    stored += 1
            elif kind == "done":
                finished += 1
                peak_mib = max(peak_mib, value)
            else:  # "error": the worker's message names the step, never a woman
                failure = f"seed worker {k}: {value}"
                break
        finished_cleanly = failure is None
    finally:
        for process in processes:
            if not finished_cleanly and process.is_alive():  # a failure here or in a worker
                process.terminate()
            process.join()
    if failure is not None:
        raise RuntimeError(failure)
    if stored != units:
        raise RuntimeError(f"seed workers finished with {units - stored} units not stored")
    return cases, events, stored_records, peak_mib


def _worker(
    settings: dict[str, Any],
    size: str,
    seed: int,
    unit_women: int,
    units: range,
    k: int,
    messages: Any,
) -> None:
    """One process: its own runtime (read only here), computing its share of the units."""
    from .units import UnitComputer

    try:
        runtime = build(Settings(**settings), load_catalogue=False)
        try:
            computer = UnitComputer(runtime, size, seed, unit_women)
            done = 0
            for index in units:
                out = computer.compute(index, lambda step, steps: None)
                done += out.women
                messages.put(("unit", k, out))
                messages.put(("progress", k, done))
        finally:
            runtime.close()
    except Exception as error:
        messages.put(("error", k, f"{type(error).__name__}: {error}"))
        raise
    messages.put(("done", k, own_peak_rss_mib()))


def own_peak_rss_mib() -> float:
    """This process's own peak resident memory in MiB (`VmHWM`; 0 where /proc is absent)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
