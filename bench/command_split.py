"""Where a command's time goes, for bench_commands: phases, and what the command record costs.

Both run after the timed loop, on the same store and cases, so they never touch its figure:

- `split`: a few hundred more commands with the phases wrapped (on the instance, undone
  after): reading the store, encoding + encrypting the records, the store's write (inserts,
  head check, durable commit); the rest is deciding (rules, the new event) and bookkeeping.
- `record_cost`: the same commands in alternating chunks with and without their idempotency
  record (the record left out of the save, bench only), so both see the same load.

Each phase is given as wall and CPU time (`time.thread_time`): under load the wall time of a
durable commit swings with the disk, the CPU time much less (ADR 0026).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from domain.shared.events import CommandRecord
from services.app import Percorsi

Command = Callable[[int], None]


@dataclass
class Clock:
    """Wall and CPU seconds, summed over the calls measured."""

    wall: float = 0.0
    cpu: float = 0.0

    @contextmanager
    def running(self) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            yield
        finally:
            self.wall += time.perf_counter() - wall
            self.cpu += time.thread_time() - cpu

    def per(self, count: int) -> tuple[float, float]:
        """µs per item, (wall, CPU)."""
        return 1e6 * self.wall / count, 1e6 * self.cpu / count


@contextmanager
def _wrapped(obj: Any, name: str, clock: Clock) -> Iterator[None]:
    original = getattr(obj, name, None)
    if original is None:  # an application without this step (an older one, compared)
        yield
        return

    def timed(*args: Any, **kwargs: Any) -> Any:
        with clock.running():
            return original(*args, **kwargs)

    setattr(obj, name, timed)
    try:
        yield
    finally:
        delattr(obj, name)  # the class's method shows through again


Phases = dict[str, tuple[float, float]]


def split(app: Percorsi, command: Command, first: int, count: int) -> Phases:
    """µs per command (wall, CPU) by phase, over `count` commands numbered from `first`."""
    phases = {name: Clock() for name in ("read store", "encode+encrypt", "store write")}
    total = Clock()
    with (
        _wrapped(app, "_sync", phases["read store"]),
        _wrapped(app.mapper, "to_stored_event", phases["encode+encrypt"]),
        _wrapped(app.recorder, "insert_events", phases["store write"]),
        total.running(),
    ):
        for i in range(first, first + count):
            command(i)
    found = {name: clock.per(count) for name, clock in phases.items()}
    wall, cpu = total.per(count)
    found["decide+rest"] = (
        wall - sum(w for w, _ in found.values()),
        cpu - sum(c for _, c in found.values()),
    )
    found["total"] = (wall, cpu)
    return found


def record_cost(
    app: Percorsi, command: Command, first: int, count: int, chunk: int = 50
) -> tuple[float, float]:
    """µs per command (wall, CPU) that the idempotency record adds, from alternating chunks."""
    clocks = {True: Clock(), False: Clock()}
    done: Counter[bool] = Counter()
    commit = app._commit

    def without_record(aggregates: list[Any]) -> None:
        commit([a for a in aggregates if not isinstance(a, CommandRecord)])

    i = first
    while i < first + count:
        for with_record in (True, False):
            context: AbstractContextManager[Any] = (
                nullcontext() if with_record else _replaced(app, "_commit", without_record)
            )
            with context, clocks[with_record].running():
                for _ in range(chunk):
                    command(i)
                    i += 1
            done[with_record] += chunk
    kept, left = clocks[True].per(done[True]), clocks[False].per(done[False])
    return kept[0] - left[0], kept[1] - left[1]


@contextmanager
def _replaced(obj: Any, name: str, value: Any) -> Iterator[None]:
    setattr(obj, name, value)
    try:
        yield
    finally:
        delattr(obj, name)


def describe(phases: Phases, record: tuple[float, float]) -> str:
    """Two lines for the bench's log."""
    parts = ", ".join(
        f"{name} {wall:,.0f} µs ({cpu:,.0f} CPU)"
        for name, (wall, cpu) in phases.items()
        if name != "total"
    )
    wall, cpu = phases["total"]
    return (
        f"  per command {wall:,.0f} µs wall, {cpu:,.0f} µs CPU: {parts}\n"
        f"  the command record adds {record[0]:,.0f} µs wall, {record[1]:,.0f} µs CPU per "
        "command (alternating chunks with and without it)"
    )
