"""The Case aggregate: commands check the rules of DESIGN §2, then trigger one event each.

Events are nested in the class, so their topics read `domain.case.aggregate:Case.<Event>`; see
docs/adr/0002-event-naming-and-versioning.md before renaming any of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ..shared.case_vocabulary import (
    FOLLOW_UP_MONTHS,
    ActivityKind,
    AssessmentDomain,
    ClosureReason,
    ConsentScope,
    ContractKind,
    Need,
    OutcomeKind,
    ReferralReason,
    ReferringService,
    ServiceKind,
    SuspensionReason,
)
from ..shared.errors import (
    CaseAlreadyClosed,
    CaseClosed,
    CaseNotSuspended,
    CaseSuspended,
    ConsentNotGiven,
    ConsentRequired,
    FollowUpAlreadyRecorded,
    FollowUpBeforeClosure,
    IntakeAlreadyDone,
    IntakeRequired,
    InvalidValue,
    PlanRequired,
)
from ..shared.events import Created, Event
from ..shared.profile_vocabulary import (
    CEFRLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from ..shared.values import Meta, Period, PersonalText, add_months
from . import state
from .corrections import normalise_correction
from .rules import check_in_period, check_not_before, check_scores
from .values import CaseStatus, Goal, GoalStatus


class Case(state.CaseState, Aggregate):
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
        baseline: dict[str, int]
        employment: EmploymentStatus
        income_source: IncomeSource
        housing: HousingStatus
        needs: list[Need]
        notes: PersonalText | None

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

    # -- guards ---------------------------------------------------------------------------
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

    def _emit(self, event_class: type[Event], meta: Meta, occurred_on: date, **fields: Any) -> None:
        self.trigger_event(event_class, meta=meta, occurred_on=occurred_on, **fields)

    # -- consent and intake ---------------------------------------------------------------
    def give_consent(
        self, *, meta: Meta, occurred_on: date, period: Period, scope: ConsentScope
    ) -> None:
        self._check_open()
        self._check_date(occurred_on, period)
        self._emit(self.ConsentGiven, meta, occurred_on, scope=scope)

    def withdraw_consent(self, *, meta: Meta, occurred_on: date, scope: ConsentScope) -> None:
        """Always possible, also on a closed case: withdrawal must never be refused."""
        if not self.consents.get(scope):
            raise ConsentNotGiven(f"no {scope.value} consent to withdraw", field="scope")
        check_not_before(occurred_on, self.referred_on, "referral")
        self._emit(self.ConsentWithdrawn, meta, occurred_on, scope=scope)

    def complete_intake(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        baseline: Mapping[AssessmentDomain, int],
        employment: EmploymentStatus,
        income_source: IncomeSource,
        housing: HousingStatus,
        needs: list[Need],
        notes: PersonalText | None = None,
    ) -> None:
        self._check_open()
        if self.intake_on is not None:
            raise IntakeAlreadyDone("the intake was already completed")
        if not self.consents.get(ConsentScope.PROCESSING):
            raise ConsentRequired("consent to processing is needed before the intake")
        self._check_date(occurred_on, period)
        check_scores(baseline, complete=True)
        self._emit(
            self.IntakeCompleted,
            meta,
            occurred_on,
            baseline={d.value: s for d, s in baseline.items()},
            employment=employment,
            income_source=income_source,
            housing=housing,
            needs=list(dict.fromkeys(needs)),
            notes=notes,
        )

    # -- plan -----------------------------------------------------------------------------
    def agree_plan(
        self, *, meta: Meta, occurred_on: date, period: Period, goals: list[Goal]
    ) -> None:
        self._check_working(occurred_on, period)
        self._check_goals(goals, occurred_on, existing=set())
        self._emit(self.PlanAgreed, meta, occurred_on, goals=goals)

    def review_plan(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        goal_statuses: Mapping[str, GoalStatus],
        new_goals: list[Goal],
        notes: PersonalText | None = None,
    ) -> None:
        self._check_working(occurred_on, period)
        if not self.goals:
            raise PlanRequired("agree a personalised plan before reviewing it")
        unknown = set(goal_statuses) - set(self.goals)
        if unknown:
            raise InvalidValue(f"unknown goal ids {sorted(unknown)}", field="goal_statuses")
        self._check_goals(new_goals, occurred_on, existing=set(self.goals))
        self._emit(
            self.PlanReviewed,
            meta,
            occurred_on,
            goal_statuses=dict(goal_statuses),
            new_goals=new_goals,
            notes=notes,
        )

    @staticmethod
    def _check_goals(goals: list[Goal], day: date, existing: set[str]) -> None:
        ids = [g.goal_id for g in goals]
        if len(set(ids)) != len(ids) or existing & set(ids):
            raise InvalidValue("goal ids must be unique within the case", field="goals")
        for goal in goals:
            if goal.target_date <= day:
                raise InvalidValue(
                    "a goal's target date must follow the plan date", field="goals.target_date"
                )

    # -- work -----------------------------------------------------------------------------
    def record_activity(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        kind: ActivityKind,
        hours: float,
        group_id: UUID | None = None,
        notes: PersonalText | None = None,
    ) -> None:
        self._check_working(occurred_on, period)
        if not 0 < hours <= 12:
            raise InvalidValue("hours must be more than 0 and at most 12", field="hours")
        if (group_id is None) == (kind is ActivityKind.GROUP_SESSION):
            raise InvalidValue("group sessions, and only they, name their group", field="group_id")
        self._emit(
            self.ActivityRecorded,
            meta,
            occurred_on,
            kind=kind,
            hours=float(hours),
            group_id=group_id,
            notes=notes,
        )

    def refer_to_service(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        service: ServiceKind,
        notes: PersonalText | None = None,
    ) -> None:
        self._check_working(occurred_on, period)
        self._emit(self.ReferredToService, meta, occurred_on, service=service, notes=notes)

    def assess(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        scores: Mapping[AssessmentDomain, int],
    ) -> None:
        self._check_working(occurred_on, period)
        check_scores(scores, complete=False)
        self._emit(self.Assessed, meta, occurred_on, scores={d.value: s for d, s in scores.items()})

    def record_outcome(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        kind: OutcomeKind,
        contract_kind: ContractKind | None = None,
        weekly_hours: float | None = None,
        cefr_level: CEFRLevel | None = None,
        permit: PermitKind | None = None,
    ) -> None:
        self._check_working(occurred_on, period)
        state.check_outcome(kind, contract_kind, weekly_hours, cefr_level, permit)
        self._emit(
            self.OutcomeRecorded,
            meta,
            occurred_on,
            kind=kind,
            contract_kind=contract_kind,
            weekly_hours=None if weekly_hours is None else float(weekly_hours),
            cefr_level=cefr_level,
            permit=permit,
        )

    # -- pauses, transfer, closure, follow-up ---------------------------------------------
    def suspend(
        self, *, meta: Meta, occurred_on: date, period: Period, reason: SuspensionReason
    ) -> None:
        self._check_working(occurred_on, period)
        self._emit(self.Suspended, meta, occurred_on, reason=reason)

    def resume(self, *, meta: Meta, occurred_on: date, period: Period) -> None:
        self._check_open()
        if self.status is not CaseStatus.SUSPENDED:
            raise CaseNotSuspended("only a suspended case can be resumed")
        self._check_date(occurred_on, period)
        check_not_before(occurred_on, self.suspended_on, "suspension")
        self._emit(self.Resumed, meta, occurred_on)

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
            self.TransferredOut,
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
        self._check_date(occurred_on, period)
        check_not_before(occurred_on, self.last_occurred_on, "case's latest event")
        self._emit(
            self.Closed, meta, occurred_on, reason=reason, employment_at_exit=employment_at_exit
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
            self.FollowedUp,
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
            self.Corrected,
            meta,
            occurred_on,
            corrects_version=corrects_version,
            changes=typed,
            void=void,
            reason=reason,
        )
