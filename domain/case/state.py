"""The state a case builds from its events, with corrections applied on top.

Every event is kept as a `Record` by version, so a correction only has to change a record:
everything else (baseline, outcomes, closure date, first job) is derived from the records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from ..shared.case_vocabulary import (
    ActivityKind,
    ClosureReason,
    ConsentScope,
    ContractKind,
    OutcomeKind,
    ReferralReason,
    ReferringService,
)
from ..shared.errors import InvalidValue
from ..shared.profile_vocabulary import CEFRLevel, EmploymentStatus, PermitKind
from .values import CaseStatus, Goal, GoalStatus

_META_FIELDS = {"originator_id", "originator_version", "timestamp", "originator_topic", "meta"}


@dataclass
class Record:
    """One event of the case as it now reads, after any corrections."""

    kind: str
    occurred_on: date
    fields: dict[str, Any]
    void: bool = False
    corrected_by: list[int] = field(default_factory=list)


def check_outcome(
    kind: OutcomeKind,
    contract_kind: ContractKind | None,
    weekly_hours: float | None,
    cefr_level: CEFRLevel | None,
    permit: PermitKind | None,
) -> None:
    """Each outcome kind states what defines it, and nothing that belongs to another kind."""
    is_job = kind is OutcomeKind.JOB_STARTED
    if is_job and (contract_kind is None or weekly_hours is None):
        raise InvalidValue("a job states its contract kind and weekly hours", field="contract_kind")
    if not is_job and (contract_kind is not None or weekly_hours is not None):
        raise InvalidValue("contract and hours belong to job outcomes", field="contract_kind")
    if weekly_hours is not None and not 1 <= weekly_hours <= 60:
        raise InvalidValue("weekly hours must be 1–60", field="weekly_hours")
    if (kind is OutcomeKind.LANGUAGE_CERTIFIED) != (cefr_level is not None):
        raise InvalidValue(
            "a language certificate, and only it, states a CEFR level", field="cefr_level"
        )
    if (kind is OutcomeKind.PERMIT_OBTAINED) != (permit is not None):
        raise InvalidValue("an obtained permit, and only it, states its kind", field="permit")


class CaseState:
    """State and derived views; `Case` adds the commands and events."""

    id: UUID
    version: int

    def __init__(
        self,
        person_id: UUID,
        programme: str,
        referring_service: ReferringService,
        reasons: list[ReferralReason],
        carried_over_from: UUID | None,
        occurred_on: date,
    ) -> None:
        self.person_id = person_id
        self.programme = programme
        self.carried_over_from = carried_over_from
        self.status = CaseStatus.REFERRED
        self.consents: dict[ConsentScope, bool] = {}
        self.goals: dict[str, Goal] = {}
        self.goal_statuses: dict[str, GoalStatus] = {}
        self.follow_ups: dict[int, int] = {}
        self.suspended_on: date | None = None
        self.successor_case_id: UUID | None = None
        self.singletons: dict[str, int] = {"Referred": 1}
        self.records: dict[int, Record] = {
            1: Record(
                "Referred",
                occurred_on,
                {"referring_service": referring_service, "reasons": reasons},
            )
        }

    # -- applying events ------------------------------------------------------------------
    def when(self, event: Any) -> None:
        name = type(event).__name__
        fields = {k: v for k, v in vars(event).items() if k not in _META_FIELDS}
        on = fields.pop("occurred_on")
        self.records[event.originator_version] = Record(name, on, fields)
        handler = getattr(self, f"_on_{name}", None)
        if handler is not None:
            handler(event)

    def _on_ConsentGiven(self, event: Any) -> None:
        self.consents[event.scope] = True

    def _on_ConsentWithdrawn(self, event: Any) -> None:
        self.consents[event.scope] = False

    def _on_IntakeCompleted(self, event: Any) -> None:
        self.singletons["IntakeCompleted"] = event.originator_version
        self.status = CaseStatus.ACTIVE

    def _on_PlanAgreed(self, event: Any) -> None:
        self._add_goals(event.goals)

    def _on_PlanReviewed(self, event: Any) -> None:
        self.goal_statuses.update(event.goal_statuses)
        self._add_goals(event.new_goals)

    def _add_goals(self, goals: list[Goal]) -> None:
        for goal in goals:
            self.goals[goal.goal_id] = goal
            self.goal_statuses[goal.goal_id] = GoalStatus.OPEN

    def _on_Suspended(self, event: Any) -> None:
        self.status, self.suspended_on = CaseStatus.SUSPENDED, event.occurred_on

    def _on_Resumed(self, event: Any) -> None:
        self.status, self.suspended_on = CaseStatus.ACTIVE, None

    def _on_TransferredOut(self, event: Any) -> None:
        self.singletons["TransferredOut"] = event.originator_version
        self.status, self.successor_case_id = CaseStatus.TRANSFERRED, event.successor_case_id

    def _on_Closed(self, event: Any) -> None:
        self.singletons["Closed"] = event.originator_version
        self.status = CaseStatus.CLOSED

    def _on_NotTakenOn(self, event: Any) -> None:
        self.singletons["NotTakenOn"] = event.originator_version
        self.status = CaseStatus.CLOSED

    def _on_FollowedUp(self, event: Any) -> None:
        self.follow_ups[event.months] = event.originator_version

    def _on_Corrected(self, event: Any) -> None:
        target = self.records[event.corrects_version]
        target.corrected_by.append(event.originator_version)
        if event.void:
            target.void = True
        for key, value in event.changes.items():
            if key == "occurred_on":
                target.occurred_on = value
            else:
                target.fields[key] = value

    # -- derived views --------------------------------------------------------------------
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
