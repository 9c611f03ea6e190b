"""Folds decoded events, in log order, into the states of cases, people, programmes, groups and
stakeholders (the fold is single-threaded; decoding may happen elsewhere, in parallel).

Pure: infra hands it decoded domain events and a `loader` that returns the decoded history of
one aggregate up to a version (states.py: used when a state is not in memory). `flush()`
(changes.py) returns what to delete and insert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from uuid import UUID

from domain.programme import programme_id

from .changes import Changes, Flushing
from .fold import CaseFold, GroupFold, PersonFold, ProgrammeFold, StakeholderFold
from .states import KEEP_SETTLED, SETTLED_MONTHS, Loader

__all__ = ["KEEP_SETTLED", "SETTLED_MONTHS", "Changes", "Loader", "Projector"]


class Projector(Flushing):
    """Routes each event to its aggregate's handler; marks what it touched for the flush."""

    def __init__(
        self,
        secret: bytes,
        loader: Loader,
        *,
        max_cases: int = 400_000,
        keep_settled: int = KEEP_SETTLED,
        up_to_day: date | None = None,
    ) -> None:
        super().__init__(
            secret, loader, max_cases=max_cases, keep_settled=keep_settled, up_to_day=up_to_day
        )
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
