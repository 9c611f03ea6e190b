"""Group: a recurring group of a programme (e.g. EMP's mothers of children with special needs)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate

from .shared.errors import GroupClosed, InvalidValue
from .shared.events import Created, Event
from .shared.labels import LabelledEnum
from .shared.text import clean_text
from .shared.values import Meta, Period


class GroupKind(LabelledEnum):
    MOTHERS_SPECIAL_NEEDS = (
        "mothers_special_needs",
        "Gruppo madri di figli con bisogni speciali e disabilità",
        "Mothers of children with special needs and disabilities",
    )
    LANGUAGE_CIRCLE = ("language_circle", "Circolo di conversazione", "Conversation circle")
    JOB_CLUB = ("job_club", "Gruppo ricerca lavoro", "Job club")
    LISTENING_GROUP = ("listening_group", "Gruppo di ascolto", "Listening group")


class Group(Aggregate):
    class Formed(Created):
        programme: str
        kind: GroupKind
        title: str

    class SessionHeld(Event):
        attendees: list[UUID]
        hours: float

        def apply(self, aggregate: Group) -> None:
            aggregate.sessions += 1

    class Ended(Event):
        def apply(self, aggregate: Group) -> None:
            aggregate.ended_on = self.occurred_on

    def __init__(self, programme: str, kind: GroupKind, title: str, occurred_on: date) -> None:
        self.programme = programme
        self.kind = kind
        self.title = title
        self.formed_on = occurred_on
        self.sessions = 0
        self.ended_on: date | None = None

    @classmethod
    def form(
        cls,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        group_id: UUID,
        programme: str,
        kind: GroupKind,
        title: str,
    ) -> Group:
        """`title` names the group's theme, never a participant."""
        if not period.contains(occurred_on):
            raise InvalidValue(
                "the group forms outside its programme's period", field="occurred_on"
            )
        title = clean_text(title, field="title")
        if not title.strip():
            raise InvalidValue("a group has a title", field="title")
        return cls._create(
            cls.Formed,
            id=group_id,
            meta=meta,
            occurred_on=occurred_on,
            programme=programme,
            kind=kind,
            title=title,
        )

    def hold_session(
        self, *, meta: Meta, occurred_on: date, period: Period, attendees: list[UUID], hours: float
    ) -> None:
        """Attendees are case ids (pseudonymous); each also gets a group activity on her case."""
        if self.ended_on is not None:
            raise GroupClosed("the group has ended")
        if not period.contains(occurred_on) or occurred_on < self.formed_on:
            raise InvalidValue("the session falls outside the group's period", field="occurred_on")
        if not 0 < hours <= 8:
            raise InvalidValue("a session lasts more than 0 and at most 8 hours", field="hours")
        if len(set(attendees)) != len(attendees):
            raise InvalidValue("an attendee is listed twice", field="attendees")
        self.trigger_event(
            self.SessionHeld,
            meta=meta,
            occurred_on=occurred_on,
            attendees=attendees,
            hours=float(hours),
        )

    def end(self, *, meta: Meta, occurred_on: date) -> None:
        if self.ended_on is not None:
            raise GroupClosed("the group has already ended")
        self.trigger_event(self.Ended, meta=meta, occurred_on=occurred_on)
