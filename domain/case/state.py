"""The state a case builds from its events, with corrections applied on top.

Every event is kept as a `Record` by version, so a correction only has to change a record:
everything else (baseline, outcomes, closure date, first job) is derived from the records, in
views.py. The outcome rule lives with the other rules (rules.py); it is re-exported here for
callers that import it from this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from ..shared.case_vocabulary import ConsentScope, ReferralReason, ReferringService
from .rules import check_outcome
from .values import CaseStatus, Goal, GoalStatus
from .views import CaseViews

__all__ = ["CaseState", "Record", "check_outcome"]

_META_FIELDS = {"originator_id", "originator_version", "timestamp", "originator_topic", "meta"}


@dataclass
class Record:
    """One event of the case as it now reads, after any corrections."""

    kind: str
    occurred_on: date
    fields: dict[str, Any]
    void: bool = False
    corrected_by: list[int] = field(default_factory=list)


class CaseState(CaseViews):
    """State built from events (derived views in `CaseViews`); `Case` adds the commands."""

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
