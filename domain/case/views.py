"""What a case's records say: the derived views a case answers questions with.

Everything here is read from `records` (one per event, corrections applied, see state.py) and
`singletons` (the version of each once-only event), so a correction changes every view at once.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..shared.case_vocabulary import (
    ActivityKind,
    ClosureReason,
    OutcomeKind,
    ReferralReason,
    ReferringService,
)
from ..shared.profile_vocabulary import EmploymentStatus

if TYPE_CHECKING:
    from .state import Record


class CaseViews:
    """Derived views over the records; mixed into `CaseState`, which keeps the records."""

    records: dict[int, Record]
    singletons: dict[str, int]

    def _singleton(self, kind: str) -> Record | None:
        version = self.singletons.get(kind)
        return None if version is None else self.records[version]

    def _live(self, kind: str) -> list[Record]:
        return [r for r in self.records.values() if r.kind == kind and not r.void]

    @property
    def referred_on(self) -> date:
        return self.records[1].occurred_on

    @property
    def referring_service(self) -> ReferringService:
        service: ReferringService = self.records[1].fields["referring_service"]
        return service

    @property
    def reasons(self) -> list[ReferralReason]:
        reasons: list[ReferralReason] = self.records[1].fields["reasons"]
        return reasons

    @property
    def intake_on(self) -> date | None:
        intake = self._singleton("IntakeCompleted")
        return None if intake is None else intake.occurred_on

    @property
    def intake(self) -> dict[str, Any] | None:
        intake = self._singleton("IntakeCompleted")
        return None if intake is None else intake.fields

    @property
    def baseline(self) -> dict[str, int]:
        return dict(self.intake["baseline"]) if self.intake else {}

    @property
    def latest_scores(self) -> dict[str, int]:
        """Each domain's most recent score: the baseline overlaid by assessments in date order."""
        scores = self.baseline
        for record in sorted(self._live("Assessed"), key=lambda r: r.occurred_on):
            scores.update(record.fields["scores"])
        return scores

    @property
    def activities(self) -> list[Record]:
        return self._live("ActivityRecorded")

    @property
    def outcomes(self) -> list[Record]:
        return self._live("OutcomeRecorded")

    @property
    def first_job_on(self) -> date | None:
        jobs = [r.occurred_on for r in self.outcomes if r.fields["kind"] is OutcomeKind.JOB_STARTED]
        return min(jobs, default=None)

    @property
    def closed_on(self) -> date | None:
        closed = (
            self._singleton("Closed")
            or self._singleton("TransferredOut")
            or self._singleton("NotTakenOn")
        )
        return None if closed is None else closed.occurred_on

    @property
    def closure_reason(self) -> ClosureReason | None:
        if self._singleton("TransferredOut") is not None:
            return ClosureReason.TRANSFERRED
        if self._singleton("NotTakenOn") is not None:
            return ClosureReason.NOT_TAKEN_ON
        closed = self._singleton("Closed")
        return None if closed is None else closed.fields["reason"]

    @property
    def employment_at_exit(self) -> EmploymentStatus | None:
        closed = self._singleton("Closed")
        return None if closed is None else closed.fields["employment_at_exit"]

    @property
    def last_occurred_on(self) -> date:
        return max(
            r.occurred_on for r in self.records.values() if not r.void and r.kind != "Corrected"
        )

    def hours_by_kind(self) -> dict[ActivityKind, float]:
        totals: dict[ActivityKind, float] = {}
        for record in self.activities:
            kind = record.fields["kind"]
            totals[kind] = totals.get(kind, 0.0) + record.fields["hours"]
        return totals
