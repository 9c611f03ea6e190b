"""Programme: one project of the 2006–2021 lineage, with its period, territory and lineage links."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from .shared.errors import InvalidValue
from .shared.events import Created, Event
from .shared.text import clean_text
from .shared.values import Meta, Period

_AMENDABLE = (
    "name",
    "territory",
    "partner_service",
    "start",
    "end",
    "predecessor",
    "model",
    "generation",
    "aims",
    "actions",
    "assumed",
)


@lru_cache(maxsize=1024)
def programme_id(code: str) -> UUID:
    """Programmes have deterministic ids so loading the catalogue twice finds the same one.
    (Kept once computed: every case command asks, and `uuid5` is a SHA-1 in Python.)"""
    return uuid5(NAMESPACE_URL, f"percorsi:programme:{code.upper()}")


class Programme(Aggregate):
    """A programme; `predecessor` links the generations, `model` the siblings built on a model."""

    class Registered(Created):
        code: str
        name: str
        territory: str
        partner_service: str
        start: date
        end: date | None
        predecessor: str | None
        model: str | None
        generation: int
        aims: list[str]
        actions: list[str]
        assumed: list[str]

    class PeriodExtended(Event):
        new_end: date

        def apply(self, aggregate: Programme) -> None:
            aggregate.end = self.new_end

    class Amended(Event):
        changes: dict[str, Any]

        def apply(self, aggregate: Programme) -> None:
            for key, value in self.changes.items():
                setattr(aggregate, key, value)

    @staticmethod
    def create_id(code: str) -> UUID:
        return programme_id(code)

    def __init__(
        self,
        code: str,
        name: str,
        territory: str,
        partner_service: str,
        start: date,
        end: date | None,
        predecessor: str | None,
        model: str | None,
        generation: int,
        aims: list[str],
        actions: list[str],
        assumed: list[str],
    ) -> None:
        self.code = code
        self.name = name
        self.territory = territory
        self.partner_service = partner_service
        self.start = start
        self.end = end
        self.predecessor = predecessor
        self.model = model
        self.generation = generation
        self.aims = aims
        self.actions = actions
        self.assumed = assumed

    @classmethod
    def register(
        cls,
        *,
        meta: Meta,
        occurred_on: date,
        code: str,
        name: str,
        territory: str,
        partner_service: str,
        start: date,
        end: date | None,
        predecessor: str | None,
        model: str | None,
        generation: int,
        aims: list[str],
        actions: list[str],
        assumed: list[str],
    ) -> Programme:
        if not code.isalnum() or not code.isupper():
            raise InvalidValue("programme code must be upper-case letters and digits", field="code")
        Period(start, end)  # raises if end < start
        name = clean_text(name, field="name")
        territory = clean_text(territory, field="territory")
        partner_service = clean_text(partner_service, field="partner_service")
        aims = [clean_text(a, field="aims", multiline=True) for a in aims]
        actions = [clean_text(a, field="actions", multiline=True) for a in actions]
        if generation < 1:
            raise InvalidValue("generation starts at 1", field="generation")
        return cls._create(
            cls.Registered,
            id=programme_id(code),
            meta=meta,
            occurred_on=occurred_on,
            code=code,
            name=name,
            territory=territory,
            partner_service=partner_service,
            start=start,
            end=end,
            predecessor=predecessor,
            model=model,
            generation=generation,
            aims=aims,
            actions=actions,
            assumed=assumed,
        )

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    def extend(self, *, meta: Meta, occurred_on: date, new_end: date) -> None:
        """Extend the programme (Les Femmes ran to 2019, then was extended to 2021)."""
        if self.end is not None and new_end <= self.end:
            raise InvalidValue("an extension must move the end later", field="new_end")
        self.trigger_event(self.PeriodExtended, meta=meta, occurred_on=occurred_on, new_end=new_end)

    def differences(self, **fields: Any) -> dict[str, Any]:
        """The catalogue fields whose value differs from this programme's."""
        unknown = set(fields) - set(_AMENDABLE)
        if unknown:
            raise InvalidValue(f"unknown programme fields {sorted(unknown)}", field="changes")
        return {k: v for k, v in fields.items() if getattr(self, k) != v}

    def amend(self, *, meta: Meta, occurred_on: date, changes: dict[str, Any]) -> None:
        """Correct catalogue facts (e.g. an assumed date a real organisation now knows)."""
        if not changes:
            return
        Period(changes.get("start", self.start), changes.get("end", self.end))
        self.trigger_event(self.Amended, meta=meta, occurred_on=occurred_on, changes=changes)
