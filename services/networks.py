"""Use cases of groups (sessions and attendance) and of EMP's stakeholder network."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.case import Case
from domain.group import Group, GroupKind
from domain.shared.case_vocabulary import ActivityKind
from domain.shared.errors import AlreadyExists, InvalidValue
from domain.shared.values import Meta
from domain.stakeholder import CollaborationKind, Stakeholder, StakeholderKind

from .base import CommandResult
from .catalogue import ProgrammeCatalogue


class Networks(ProgrammeCatalogue):
    def form_group(
        self,
        meta: Meta,
        *,
        occurred_on: date,
        group_id: UUID,
        programme: str,
        kind: GroupKind,
        title: str,
    ) -> CommandResult:
        def action() -> list[Any]:
            if self._exists(group_id):
                raise AlreadyExists("a group with this id exists", field="group_id")
            return [
                Group.form(
                    meta=meta,
                    occurred_on=occurred_on,
                    period=self.period_of(programme),
                    group_id=group_id,
                    programme=programme,
                    kind=kind,
                    title=title,
                )
            ]

        return self._execute("form_group", meta, occurred_on, action)

    def hold_group_session(
        self,
        meta: Meta,
        group_id: UUID,
        *,
        occurred_on: date,
        attendees: list[UUID],
        hours: float,
        expected_version: int | None = None,
    ) -> CommandResult:
        """The session and a group activity on each attendee's case, in one transaction."""

        def action() -> list[Any]:
            group = self._load(group_id, Group, "group")
            self._check_version(group, expected_version)
            period = self.period_of(group.programme)
            group.hold_session(
                meta=meta, occurred_on=occurred_on, period=period, attendees=attendees, hours=hours
            )
            cases = [self._load(case_id, Case, "case") for case_id in attendees]
            for case in cases:
                if case.programme != group.programme:
                    raise InvalidValue(
                        "an attendee's case belongs to another programme", field="attendees"
                    )
                case.record_activity(
                    meta=meta,
                    occurred_on=occurred_on,
                    period=period,
                    kind=ActivityKind.GROUP_SESSION,
                    hours=hours,
                    group_id=group_id,
                )
            return [group, *cases]

        return self._execute("hold_group_session", meta, occurred_on, action)

    def end_group(
        self,
        meta: Meta,
        group_id: UUID,
        *,
        occurred_on: date,
        expected_version: int | None = None,
    ) -> CommandResult:
        def action() -> list[Any]:
            group = self._load(group_id, Group, "group")
            self._check_version(group, expected_version)
            group.end(meta=meta, occurred_on=occurred_on)
            return [group]

        return self._execute("end_group", meta, occurred_on, action)

    def map_stakeholder(
        self,
        meta: Meta,
        *,
        occurred_on: date,
        stakeholder_id: UUID,
        programme: str,
        name: str,
        kind: StakeholderKind,
        territory: str,
    ) -> CommandResult:
        def action() -> list[Any]:
            if self._exists(stakeholder_id):
                raise AlreadyExists("an organisation with this id exists", field="stakeholder_id")
            return [
                Stakeholder.map(
                    meta=meta,
                    occurred_on=occurred_on,
                    period=self.period_of(programme),
                    stakeholder_id=stakeholder_id,
                    programme=programme,
                    name=name,
                    kind=kind,
                    territory=territory,
                )
            ]

        return self._execute("map_stakeholder", meta, occurred_on, action)

    def start_collaboration(
        self,
        meta: Meta,
        stakeholder_id: UUID,
        *,
        occurred_on: date,
        partner_id: UUID | None,
        kind: CollaborationKind,
        expected_version: int | None = None,
    ) -> CommandResult:
        def action() -> list[Any]:
            stakeholder = self._load(stakeholder_id, Stakeholder, "stakeholder")
            self._check_version(stakeholder, expected_version)
            if partner_id is not None:
                self._load(partner_id, Stakeholder, "stakeholder")
            stakeholder.start_collaboration(
                meta=meta,
                occurred_on=occurred_on,
                period=self.period_of(stakeholder.programme),
                partner_id=partner_id,
                kind=kind,
            )
            return [stakeholder]

        return self._execute("start_collaboration", meta, occurred_on, action)

    def end_collaboration(
        self,
        meta: Meta,
        stakeholder_id: UUID,
        *,
        occurred_on: date,
        partner_id: UUID | None,
        kind: CollaborationKind,
        expected_version: int | None = None,
    ) -> CommandResult:
        def action() -> list[Any]:
            stakeholder = self._load(stakeholder_id, Stakeholder, "stakeholder")
            self._check_version(stakeholder, expected_version)
            stakeholder.end_collaboration(
                meta=meta,
                occurred_on=occurred_on,
                period=self.period_of(stakeholder.programme),
                partner_id=partner_id,
                kind=kind,
            )
            return [stakeholder]

        return self._execute("end_collaboration", meta, occurred_on, action)
