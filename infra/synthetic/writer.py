"""The seeding writer: the Percorsi application tuned for a store that one writer owns."""

from __future__ import annotations

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
