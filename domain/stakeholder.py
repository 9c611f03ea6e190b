"""Stakeholder: an organisation in EMP's network (action 1); organisations are not personal data."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate

from .shared.errors import InvalidValue, OutsideProgrammePeriod
from .shared.events import Created, Event
from .shared.labels import LabelledEnum
from .shared.text import clean_text
from .shared.values import Meta, Period


def _check_period(day: date, period: Period, what: str) -> None:
    """A stakeholder belongs to a programme's network: its dates lie in that programme's period."""
    if not period.contains(day):
        end = period.end.isoformat() if period.end else "open"
        raise OutsideProgrammePeriod(
            f"{what} {day.isoformat()} is outside the programme's period "
            f"({period.start.isoformat()} – {end})",
            field="occurred_on",
        )


class StakeholderKind(LabelledEnum):
    PUBLIC_SERVICE = ("public_service", "Servizio pubblico", "Public service")
    MUNICIPALITY = ("municipality", "Comune", "Municipality")
    HEALTH = ("health", "Servizio sanitario", "Health service")
    SCHOOL = ("school", "Scuola", "School")
    ASSOCIATION = ("association", "Associazione", "Association")
    MIGRANT_ASSOCIATION = ("migrant_association", "Associazione di migranti", "Migrant association")
    COOPERATIVE = ("cooperative", "Cooperativa sociale", "Social cooperative")
    EMPLOYER = ("employer", "Impresa", "Employer")
    TRADE_UNION = ("trade_union", "Sindacato / patronato", "Trade union / advice bureau")
    FAITH_COMMUNITY = ("faith_community", "Comunità religiosa", "Faith community")
    TRAINING_BODY = ("training_body", "Ente di formazione", "Training body")


class CollaborationKind(LabelledEnum):
    REFERRALS = ("referrals", "Invii reciproci", "Mutual referrals")
    JOINT_ACTIVITY = ("joint_activity", "Attività congiunte", "Joint activities")
    PROTOCOL = ("protocol", "Protocollo d'intesa", "Memorandum of understanding")
    NETWORK_TABLE = ("network_table", "Tavolo di rete", "Network table")
    TRAINING = ("training", "Formazione", "Training")


class Stakeholder(Aggregate):
    class Mapped(Created):
        programme: str
        name: str
        kind: StakeholderKind
        territory: str

    class CollaborationStarted(Event):
        partner_id: UUID | None
        kind: CollaborationKind

        def apply(self, aggregate: Stakeholder) -> None:
            aggregate.collaborations[self.key] = self.occurred_on

        @property
        def key(self) -> str:
            partner = self.partner_id.hex if self.partner_id else "programme"
            return f"{partner}:{self.kind.value}"

    class CollaborationEnded(Event):
        partner_id: UUID | None
        kind: CollaborationKind

        def apply(self, aggregate: Stakeholder) -> None:
            partner = self.partner_id.hex if self.partner_id else "programme"
            aggregate.collaborations.pop(f"{partner}:{self.kind.value}", None)

    def __init__(
        self, programme: str, name: str, kind: StakeholderKind, territory: str, occurred_on: date
    ) -> None:
        self.programme = programme
        self.name = name
        self.kind = kind
        self.territory = territory
        self.mapped_on = occurred_on
        self.collaborations: dict[str, date] = {}

    @classmethod
    def map(
        cls,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        stakeholder_id: UUID,
        programme: str,
        name: str,
        kind: StakeholderKind,
        territory: str,
    ) -> Stakeholder:
        """`period` is the programme's: an organisation is mapped while the programme runs."""
        name = clean_text(name, field="name")
        territory = clean_text(territory, field="territory")
        if not name.strip():
            raise InvalidValue("an organisation has a name", field="name")
        if not territory.strip():
            raise InvalidValue("an organisation has a territory", field="territory")
        _check_period(occurred_on, period, "the mapping")
        return cls._create(
            cls.Mapped,
            id=stakeholder_id,
            meta=meta,
            occurred_on=occurred_on,
            programme=programme,
            name=name,
            kind=kind,
            territory=territory,
        )

    def start_collaboration(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        partner_id: UUID | None,
        kind: CollaborationKind,
    ) -> None:
        """With another organisation (`partner_id`) or, when None, with the programme itself."""
        if partner_id == self.id:
            raise InvalidValue(
                "an organisation does not collaborate with itself", field="partner_id"
            )
        key = f"{partner_id.hex if partner_id else 'programme'}:{kind.value}"
        if key in self.collaborations:
            raise InvalidValue("that collaboration is already active", field="kind")
        if occurred_on < self.mapped_on:
            raise InvalidValue("a collaboration starts after mapping", field="occurred_on")
        _check_period(occurred_on, period, "the collaboration's start")
        self.trigger_event(
            self.CollaborationStarted,
            meta=meta,
            occurred_on=occurred_on,
            partner_id=partner_id,
            kind=kind,
        )

    def end_collaboration(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        partner_id: UUID | None,
        kind: CollaborationKind,
    ) -> None:
        key = f"{partner_id.hex if partner_id else 'programme'}:{kind.value}"
        started = self.collaborations.get(key)
        if started is None:
            raise InvalidValue("no such active collaboration", field="kind")
        if occurred_on < started:
            raise InvalidValue("a collaboration ends after it starts", field="occurred_on")
        _check_period(occurred_on, period, "the collaboration's end")
        self.trigger_event(
            self.CollaborationEnded,
            meta=meta,
            occurred_on=occurred_on,
            partner_id=partner_id,
            kind=kind,
        )
