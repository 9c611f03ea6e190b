"""The projector's states in memory, and how an absent one is loaded back from the store.

A fold may be absent because the process restarted or because it was evicted to bound memory.
Loads are bounded by the version the stream has delivered, so a snapshot "as of" a position
never sees an event recorded after it (ADR 0010).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from domain.programme import programme_id
from domain.shared.values import add_months

from .anonymise import Pseudonymiser
from .fold import CaseFold, GroupFold, PersonFold, ProgrammeFold, StakeholderFold

# (aggregate id, last version to load or None for all): the aggregate's decoded history, as the
# worker's event filter lets it through (an as-of-date build drops later business dates).
Loader = Callable[[UUID, int | None], list[Any]]
SETTLED_MONTHS = 26  # the 24-month follow-up, and its window
KEEP_SETTLED = 5_000  # settled cases are forgotten only once more than this many are in memory


class States:
    """Folds by aggregate, the person → cases index, and what a batch touched."""

    def __init__(
        self,
        secret: bytes,
        loader: Loader,
        *,
        max_cases: int = 400_000,
        keep_settled: int = KEEP_SETTLED,
        up_to_day: date | None = None,
    ) -> None:
        self.keys = Pseudonymiser(secret)
        self.up_to_day = up_to_day  # an as-of-date build: events dated after it are timeless
        self.loader = loader
        self.max_cases = max_cases
        self.keep_settled = keep_settled
        self.cases: dict[UUID, CaseFold] = {}
        # Cases forgotten from memory → the version they had reached in the stream: a reload
        # stops there, so an event recorded later (e.g. a correction) cannot leak back.
        self.evicted: dict[UUID, int] = {}
        self.persons: dict[UUID, PersonFold] = {}
        self.person_cases: dict[UUID, set[UUID]] = {}
        self.programmes: dict[str, ProgrammeFold] = {}
        self.groups: dict[UUID, GroupFold] = {}
        self.stakeholders: dict[UUID, StakeholderFold] = {}
        self.business_date: date | None = None
        self._touched: dict[str, set[Any]] = {
            k: set() for k in ("case", "group", "stakeholder", "programme")
        }
        self._programme_updates: list[tuple[str, str, int]] = []

    def _load_case(self, case_id: UUID, version: int | None) -> CaseFold | None:
        history = self.loader(case_id, version)
        if not history or history[0].originator_version != 1:
            return None
        fold = CaseFold.start(history[0])
        for event in history[1:]:
            fold.apply(event, type(event).__qualname__.partition(".")[2])
        return fold

    def _case(self, case_id: UUID) -> CaseFold | None:
        fold = self.cases.get(case_id)
        if fold is None:
            # Evicted: reload up to the version it had reached; unknown (a restart): all of it.
            fold = self._load_case(case_id, self.evicted.pop(case_id, None))
            if fold is None:
                return None
            self.cases[case_id] = fold
            self.person_cases.setdefault(fold.person_id, set()).add(case_id)
        return fold

    def _evict(self, case_id: UUID) -> None:
        self.evicted[case_id] = self.cases.pop(case_id).version

    def _person(self, person_id: UUID, version: int | None = None) -> PersonFold | None:
        fold = self.persons.get(person_id)
        if fold is None:
            history = self.loader(person_id, version)
            if not history or history[0].originator_version != 1:
                return None
            fold = PersonFold.start(history[0])
            for event in history[1:]:
                fold.apply(event, type(event).__qualname__.partition(".")[2])
            self.persons[person_id] = fold
        return fold

    def _programme(self, code: str) -> ProgrammeFold | None:
        fold = self.programmes.get(code)
        if fold is None:
            history = self.loader(programme_id(code), None)
            if not history:
                return None
            fold = ProgrammeFold.start_from(history[0])
            for event in history[1:]:
                fold.apply(event, type(event).__qualname__.partition(".")[2])
            self.programmes[code] = fold
        return fold

    def _forget_settled(self) -> None:
        """Drop the folds of cases closed more than SETTLED_MONTHS ago (in business time).

        Their last follow-up is behind them, so further events are rare (a correction, a
        withdrawal); one reloads the case from the store. Memory then follows the cases still
        in progress, not the whole history.
        """
        if self.business_date is None:
            return
        horizon = add_months(self.business_date, -SETTLED_MONTHS)
        settled = [
            case_id
            for case_id, fold in self.cases.items()
            if (end := fold.singleton("Closed") or fold.singleton("TransferredOut")) is not None
            and end.on < horizon
        ]
        for case_id in settled:
            self._evict(case_id)
