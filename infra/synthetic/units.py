"""A unit of women computed apart, in memory, then stored in one transaction by the one writer.

Women are independent: a unit's commands read nothing but the unit's own aggregates and the
programme catalogue. So a unit runs through the application services against an in-memory
store holding a copy of the catalogue's records (and an in-memory key store), exactly as it
would against the real store, and what comes out is the stored records, already encoded,
sealed and encrypted, plus the wrapped data keys and the erasures' tombstones. The writer
(`merge`) stores the keys first, then the records in one transaction: a unit is either
stored whole or not at all, so a re-run recomputes only the units not yet stored.

Computing needs no lock on the real store, so any number of processes can compute while one
writes (parallel.py); SQLite's single writer then never waits on another process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from domain.programme import programme_id
from domain.shared.values import Period
from infra.bootstrap import Runtime, event_store_env
from infra.catalogue import read_catalogue
from infra.store_recorder import SQLiteRecorder
from services.base import command_record_id

from . import distributions as d
from .keys import MemoryKeyStore
from .network import group_steps
from .plan import Ids, Step
from .profiles import Arrival, draw_arrival, intake_waves
from .runner import Executor
from .woman import Planned, plan_woman
from .writer import UnitWriter, writer_for

_PROGRAMME_ORDER = {code: n for n, code in enumerate(d.INTAKE_WAVES)}
_ALL = 1 << 62


@dataclass
class UnitOutput:
    """What a computed unit hands the writer; `records` None: nothing left to store."""

    index: int
    women: int
    cases: int
    events: int = 0  # domain events stored (or to store) for the unit by this run
    stored: int = 0  # every record, command records included
    records: list[StoredEvent] | None = None
    keys: dict[UUID, bytes] = field(default_factory=dict)
    erased: list[UUID] = field(default_factory=list)


class UnitComputer:
    """Plans and computes the units of one (size, seed) against `runtime`'s store (read only).

    A unit already stored is skipped; one stored only in part (a run of the earlier,
    direct seeding interrupted inside a unit) is finished directly in the real store, through
    the services' idempotency look-ups, as that seeding did.
    """

    def __init__(self, runtime: Runtime, size: str, seed: int, unit_women: int) -> None:
        self.runtime, self.unit_women = runtime, unit_women
        self.ids, self.women = Ids(seed, size), d.WOMEN_BY_SIZE[size]
        self.periods = {code: runtime.app.period_of(code) for code in d.INTAKE_WAVES}
        self.order = _arrival_order(self.ids, self.women, self.periods)
        self.catalogue = catalogue_records(runtime)

    def compute(self, index: int, tick: Callable[[int, int], None]) -> UnitOutput:
        unit = self.order[index * self.unit_women : (index + 1) * self.unit_women]
        steps, planned = _plan_unit(self.ids, self.periods, index, unit, self.women)
        people = [p.person_id for p in planned]
        out = UnitOutput(index, len(unit), sum(p.cases for p in planned))
        if self._stored(steps[-1]):
            return out
        if self._stored(steps[0]):
            out.events, out.stored = self._finish_directly(steps, people, tick)
            return out
        keys = MemoryKeyStore(self.runtime.sealer.keystore.load_many(people))
        sealer = self.runtime.sealer.over(keys)
        sealer.prepare(people)
        app = UnitWriter(env=_in_memory_env(self.runtime), sealer=sealer, cache_size=0)
        try:
            app.fresh = True
            app.recorder.insert_events(self.catalogue)
            Executor(app, self.ids).run_all(steps, tick)
            out.records = [
                StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
                for n in app.recorder.select_notifications(len(self.catalogue) + 1, _ALL)
            ]
        finally:
            app.close()
        out.keys, out.erased = keys.keys, keys.erased
        out.events, out.stored = app.domain_count, app.stored_count
        return out

    def _stored(self, step: Step) -> bool:
        record = command_record_id(self.ids.command_id(step.key))
        return bool(self.runtime.app.recorder.select_events(record, limit=1))

    def _finish_directly(
        self, steps: list[Step], people: list[UUID], tick: Callable[[int, int], None]
    ) -> tuple[int, int]:
        writer = writer_for(self.runtime)
        try:
            self.runtime.sealer.prepare(people)
            Executor(writer, self.ids).run_all(steps, tick)
        finally:
            writer.close()
        return writer.domain_count, writer.stored_count


def merge(runtime: Runtime, out: UnitOutput) -> None:
    """Store a computed unit: tombstones, then keys, then every record in one transaction.

    Keys go first and are kept if present (the computer started from the stored ones), so
    the records never reach the store before the keys that open their sealed values.
    """
    if out.records is None:
        return
    keystore = runtime.sealer.keystore
    for subject_id in out.erased:
        keystore.delete(subject_id)
    if out.keys:
        keystore.store_many(out.keys)
    _insert(runtime, out.records)


def _insert(runtime: Runtime, records: list[StoredEvent]) -> None:
    """One transaction. On the library's own SQLite recorder, one `executemany` of its own
    statement: its `insert_events` runs one statement per row to collect the notification ids
    (≈ 12 µs of CPU a row, a minute of the writer's time at `large`) that a unit does not
    need. PostgreSQL: the library's statements, outside its pipeline (`_insert_postgres`).
    Any other recorder (one that chains at write time needs the ids) stores through
    `insert_events` as every save does."""
    recorder = runtime.app.recorder
    if isinstance(recorder, PostgresApplicationRecorder):
        _insert_postgres(recorder, records)
        return
    plain = type(recorder) in (SQLiteApplicationRecorder, SQLiteRecorder)  # ours: ADR 0026
    if not plain or not isinstance(recorder, SQLiteApplicationRecorder):
        recorder.insert_events(records)
        return
    rows = [(_hex(r.originator_id), r.originator_version, r.topic, r.state) for r in records]
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.executemany(recorder.insert_events_statement, rows)


def _insert_postgres(recorder: PostgresApplicationRecorder, records: list[StoredEvent]) -> None:
    """The library's own statements in one transaction, without its pipeline.

    `insert_events` sends a whole unit (≈ 12 MB of sealed records in one parameter) in
    psycopg's pipeline mode, which hung for good once on CI and once here under load (the
    client and the server each waiting for the other: psycopg issue 685). Sent one statement
    at a time, the big insert is written whole before its answer is read. The hooks are the
    library's (lock, notify, insert, ids), so a recorder that chains at write still adds its
    rows in the same transaction."""
    with (
        recorder.datastore.get_connection() as conn,
        conn.transaction(),
        conn.cursor() as cursor,
    ):
        recorder._insert_events(cursor, records)
        recorder._insert_stored_events(cursor, records)
        recorder._fetch_ids_after_insert_events(cursor, records)


def _hex(originator_id: UUID | str) -> str:
    return originator_id.hex if isinstance(originator_id, UUID) else originator_id


def catalogue_records(runtime: Runtime) -> list[StoredEvent]:
    """The stored records of every programme a unit may read, as the real store holds them."""
    codes = {e.code for e in read_catalogue(runtime.settings.catalogue_file)} | set(d.INTAKE_WAVES)
    records: list[StoredEvent] = []
    for code in sorted(codes):
        records += runtime.app.recorder.select_events(programme_id(code))
    return records


def _in_memory_env(runtime: Runtime) -> dict[str, str]:
    """The store's settings (cipher, key) over the library's in-memory recorder."""
    env = event_store_env(
        runtime.settings,
        PERSISTENCE_MODULE="eventsourcing.popo",
        AGGREGATE_CACHE_MAXSIZE="10000",
        AGGREGATE_CACHE_FASTFORWARD="n",
        DEEPCOPY_FROM_AGGREGATE_CACHE="n",
    )
    env.pop("APPLICATION_RECORDER_TOPIC", None)  # the chain is the real store's, made there
    return env


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
