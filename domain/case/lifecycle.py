"""Case commands of its course: suspension and resumption, carry-over to the successor
programme, closure, follow-ups after closure, and corrections of earlier events.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ..shared.case_vocabulary import (
    FOLLOW_UP_MONTHS,
    ClosureReason,
    SuspensionReason,
)
from ..shared.errors import (
    CaseAlreadyClosed,
    CaseNotSuspended,
    FollowUpAlreadyRecorded,
    FollowUpBeforeClosure,
    IntakeRequired,
    InvalidValue,
)
from ..shared.profile_vocabulary import (
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
)
from ..shared.values import Meta, Period, PersonalText, add_months
from .corrections import normalise_correction
from .guards import CaseRules
from .rules import check_in_period, check_not_before
from .values import CaseStatus


class CaseLifecycle(CaseRules):
    """How a case pauses, moves on, ends and is fixed; mixed into `Case`, which owns the events."""

    # -- pauses, transfer, closure, follow-up ---------------------------------------------
    def suspend(
        self, *, meta: Meta, occurred_on: date, period: Period, reason: SuspensionReason
    ) -> None:
        self._check_working(occurred_on, period)
        self._emit("Suspended", meta, occurred_on, reason=reason)

    def resume(self, *, meta: Meta, occurred_on: date, period: Period) -> None:
        self._check_open()
        if self.status is not CaseStatus.SUSPENDED:
            raise CaseNotSuspended("only a suspended case can be resumed")
        self._check_date(occurred_on, period)
        check_not_before(occurred_on, self.suspended_on, "suspension")
        self._emit("Resumed", meta, occurred_on)

    def transfer_out(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        successor_period: Period,
        successor_programme: str,
        successor_case_id: UUID,
    ) -> None:
        """Carry the case over to the next generation; the successor case is opened alongside.

        Generations meet end to start (Billan 2 ends on 31 Dec 2014, Azioni 2015–16 starts the
        next day), so the carry-over is dated inside the *successor's* period, not this one's.
        """
        self._check_open()
        if self.status is CaseStatus.REFERRED:
            raise IntakeRequired("only a case taken in charge can be carried over")
        self._check_processing_consent()
        check_in_period(occurred_on, successor_period, successor_programme)
        check_not_before(occurred_on, self.last_occurred_on, "case's latest event")
        self._emit(
            "TransferredOut",
            meta,
            occurred_on,
            successor_programme=successor_programme,
            successor_case_id=successor_case_id,
        )

    def close_case(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        reason: ClosureReason,
        employment_at_exit: EmploymentStatus,
    ) -> None:
        if self.status.is_over:
            raise CaseAlreadyClosed("the case is already closed")
        if reason is ClosureReason.TRANSFERRED:
            raise InvalidValue("use the transfer command to carry a case over", field="reason")
        if reason is ClosureReason.NOT_TAKEN_ON:
            raise InvalidValue("use the not-taken-on command for a referral", field="reason")
        self._check_date(occurred_on, period)
        check_not_before(occurred_on, self.last_occurred_on, "case's latest event")
        self._emit(
            "Closed", meta, occurred_on, reason=reason, employment_at_exit=employment_at_exit
        )

    def record_follow_up(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        months: int,
        reached: bool,
        employment: EmploymentStatus | None = None,
        income_source: IncomeSource | None = None,
        housing: HousingStatus | None = None,
    ) -> None:
        """Follow-ups fall after closure (any date past the programme's end is fine)."""
        if self.closed_on is None or self.status is not CaseStatus.CLOSED:
            raise FollowUpBeforeClosure("follow-ups are recorded only after closure")
        if months not in FOLLOW_UP_MONTHS:
            raise InvalidValue(f"follow-ups are at {FOLLOW_UP_MONTHS} months", field="months")
        if months in self.follow_ups:
            raise FollowUpAlreadyRecorded(
                f"the {months}-month follow-up is already recorded", field="months"
            )
        due = add_months(self.closed_on, months)
        check_not_before(occurred_on, add_months(due, -1), f"{months}-month follow-up window")
        if reached and employment is None:
            raise InvalidValue("a reached follow-up states her employment", field="employment")
        self._emit(
            "FollowedUp",
            meta,
            occurred_on,
            months=months,
            reached=reached,
            employment=employment if reached else None,
            income_source=income_source if reached else None,
            housing=housing if reached else None,
        )

    def correct(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        corrects_version: int,
        changes: dict[str, Any],
        void: bool,
        reason: PersonalText,
    ) -> None:
        """Correct or void an earlier event; allowed on closed cases too (records get fixed)."""
        typed = normalise_correction(self, corrects_version, changes, void)
        if not reason.text or not reason.text.strip():
            raise InvalidValue("a correction states why", field="reason")
        # A correction cannot predate what it corrects (time travel relies on it).
        check_not_before(occurred_on, self.records[corrects_version].occurred_on, "corrected event")
        self._emit(
            "Corrected",
            meta,
            occurred_on,
            corrects_version=corrects_version,
            changes=typed,
            void=void,
            reason=reason,
        )
