"""Use cases of a case's work: referral, consent, intake, the PPD, activities, outcomes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID

from domain.case import Case, Goal, GoalStatus
from domain.person import Person
from domain.shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
    ConsentScope,
    ContractKind,
    Need,
    OutcomeKind,
    ReferralReason,
    ReferringService,
    ServiceKind,
)
from domain.shared.errors import AlreadyExists, PersonErased
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from domain.shared.text import clean_text
from domain.shared.values import Meta, Period, PersonalText

from .base import CommandResult
from .catalogue import ProgrammeCatalogue

Change = Callable[[Case, Period], None]


class CaseManagement(ProgrammeCatalogue):
    """A case from referral to outcomes; `CaseCourse` adds its pauses, end and corrections."""

    def _on_case(
        self,
        command: str,
        meta: Meta,
        occurred_on: date,
        case_id: UUID,
        expected_version: int | None,
        change: Change,
    ) -> CommandResult:
        def action() -> list[Any]:
            case = self.case(case_id)
            self._check_version(case, expected_version)
            change(case, self.period_of(case.programme))
            return [case]

        return self._execute(command, meta, occurred_on, action)

    def refer_case(
        self,
        meta: Meta,
        *,
        occurred_on: date,
        case_id: UUID,
        person_id: UUID,
        programme: str,
        referring_service: ReferringService,
        reasons: list[ReferralReason],
    ) -> CommandResult:
        def action() -> list[Any]:
            if self._exists(case_id):
                raise AlreadyExists("a case with this id exists", field="case_id")
            person = self._load(person_id, Person, "person")
            if person.erased:
                raise PersonErased("this person's data has been erased", field="person_id")
            return [
                Case.refer(
                    meta=meta,
                    occurred_on=occurred_on,
                    period=self.period_of(programme),
                    case_id=case_id,
                    person_id=person_id,
                    programme=programme,
                    referring_service=referring_service,
                    reasons=reasons,
                )
            ]

        return self._execute("refer_case", meta, occurred_on, action)

    def give_consent(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        scope: ConsentScope,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "give_consent",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.give_consent(meta=meta, occurred_on=occurred_on, period=p, scope=scope),
        )

    def withdraw_consent(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        scope: ConsentScope,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "withdraw_consent",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.withdraw_consent(meta=meta, occurred_on=occurred_on, scope=scope),
        )

    def complete_intake(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        baseline: Mapping[AssessmentDomain, int],
        employment: EmploymentStatus,
        income_source: IncomeSource,
        housing: HousingStatus,
        needs: list[Need],
        notes: str | None = None,
        expected_version: int | None = None,
        months_worked_prior_24: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "complete_intake",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.complete_intake(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                baseline=baseline,
                employment=employment,
                income_source=income_source,
                housing=housing,
                needs=needs,
                notes=_sealed(c, notes, "notes"),
                months_worked_prior_24=months_worked_prior_24,
            ),
        )

    def agree_plan(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        goals: list[Goal],
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "agree_plan",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.agree_plan(
                meta=meta, occurred_on=occurred_on, period=p, goals=_clean_goals(goals)
            ),
        )

    def review_plan(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        goal_statuses: Mapping[str, GoalStatus],
        new_goals: list[Goal] | None = None,
        notes: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "review_plan",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.review_plan(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                goal_statuses=goal_statuses,
                new_goals=_clean_goals(new_goals or []),
                notes=_sealed(c, notes, "notes"),
            ),
        )

    def record_activity(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        kind: ActivityKind,
        hours: float,
        group_id: UUID | None = None,
        notes: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "record_activity",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.record_activity(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                kind=kind,
                hours=hours,
                group_id=group_id,
                notes=_sealed(c, notes, "notes"),
            ),
        )

    def refer_to_service(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        service: ServiceKind,
        notes: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "refer_to_service",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.refer_to_service(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                service=service,
                notes=_sealed(c, notes, "notes"),
            ),
        )

    def assess(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        scores: Mapping[AssessmentDomain, int],
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "assess",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.assess(meta=meta, occurred_on=occurred_on, period=p, scores=scores),
        )

    def record_outcome(
        self,
        meta: Meta,
        case_id: UUID,
        *,
        occurred_on: date,
        kind: OutcomeKind,
        contract_kind: ContractKind | None = None,
        weekly_hours: float | None = None,
        cefr_level: CEFRLevel | None = None,
        permit: PermitKind | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._on_case(
            "record_outcome",
            meta,
            occurred_on,
            case_id,
            expected_version,
            lambda c, p: c.record_outcome(
                meta=meta,
                occurred_on=occurred_on,
                period=p,
                kind=kind,
                contract_kind=contract_kind,
                weekly_hours=weekly_hours,
                cefr_level=cefr_level,
                permit=permit,
            ),
        )

    def case(self, case_id: UUID) -> Case:
        return self._load(case_id, Case, "case")


def _sealed(case: Case, text: str | None, field: str) -> PersonalText | None:
    """Free text about her, cleaned (NFC, no control characters; multi-line) and sealed."""
    if text is None:
        return None
    return PersonalText(case.person_id, clean_text(text, field=field, multiline=True))


def _clean_goals(goals: list[Goal]) -> list[Goal]:
    """Goals whose descriptions pass the same text rule as notes."""
    out = []
    for index, goal in enumerate(goals):
        description = goal.description
        if description is not None and description.text is not None:
            text = clean_text(description.text, field=f"goals.{index}.description", multiline=True)
            description = PersonalText(description.subject_id, text)
        out.append(replace(goal, description=description))
    return out
