"""Use cases of a case's course: pauses, carry-over, closure, follow-ups, corrections, and
reading a case as it stood at an earlier version or business date.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.case import Case
from domain.shared.case_vocabulary import ClosureReason, NotTakenOnReason, SuspensionReason
from domain.shared.dates import check_not_future
from domain.shared.errors import AlreadyExists, InvalidTransfer, NotFound
from domain.shared.events import Event
from domain.shared.profile_vocabulary import EmploymentStatus, HousingStatus, IncomeSource
from domain.shared.text import clean_text
from domain.shared.values import Meta, PersonalText

from .base import CommandResult
from .cases import CaseManagement


class CaseCourse(CaseManagement):
    """How a case pauses, moves on, ends and is fixed; and time travel over its history."""

    def suspend_case(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        reason: SuspensionReason,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "suspend_case",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.suspend(meta=meta, occurred_on=occurred_on, period=p, reason=reason),
        )

    def resume_case(
        self, meta: Meta, case_id: UUID, *, occurred_on: date, expected_version: int | None = None
    ) -> CommandResult:
        return self._on_case(
            "resume_case",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.resume(meta=meta, occurred_on=occurred_on, period=p),
        )

    def close_case(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        reason: ClosureReason,
        employment_at_exit: EmploymentStatus,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "close_case",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.close_case(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                reason=reason,
                employment_at_exit=employment_at_exit,
            ),
        )

    def record_not_taken_on(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        reason: NotTakenOnReason,
        employment: EmploymentStatus,
        months_worked_prior_24: int | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """A referral ends without a presa in carico (declined, waiting list, not eligible)."""
        return self._on_case(
            "record_not_taken_on",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.record_not_taken_on(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                reason=reason,
                employment=employment,
                months_worked_prior_24=months_worked_prior_24,
            ),
        )

    def record_follow_up(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        months: int,
        reached: bool,
        employment: EmploymentStatus | None = None,
        income_source: IncomeSource | None = None,
        housing: HousingStatus | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "record_follow_up",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.record_follow_up(
                meta=meta,
                occurred_on=occurred_on,
                months=months,
                reached=reached,
                employment=employment,
                income_source=income_source,
                housing=housing,
            ),
        )

    def correct_event(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        corrects_version: int,
        changes: dict[str, Any],
        reason: str,
        void: bool = False,
        expected_version: int | None = None,
    ) -> CommandResult:
        _check_corrected_date(changes, self.clock.today())
        return self._on_case(
            "correct_event",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.correct(
                meta=meta,
                occurred_on=occurred_on,
                corrects_version=corrects_version,
                changes=changes,
                void=void,
                reason=PersonalText(
                    c.person_id, clean_text(reason, field="reason", multiline=True)
                ),
            ),
        )

    def transfer_case(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        successor_programme: str,
        successor_case_id: UUID,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Carry a case over to the next generation: close it here, open it there, atomically."""

        def action() -> list[Any]:
            case = self.case(case_id)
            self._check_version(case, expected_version)
            successor = self.programme(successor_programme)
            if successor.predecessor != case.programme:
                raise InvalidTransfer(
                    f"{successor_programme} does not succeed {case.programme}",
                    field="successor_programme",
                )
            if self._exists(successor_case_id):
                raise AlreadyExists("a case with this id exists", field="successor_case_id")
            case.transfer_out(
                meta=meta,
                occurred_on=occurred_on,
                successor_period=successor.period,
                successor_programme=successor_programme,
                successor_case_id=successor_case_id,
            )
            new = Case.refer(
                meta=meta,
                occurred_on=occurred_on,
                period=successor.period,
                case_id=successor_case_id,
                person_id=case.person_id,
                programme=successor_programme,
                referring_service=case.referring_service,
                reasons=case.reasons,
                carried_over_from=case.id,
            )
            return [case, new]

        return self._execute("transfer_case", meta, occurred_on, action)

    def case_at(
        self, case_id: UUID, *, version: int | None = None, as_of: date | None = None
    ) -> Case:
        """The case at a version, or as it stood on a business date.

        "As of" replays, in recorded order, only the events dated on or before that day, so a
        back-dated entry shows where it belongs and a later correction does not leak backwards.
        """
        if as_of is None:
            found = self.aggregate_at(case_id, version)
            if not isinstance(found, Case):
                raise NotFound(f"no case {case_id}", field="case_id")
            return found
        events = [
            e
            for e in self.events.get(case_id, lte=version)
            if isinstance(e, Event) and e.occurred_on <= as_of
        ]
        if not events or not isinstance(events[0], Case.Referred):
            raise NotFound(f"case {case_id} did not exist on {as_of.isoformat()}", field="as_of")
        case = events[0].mutate(None)
        assert isinstance(case, Case)
        for event in events[1:]:
            if isinstance(event, Case.Corrected) and event.corrects_version not in case.records:
                continue  # it corrects an event dated after `as_of`, which is not shown
            event.apply(case)
            case.version = event.originator_version
        return case


def _check_corrected_date(changes: dict[str, Any], today: date) -> None:
    """A corrected business date obeys the same rule as any other: not after today."""
    value = changes.get("occurred_on")
    if value is None:
        return
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return  # the domain names the unreadable value when it parses the correction
    check_not_future(day, today, field="changes.occurred_on")
