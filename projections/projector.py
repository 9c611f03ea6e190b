"""Folds decoded events into states and turns the states touched by a batch into table frames.

Pure: infra hands it decoded domain events in log order and a `loader` that returns the
decoded history of one aggregate up to a version (used when a state is not in memory: after a
restart, or after eviction). Loads are bounded by the version the stream has delivered, so a
snapshot "as of" a position never sees an event recorded after it (ADR 0010). `flush()` returns
what to delete and insert; infra writes it to DuckDB with the tracking position in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

import polars as pl

from domain.programme import programme_id
from domain.shared.values import add_months

from . import schema
from .anonymise import Pseudonymiser
from .fold import CaseFold, GroupFold, PersonFold, ProgrammeFold, StakeholderFold
from .other_rows import network_rows, programme_rows, session_rows
from .rows import case_rows

# (aggregate id, last version to load or None for all): the aggregate's decoded history, as the
# worker's event filter lets it through (an as-of-date build drops later business dates).
Loader = Callable[[UUID, int | None], list[Any]]
SETTLED_MONTHS = 26  # the 24-month follow-up, and its window
KEEP_SETTLED = 5_000  # settled cases are forgotten only once more than this many are in memory


@dataclass
class Changes:
    """One batch's effect: delete rows by key, then insert frames (per table)."""

    deletes: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    inserts: dict[str, pl.DataFrame] = field(default_factory=dict)
    programme_updates: list[tuple[str, str, int]] = field(default_factory=list)
    business_date: date | None = None

    @property
    def rows(self) -> int:
        return sum(f.height for f in self.inserts.values())


class Projector:
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
        self._dispatch: dict[type, tuple[Callable[[Projector, Any, str], None] | None, str]] = {}

    # -- feeding --------------------------------------------------------------------------
    def index_case(self, case_id: UUID, person_id: UUID) -> None:
        """Warm the person → cases index (after a restart) from a Referred event."""
        self.person_cases.setdefault(person_id, set()).add(case_id)

    def feed(self, events: Iterable[Any]) -> int:
        count = 0
        dispatch = self._dispatch
        latest = self.business_date
        for event in events:
            route = dispatch.get(type(event))
            if route is None:
                aggregate, _, name = type(event).__qualname__.partition(".")
                route = dispatch[type(event)] = (self._HANDLERS.get(aggregate), name)
            handler, name = route
            if handler is None:
                continue
            handler(self, event, name)
            on = event.occurred_on
            # The data's last business date: of case events, and (as of a date) of those dated
            # by then — a consent given later does not extend what was observed.
            if (
                handler is Projector._on_case
                and (latest is None or on > latest)
                and (self.up_to_day is None or on <= self.up_to_day)
            ):
                latest = on
            count += 1
        self.business_date = latest
        return count

    def _on_case(self, event: Any, name: str) -> None:
        case_id = event.originator_id
        fold = self.cases.get(case_id)
        if fold is not None:
            fold.apply(event, name)
        else:
            # Not in memory: new, or evicted / not yet loaded since a restart. The load stops
            # at this event's version: what the stream has delivered, nothing recorded later.
            self.evicted.pop(case_id, None)
            if name == "Referred":
                fold = CaseFold.start(event)
            else:
                loaded = self._load_case(case_id, event.originator_version)
                if loaded is None:  # an as-of-date build: referred after that date
                    return
                fold = loaded
            self.cases[case_id] = fold
            self.person_cases.setdefault(fold.person_id, set()).add(case_id)
        self._touched["case"].add(case_id)

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

    def _on_person(self, event: Any, name: str) -> None:
        person_id = event.originator_id
        fold = self.persons.get(person_id)
        if fold is None and name == "Registered":
            self.persons[person_id] = PersonFold.start(event)
            return
        loaded = fold is None  # loaded from the store: it already holds this event
        fold = self._person(person_id, event.originator_version) if fold is None else fold
        if fold is None:
            return
        changed = fold.apply(event, name)
        if changed or (loaded and name in ("ProfileChanged", "HouseholdChanged", "Erased")):
            self._touched["case"].update(self.person_cases.get(person_id, ()))

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

    def _on_programme(self, event: Any, name: str) -> None:
        if name == "Registered":
            self.programmes[event.code] = ProgrammeFold.start_from(event)
            self._touched["programme"].add(event.code)
            return
        fold = next(
            (p for p in self.programmes.values() if programme_id(p.code) == event.originator_id),
            None,
        )
        if fold is None:
            history = self.loader(event.originator_id, event.originator_version)
            fold = ProgrammeFold.start_from(history[0])
            self.programmes[fold.code] = fold
            for older in history[1:]:
                fold.apply(older, type(older).__qualname__.partition(".")[2])
            before: tuple[str, int] | None = None  # loaded: it already holds this event
        else:
            before = (fold.territory, fold.generation)
        fold.apply(event, name)
        if (fold.territory, fold.generation) != before:
            self._programme_updates.append((fold.code, fold.territory, fold.generation))
        self._touched["programme"].add(fold.code)

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

    def _on_group(self, event: Any, name: str) -> None:
        group_id = event.originator_id
        fold = self.groups.get(group_id)
        if fold is None:
            history = (
                [event] if name == "Formed" else self.loader(group_id, event.originator_version)
            )
            if not history or history[0].originator_version != 1:
                return  # an as-of-date build: formed after that date
            first = history[0]
            fold = self.groups[group_id] = GroupFold(
                group_id, first.programme, first.kind.code, version=first.originator_version
            )
            for older in history[1:]:
                fold.apply(older, type(older).__qualname__.partition(".")[2])
        fold.apply(event, name)
        self._touched["group"].add(group_id)

    def _on_stakeholder(self, event: Any, name: str) -> None:
        sid = event.originator_id
        fold = self.stakeholders.get(sid)
        if fold is None:
            history = [event] if name == "Mapped" else self.loader(sid, event.originator_version)
            if not history or history[0].originator_version != 1:
                return  # an as-of-date build: mapped after that date
            first = history[0]
            fold = self.stakeholders[sid] = StakeholderFold(
                sid,
                first.programme,
                first.name,
                first.kind.code,
                first.territory,
                first.occurred_on,
                version=first.originator_version,
            )
            for older in history[1:]:
                fold.apply(older, type(older).__qualname__.partition(".")[2])
        fold.apply(event, name)
        self._touched["stakeholder"].add(sid)

    _HANDLERS: dict[str, Callable[[Projector, Any, str], None]] = {
        "Case": _on_case,
        "Person": _on_person,
        "Programme": _on_programme,
        "Group": _on_group,
        "Stakeholder": _on_stakeholder,
    }

    # -- flushing -------------------------------------------------------------------------
    def flush(self) -> Changes:
        changes = Changes(
            business_date=self.business_date, programme_updates=self._programme_updates
        )
        self._programme_updates = []
        self._flush_cases(changes)
        self._flush_others(changes)
        if len(self.cases) > self.keep_settled:
            self._forget_settled()
        while len(self.cases) > self.max_cases:  # the oldest loaded go first
            self._evict(next(iter(self.cases)))
        return changes

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

    def _flush_cases(self, changes: Changes) -> None:
        touched = self._touched["case"]
        self._touched["case"] = set()
        rows: dict[str, list[Any]] = {t: [] for t in schema.CASE_TABLES}
        keys: list[str] = []
        for case_id in sorted(touched):
            case = self._case(case_id)
            if case is None:
                continue
            carried = None
            if case.carried_over_from is not None:
                predecessor = self._case(case.carried_over_from)
                carried = predecessor.programme if predecessor else None
            built = case_rows(
                case,
                self._person(case.person_id),
                self._programme(case.programme),
                carried,
                self.keys,
            )
            keys.append(built.case_key)
            for table, table_rows in built.tables.items():
                rows[table].extend(table_rows)
        if not keys:
            return
        for table in schema.CASE_TABLES:
            changes.deletes[table] = ("case_key", keys)
            changes.inserts[table] = schema.frame(table, rows[table])

    def _flush_others(self, changes: Changes) -> None:
        codes = sorted(self._touched["programme"])
        if codes:
            changes.deletes["programmes"] = ("code", codes)
            changes.inserts["programmes"] = schema.frame(
                "programmes", programme_rows(self.programmes[c] for c in codes)
            )
        groups = sorted(self._touched["group"])
        if groups:
            rows: list[tuple[Any, ...]] = []
            keys: list[str] = []
            for group_id in groups:
                group = self.groups[group_id]
                keys.append(self.keys.key("group", group_id))
                programme = self._programme(group.programme)
                rows.extend(session_rows(keys[-1], group, programme and programme.territory))
            changes.deletes["group_sessions"] = ("group_key", keys)
            changes.inserts["group_sessions"] = schema.frame("group_sessions", rows)
        stakeholders = sorted(self._touched["stakeholder"])
        if stakeholders:
            nodes_keys, nodes, edges = network_rows(self.stakeholders[i] for i in stakeholders)
            changes.deletes["stakeholders"] = ("node_id", nodes_keys)
            changes.inserts["stakeholders"] = schema.frame("stakeholders", nodes)
            changes.deletes["collaborations"] = ("node_id", nodes_keys)
            changes.inserts["collaborations"] = schema.frame("collaborations", edges)
        for kind in ("group", "stakeholder", "programme"):
            self._touched[kind] = set()
