"""The seeding writer: the Percorsi application tuned for a store that one writer owns."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.shared.events import CommandRecord
from domain.shared.values import Meta, Period
from infra.bootstrap import Runtime, event_store_env
from services.app import Percorsi
from services.base import CommandResult


class Writer(Percorsi):
    """Skips the idempotency look-up while a unit is known to be fresh; reads periods once.

    A unit is fresh when none of its commands is stored (a unit computed in memory always
    is). A unit stored in part (an interrupted direct run) goes through the normal look-up,
    which makes the re-run append nothing twice.
    """

    name = "Percorsi"  # the library names tables after the class: keep the application's own
    fresh = False
    #: What this writer stored: every record, and the domain events among them.
    stored_count = 0
    domain_count = 0

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

    def _save_events(self, *events: Any) -> None:
        """Straight to the event store: `Application.save` checks every event against a
        runtime protocol (≈ 80 µs each on Python 3.11, an eighth of seeding's CPU) and calls
        hooks seeding has none of (no snapshots, no followers)."""
        self.events.put(list(events))
        self.stored_count += len(events)
        self.domain_count += sum(not isinstance(e, CommandRecord.Recorded) for e in events)


class UnitWriter(Writer):
    """The writer of a unit computed in memory: every aggregate stays live between commands.

    It owns its store (in memory, thrown away after the unit), so the object a command
    committed is the current state: the next command takes it as it is instead of replaying
    its events (a cache miss replayed every case once per unit, ≈ 15 % of the CPU).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._live: dict[UUID, Aggregate] = {}

    def _fetch(self, aggregate_id: UUID, what: str) -> Any:
        live = self._live.get(aggregate_id)
        return live if live is not None else super()._fetch(aggregate_id, what)

    def _commit(self, aggregates: list[Aggregate]) -> None:
        super()._commit(aggregates)
        if self._batch is None:  # stored (a batch's aggregates are stored when it closes)
            for aggregate in aggregates:
                if not isinstance(aggregate, CommandRecord):
                    self._live[aggregate.id] = aggregate


def writer_for(runtime: Runtime) -> Writer:
    """A second application on the runtime's store with a large aggregate cache.

    The library's cache, not the services' check-out cache: one writer owns the store while
    seeding, so no fast-forward query per command is needed (cache_size=0 turns ours off).
    """
    env = event_store_env(
        runtime.settings,
        AGGREGATE_CACHE_MAXSIZE="10000",
        AGGREGATE_CACHE_FASTFORWARD="n",
        DEEPCOPY_FROM_AGGREGATE_CACHE="n",
    )
    return Writer(env=env, sealer=runtime.sealer, cache_size=0)
