"""The Case aggregate: its events, its creation by referral, and the commands mixed in.

Events are nested in the class, so their topics read `domain.case.aggregate:Case.<Event>`; see
docs/adr/0002-event-naming-and-versioning.md before renaming any of them. The commands live in
`casework.py` and `lifecycle.py`; each checks the rules of DESIGN §2, then emits one event here.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ..shared.case_vocabulary import (
    ActivityKind,
    ClosureReason,
    ConsentScope,
    ContractKind,
    Need,
    NotTakenOnReason,
    OutcomeKind,
    ReferralReason,
    ReferringService,
    ServiceKind,
    SuspensionReason,
)
from ..shared.errors import InvalidValue
from ..shared.events import Created, Event
from ..shared.profile_vocabulary import (
    CEFRLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from ..shared.values import Meta, Period, PersonalText
from .casework import CaseWork
from .lifecycle import CaseLifecycle
from .rules import check_in_period
from .values import Goal, GoalStatus


class Case(CaseWork, CaseLifecycle, Aggregate):
    """One woman's presa in carico in one programme."""

    class Referred(Created):
        person_id: UUID
        programme: str
        referring_service: ReferringService
        reasons: list[ReferralReason]
        carried_over_from: UUID | None

    class ConsentGiven(Event):
        scope: ConsentScope

    class ConsentWithdrawn(Event):
        scope: ConsentScope

    class IntakeCompleted(Event):
        """v2 adds her pre-referral labour history (ADR 0016); v1 records read as None."""

        baseline: dict[str, int]
        employment: EmploymentStatus
        income_source: IncomeSource
        housing: HousingStatus
        needs: list[Need]
        notes: PersonalText | None
        months_worked_prior_24: int | None

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["months_worked_prior_24"] = None

    class NotTakenOn(Event):
        """A referred woman was not taken in charge; her screening is the comparison (ADR 0016)."""

        reason: NotTakenOnReason
        employment: EmploymentStatus
        months_worked_prior_24: int | None

    class PlanAgreed(Event):
        goals: list[Goal]

    class PlanReviewed(Event):
        goal_statuses: dict[str, GoalStatus]
        new_goals: list[Goal]
        notes: PersonalText | None

    class ActivityRecorded(Event):
        """v2 links group sessions to their group (docs/adr/0002); v1 records read as None."""

        kind: ActivityKind
        hours: float
        group_id: UUID | None
        notes: PersonalText | None

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["group_id"] = None

    class ReferredToService(Event):
        service: ServiceKind
        notes: PersonalText | None

    class Assessed(Event):
        scores: dict[str, int]

    class OutcomeRecorded(Event):
        kind: OutcomeKind
        contract_kind: ContractKind | None
        weekly_hours: float | None
        cefr_level: CEFRLevel | None
        permit: PermitKind | None

    class Suspended(Event):
        reason: SuspensionReason

    class Resumed(Event):
        pass

    class TransferredOut(Event):
        successor_programme: str
        successor_case_id: UUID

    class Closed(Event):
        reason: ClosureReason
        employment_at_exit: EmploymentStatus

    class FollowedUp(Event):
        months: int
        reached: bool
        employment: EmploymentStatus | None
        income_source: IncomeSource | None
        housing: HousingStatus | None

    class Corrected(Event):
        """Fixes an earlier event, which stays as written: new field values, or `void`."""

        corrects_version: int
        changes: dict[str, Any]
        void: bool
        reason: PersonalText

    # -- creation -------------------------------------------------------------------------
    @classmethod
    def refer(
        cls,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        case_id: UUID,
        person_id: UUID,
        programme: str,
        referring_service: ReferringService,
        reasons: list[ReferralReason],
        carried_over_from: UUID | None = None,
    ) -> Case:
        check_in_period(occurred_on, period, programme)
        if not reasons:
            raise InvalidValue("a referral states at least one reason", field="reasons")
        return cls._create(
            cls.Referred,
            id=case_id,
            meta=meta,
            occurred_on=occurred_on,
            person_id=person_id,
            programme=programme,
            referring_service=referring_service,
            reasons=list(dict.fromkeys(reasons)),
            carried_over_from=carried_over_from,
        )

    def _emit(self, event: str, meta: Meta, occurred_on: date, /, **fields: Any) -> None:
        event_class = getattr(type(self), event)
        assert isinstance(event_class, type) and issubclass(event_class, Event)
        self.trigger_event(event_class, meta=meta, occurred_on=occurred_on, **fields)
