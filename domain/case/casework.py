"""Case commands of the work itself: consent, intake, the PPD and its reviews, activities,
referrals on to services, assessments and outcomes. Each checks its rules, then emits one event.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from uuid import UUID

from ..shared.case_vocabulary import (
    PRIOR_WORK_WINDOW_MONTHS,
    ActivityKind,
    AssessmentDomain,
    ConsentScope,
    ContractKind,
    Need,
    NotTakenOnReason,
    OutcomeKind,
    ServiceKind,
)
from ..shared.errors import (
    ConsentNotGiven,
    ConsentRequired,
    IntakeAlreadyDone,
    InvalidValue,
    PlanRequired,
)
from ..shared.profile_vocabulary import (
    CEFRLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from ..shared.values import Meta, Period, PersonalText
from .guards import CaseRules
from .rules import check_not_before, check_outcome, check_scores
from .values import Goal, GoalStatus


def check_prior_work(months: int | None) -> None:
    """Months in work out of the 24 before the referral: unknown, or 0–24."""
    if months is not None and not 0 <= months <= PRIOR_WORK_WINDOW_MONTHS:
        raise InvalidValue(
            f"months worked must be 0–{PRIOR_WORK_WINDOW_MONTHS}", field="months_worked_prior_24"
        )


class CaseWork(CaseRules):
    """The work on a case while it is open; mixed into `Case`, which owns the events."""

    # -- consent and intake ---------------------------------------------------------------
    def give_consent(
        self, *, meta: Meta, occurred_on: date, period: Period, scope: ConsentScope
    ) -> None:
        self._check_open()
        self._check_date(occurred_on, period)
        self._emit("ConsentGiven", meta, occurred_on, scope=scope)

    def withdraw_consent(self, *, meta: Meta, occurred_on: date, scope: ConsentScope) -> None:
        """Always possible, also on a closed case: withdrawal must never be refused."""
        if not self.consents.get(scope):
            raise ConsentNotGiven(f"no {scope.value} consent to withdraw", field="scope")
        check_not_before(occurred_on, self.referred_on, "referral")
        self._emit("ConsentWithdrawn", meta, occurred_on, scope=scope)

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
        months_worked_prior_24: int | None = None,
    ) -> None:
        self._check_open()
        check_prior_work(months_worked_prior_24)
        if self.intake_on is not None:
            raise IntakeAlreadyDone("the intake was already completed")
        if not self.consents.get(ConsentScope.PROCESSING):
            raise ConsentRequired("consent to processing is needed before the intake")
        self._check_date(occurred_on, period)
        check_scores(baseline, complete=True)
        self._emit(
            "IntakeCompleted",
            meta,
            occurred_on,
            baseline={d.value: s for d, s in baseline.items()},
            employment=employment,
            income_source=income_source,
            housing=housing,
            needs=list(dict.fromkeys(needs)),
            notes=notes,
            months_worked_prior_24=months_worked_prior_24,
        )

    def record_not_taken_on(
        self,
        *,
        meta: Meta,
        occurred_on: date,
        period: Period,
        reason: NotTakenOnReason,
        employment: EmploymentStatus,
        months_worked_prior_24: int | None = None,
    ) -> None:
        """End a referral that was never taken in charge; follow-ups may still reach her."""
        self._check_open()
        if self.intake_on is not None:
            raise IntakeAlreadyDone(
                "she was taken in charge: close the case instead", field="reason"
            )
        self._check_processing_consent()
        check_prior_work(months_worked_prior_24)
        self._check_date(occurred_on, period)
        self._emit(
            "NotTakenOn",
            meta,
            occurred_on,
            reason=reason,
            employment=employment,
            months_worked_prior_24=months_worked_prior_24,
        )

    # -- plan -----------------------------------------------------------------------------
    def agree_plan(
        self, *, meta: Meta, occurred_on: date, period: Period, goals: list[Goal]
    ) -> None:
        self._check_working(occurred_on, period)
        self._check_goals(goals, occurred_on, existing=set())
        self._emit("PlanAgreed", meta, occurred_on, goals=goals)

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
            "PlanReviewed",
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
            "ActivityRecorded",
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
        self._emit("ReferredToService", meta, occurred_on, service=service, notes=notes)

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
        self._emit("Assessed", meta, occurred_on, scores={d.value: s for d, s in scores.items()})

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
        check_outcome(kind, contract_kind, weekly_hours, cefr_level, permit)
        self._emit(
            "OutcomeRecorded",
            meta,
            occurred_on,
            kind=kind,
            contract_kind=contract_kind,
            weekly_hours=None if weekly_hours is None else float(weekly_hours),
            cefr_level=cefr_level,
            permit=permit,
        )
