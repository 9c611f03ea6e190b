"""Seeding on every core: the units of women shared among worker processes.

Women are independent (their cases, groups and keys belong to one unit), so worker k runs the
units k, k + n, k + 2n, … through its own application services on the same store; a unit's
commands are decided exactly as in one process, so each aggregate's history is the same. The
store's own locking orders the writers' transactions (SQLite: one writer at a time, the others
wait up to its lock timeout; PostgreSQL: concurrent). Workers are spawned, not forked: a
forked child would share the parent's open database connections.
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
) -> int:
    """Run every unit in `workers` processes; returns the cases planned. Raises if one fails."""
    from .distributions import WOMEN_BY_SIZE

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
    cases, finished, failure = 0, 0, None
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
            elif kind == "done":
                cases += int(value)
                finished += 1
            else:  # "error": the worker's message names the step, never a woman
                failure = f"seed worker {k}: {value}"
                break
    finally:
        for process in processes:
            if failure is not None and process.is_alive():
                process.terminate()
            process.join()
    if failure is not None:
        raise RuntimeError(failure)
    return cases


def _worker(
    settings: dict[str, Any],
    size: str,
    seed: int,
    unit_women: int,
    units: range,
    k: int,
    messages: Any,
) -> None:
    """One process: its own runtime (connections, key store), its share of the units."""
    from .seeding import seed_units

    try:
        runtime = build(Settings(**settings), load_catalogue=False)
        try:
            cases = seed_units(
                runtime,
                size,
                seed,
                unit_women,
                units,
                lambda women: messages.put(("progress", k, women)),
            )
        finally:
            runtime.close()
    except Exception as error:
        messages.put(("error", k, f"{type(error).__name__}: {error}"))
        raise
    messages.put(("done", k, cases))
