"""`seed(runtime, size, seed)`: the whole 2006–2021 lineage, deterministic, through the services."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from uuid import UUID

from domain.shared.values import Meta, Period
from infra.bootstrap import Runtime, event_store_env
from services.app import Percorsi
from services.base import CommandResult, command_record_id

from . import distributions as d
from .inspect import count_since
from .network import group_steps, network_steps
from .plan import Ids, Step
from .profiles import Arrival, draw_arrival, intake_waves
from .runner import Executor, progress_bar
from .woman import Planned, plan_woman

UNIT_WOMEN = 250
_PROGRAMME_ORDER = {code: n for n, code in enumerate(d.INTAKE_WAVES)}


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

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def _writer(runtime: Runtime) -> _Writer:
    """A second application on the same store, tuned for one writer: a large aggregate cache."""
    env = event_store_env(
        runtime.settings,
        AGGREGATE_CACHE_MAXSIZE="10000",
        AGGREGATE_CACHE_FASTFORWARD="n",
        DEEPCOPY_FROM_AGGREGATE_CACHE="n",
    )
    # The library's cache, not the services' check-out cache: one writer owns the store while
    # seeding, so no fast-forward query per command is needed (cache_size=0 turns ours off).
    return _Writer(env=env, sealer=runtime.sealer, cache_size=0)


class _Writer(Percorsi):
    """The seeding writer: skips the idempotency look-up while a unit is known to be fresh.

    A unit is fresh when its first command is not stored: units commit in order, so then none
    of its commands are, and one look-up replaces one per command. Any other unit (an
    interrupted run) goes through the normal look-up, which makes the re-run append nothing.
    """

    name = "Percorsi"  # the library names tables after the class: keep the application's own
    fresh = False

    _periods: dict[str, Period] | None = None

    def period_of(self, code: str) -> Period:
        """The catalogue does not change while seeding: read each period once."""
        if self._periods is None:
            self._periods = {}
        if code not in self._periods:
            self._periods[code] = super().period_of(code)
        return self._periods[code]

    def _prior(self, meta: Meta, command: str) -> CommandResult | None:
        return None if self.fresh else super()._prior(meta, command)

    def done(self, key: str, ids: Ids) -> bool:
        return bool(self.recorder.select_events(command_record_id(ids.command_id(key)), limit=1))


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
    merged by business date) and the units may be shared among `workers` processes (default
    one: see `default_workers`). The units, not the workers, decide every
    aggregate's history, so it is the same whatever the worker count; only the log's order of
    interleaving differs. The network unit runs last, in this process, so its final command
    existing means an earlier run completed; an interrupted run is resumed by re-running
    (every command id is deterministic).
    """
    if size not in d.WOMEN_BY_SIZE:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(d.WOMEN_BY_SIZE)}")
    started = time.perf_counter()
    ids, women = Ids(seed, size), d.WOMEN_BY_SIZE[size]
    network = network_steps(ids, size)
    before = runtime.app.recorder.max_notification_id() or 0
    last = command_record_id(ids.command_id(network[-1].key))
    if runtime.app.recorder.select_events(last, limit=1):
        return SeedReport(size, seed, women, 0, 0, 0, time.perf_counter() - started, True)
    units = -(-women // unit_women)
    workers = min(units, workers if workers is not None else default_workers())
    label = f"Seme {seed} ({size})" + (f" · {workers} processi" if workers > 1 else "")
    with progress_bar(progress, women, label) as update:
        if workers > 1:
            from .parallel import seed_in_workers

            cases = seed_in_workers(runtime, size, seed, unit_women, workers, update)
        else:
            cases = seed_units(runtime, size, seed, unit_women, range(units), update)
        writer = _writer(runtime)
        try:
            if _prepare(writer, runtime, ids, network, []):
                Executor(writer, ids).run_all(network, lambda i, n: None)
        finally:
            writer.close()
    events, stored = count_since(runtime.app, before)
    return SeedReport(size, seed, women, cases, events, stored, time.perf_counter() - started)


def default_workers() -> int:
    """One process unless asked: on this shared 2-core machine two workers seeded `demo` in
    twice the wall time and 1.5 × the CPU of one (ADR 0018); measure before raising it."""
    return 1


def seed_units(
    runtime: Runtime,
    size: str,
    seed: int,
    unit_women: int,
    units: Iterable[int],
    update: Callable[[float], None],
) -> int:
    """Run the given units of women (by index, in order); returns the cases they plan.

    `update` gets the number of women done so far by this call.
    """
    ids, women = Ids(seed, size), d.WOMEN_BY_SIZE[size]
    periods = {code: runtime.app.period_of(code) for code in d.INTAKE_WAVES}
    order = _arrival_order(ids, women, periods)
    writer = _writer(runtime)
    cases = done = 0
    try:
        executor = Executor(writer, ids)
        for unit_index in units:
            start = unit_index * unit_women
            unit = order[start : start + unit_women]
            steps, planned = _plan_unit(ids, periods, unit_index, unit, women)
            cases += sum(p.cases for p in planned)
            if _prepare(writer, runtime, ids, steps, [p.person_id for p in planned]):
                executor.run_all(steps, _ticker(update, done, len(unit)))
            done += len(unit)
            update(done)
    finally:
        writer.close()
    return cases


def _ticker(update: Callable[[float], None], start: int, women: int) -> Callable[[int, int], None]:
    return lambda done, total: update(start + women * done / total)


def _arrival_order(ids: Ids, women: int, periods: dict[str, Period]) -> list[tuple[int, Arrival]]:
    waves = intake_waves()
    arrivals = [(i, draw_arrival(ids.rng("arrival", i), waves, periods)) for i in range(women)]
    arrivals.sort(
        key=lambda item: (_PROGRAMME_ORDER[item[1].programme], item[1].referred_on, item[0])
    )
    return arrivals


def _erased(ids: Ids, index: int, women: int) -> bool:
    return index in (women // 3, 2 * women // 3) or ids.rng("erase", index).random() < d.P_ERASURE


def _plan_unit(
    ids: Ids, periods: dict[str, Period], unit: int, arrivals: list[tuple[int, Arrival]], women: int
) -> tuple[list[Step], list[Planned]]:
    planned: list[Planned] = [
        plan_woman(ids, periods, i, arrival, _erased(ids, i, women)) for i, arrival in arrivals
    ]
    steps = [step for p in planned for step in p.steps]
    mothers = [w for p in planned if p.programme == "EMP" and p.special_needs for w in p.windows]
    if mothers:
        steps += group_steps(ids, unit, mothers, periods["EMP"])
    steps.sort(key=lambda s: s.order)
    return steps, planned


def _prepare(
    writer: _Writer, runtime: Runtime, ids: Ids, steps: list[Step], people: list[UUID]
) -> bool:
    """Whether the unit still needs running; for a fresh unit, create its women's keys at once."""
    if writer.done(steps[-1].key, ids):
        return False
    writer.fresh = not writer.done(steps[0].key, ids)
    if writer.fresh:
        runtime.sealer.prepare(people)
    return True
