"""The checks every case command starts with, and the one way a command records its event."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..shared.case_vocabulary import ConsentScope
from ..shared.errors import CaseClosed, CaseSuspended, ConsentRequired, IntakeRequired
from ..shared.values import Meta, Period
from .rules import check_in_period, check_not_before
from .state import CaseState
from .values import CaseStatus


class CaseRules(CaseState):
    """Guards shared by the command mixins; `Case` supplies `_emit`, since it owns the events."""

    def _check_date(self, day: date, period: Period) -> None:
        check_in_period(day, period, self.programme)
        check_not_before(day, self.referred_on, "referral")
        check_not_before(day, self.intake_on, "intake")

    def _check_open(self) -> None:
        if self.status.is_over:
            raise CaseClosed(f"the case is {self.status.en.lower()}: no further work on it")

    def _check_working(self, day: date, period: Period) -> None:
        self._check_open()
        if self.status is CaseStatus.SUSPENDED:
            raise CaseSuspended("the case is suspended: resume it first")
        if self.intake_on is None:
            raise IntakeRequired("complete the intake first")
        self._check_processing_consent()
        self._check_date(day, period)

    def _check_processing_consent(self) -> None:
        """Work on a case needs her consent to processing *now*, not only at the intake."""
        if not self.consents.get(ConsentScope.PROCESSING):
            raise ConsentRequired(
                "consent to processing was withdrawn: record it again before further work",
                field="scope",
            )

    def _emit(self, event: str, meta: Meta, occurred_on: date, /, **fields: Any) -> None:
        """Trigger the event `Case.<event>` (events stay nested in Case so topics never move)."""
        raise NotImplementedError
