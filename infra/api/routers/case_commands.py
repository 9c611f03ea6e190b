"""Commands of a case from referral to outcomes: one POST per use case, Idempotency-Key required,
If-Match optional (pauses, closure and corrections are in case_course)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends

from domain.case import Goal
from domain.shared.values import PersonalText

from .. import bodies as b
from ..commands import Cmd, CreateCmd
from ..deps import check_programme, require_command
from ..schemas import CommandOut
from ..users import User

router = APIRouter(prefix="/v1/cases", tags=["case commands"])


def _goals(person_id: UUID, goals: list[b.GoalIn]) -> list[Goal]:
    return [
        Goal(
            g.goal_id,
            g.domain,
            g.target_date,
            None if g.description is None else PersonalText(person_id, g.description),
        )
        for g in goals
    ]


@router.post("", status_code=201)
def refer_case(
    body: b.ReferIn, cmd: CreateCmd, user: User = Depends(require_command("refer_case"))
) -> CommandOut:
    """Open a case (presa in carico) on a service's referral."""
    programme = body.programme.upper()
    check_programme(user, programme)
    cmd.target = body.case_id
    return cmd.done(
        cmd.app.refer_case(
            cmd.meta(user),
            occurred_on=body.occurred_on,
            case_id=body.case_id,
            person_id=body.person_id,
            programme=programme,
            referring_service=body.referring_service,
            reasons=body.reasons,
        )
    )


@router.post("/{case_id}/consents")
def give_consent(
    case_id: UUID,
    body: b.ConsentIn,
    cmd: Cmd,
    user: User = Depends(require_command("give_consent")),
) -> CommandOut:
    """Record her consent (to processing, or to anonymous analytics)."""
    cmd.case(user, case_id)
    return cmd.done(
        cmd.app.give_consent(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            scope=body.scope,
            expected_version=cmd.expected,
        )
    )


@router.post("/{case_id}/consents/withdraw")
def withdraw_consent(
    case_id: UUID,
    body: b.ConsentIn,
    cmd: Cmd,
    user: User = Depends(require_command("withdraw_consent")),
) -> CommandOut:
    """Withdraw a consent (always possible, also on a closed case)."""
    cmd.target = case_id
    if user.role.value != "admin":
        cmd.case(user, case_id)
    return cmd.done(
        cmd.app.withdraw_consent(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            scope=body.scope,
            expected_version=cmd.expected,
        )
    )


@router.post("/{case_id}/intake")
def complete_intake(
    case_id: UUID,
    body: b.IntakeIn,
    cmd: Cmd,
    user: User = Depends(require_command("complete_intake")),
) -> CommandOut:
    """Complete the intake with the baseline assessment of every domain."""
    cmd.case(user, case_id)
    return cmd.done(
        cmd.app.complete_intake(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            baseline=body.baseline,
            employment=body.employment,
            income_source=body.income_source,
            housing=body.housing,
            needs=body.needs,
            notes=body.notes,
            expected_version=cmd.expected,
        )
    )


@router.post("/{case_id}/plan")
def agree_plan(
    case_id: UUID, body: b.PlanIn, cmd: Cmd, user: User = Depends(require_command("agree_plan"))
) -> CommandOut:
    """Agree the personalised plan (PPD): goals per domain with target dates."""
    entry = cmd.case(user, case_id)
    return cmd.done(
        cmd.app.agree_plan(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            goals=_goals(entry.person_id, body.goals),
            expected_version=cmd.expected,
        )
    )


@router.post("/{case_id}/plan/review")
def review_plan(
    case_id: UUID,
    body: b.PlanReviewIn,
    cmd: Cmd,
    user: User = Depends(require_command("review_plan")),
) -> CommandOut:
    """Review the plan: goal statuses, new goals, notes."""
    entry = cmd.case(user, case_id)
    return cmd.done(
        cmd.app.review_plan(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            goal_statuses=body.goal_statuses,
            new_goals=_goals(entry.person_id, body.new_goals),
            notes=body.notes,
            expected_version=cmd.expected,
        )
    )


@router.post("/{case_id}/activities")
def record_activity(
    case_id: UUID,
    body: b.ActivityIn,
    cmd: Cmd,
    user: User = Depends(require_command("record_activity")),
) -> CommandOut:
    """Record an activity (interview, orientation, course, mediation, …)."""
    cmd.case(user, case_id)
    return cmd.done(
        cmd.app.record_activity(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            kind=body.kind,
            hours=body.hours,
            group_id=body.group_id,
            notes=body.notes,
            expected_version=cmd.expected,
        )
    )


@router.post("/{case_id}/service-referrals")
def refer_to_service(
    case_id: UUID,
    body: b.ServiceReferralIn,
    cmd: Cmd,
    user: User = Depends(require_command("refer_to_service")),
) -> CommandOut:
    """Refer her to another service (job centre, health, legal aid, …)."""
    cmd.case(user, case_id)
    return cmd.done(
        cmd.app.refer_to_service(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            service=body.service,
            notes=body.notes,
            expected_version=cmd.expected,
        )
    )


@router.post("/{case_id}/assessments")
def assess(
    case_id: UUID, body: b.AssessmentIn, cmd: Cmd, user: User = Depends(require_command("assess"))
) -> CommandOut:
    """A periodic assessment of some domains (1–10)."""
    cmd.case(user, case_id)
    return cmd.done(
        cmd.app.assess(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            scores=body.scores,
            expected_version=cmd.expected,
        )
    )


@router.post("/{case_id}/outcomes")
def record_outcome(
    case_id: UUID,
    body: b.OutcomeIn,
    cmd: Cmd,
    user: User = Depends(require_command("record_outcome")),
) -> CommandOut:
    """Record an outcome (job started, language certified, permit obtained, …)."""
    cmd.case(user, case_id)
    return cmd.done(
        cmd.app.record_outcome(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            kind=body.kind,
            contract_kind=body.contract_kind,
            weekly_hours=body.weekly_hours,
            cefr_level=body.cefr_level,
            permit=body.permit,
            expected_version=cmd.expected,
        )
    )
