"""Commands on a case, one POST per use case, generated from one table.

Each row names the path, the use case (the service method and its policy entry), the body and
the one-line text OpenAPI shows. Every body field is passed to the service under its own name;
the few rows that need more (goals sealed under her id, the successor programme's scope) say so
in `adapt`. Idempotency-Key is required; If-Match is optional (stale → 409).

This module keeps its annotations evaluated (no `from __future__ import annotations`): the
generated routes take each row's body class as their annotation.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends

from domain.case import Goal
from domain.shared.roles import ActorRole
from domain.shared.values import PersonalText

from .. import bodies as b
from ..case_index import CaseEntry
from ..commands import COMMAND_HEADERS, CREATED_HEADERS, Cmd, Command, CreateCmd
from ..deps import check_programme, require_command
from ..schemas import CommandOut
from ..users import User

router = APIRouter(prefix="/v1/cases", tags=["case commands"])
Adapt = Callable[[CaseEntry, User, dict[str, Any]], None]


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


def _plan(entry: CaseEntry, user: User, kwargs: dict[str, Any]) -> None:
    kwargs["goals"] = _goals(entry.person_id, kwargs["goals"])


def _review(entry: CaseEntry, user: User, kwargs: dict[str, Any]) -> None:
    kwargs["new_goals"] = _goals(entry.person_id, kwargs["new_goals"])


def _transfer(entry: CaseEntry, user: User, kwargs: dict[str, Any]) -> None:
    kwargs["successor_programme"] = kwargs["successor_programme"].upper()
    check_programme(user, kwargs["successor_programme"])


@dataclass(frozen=True)
class CaseCommand:
    path: str
    command: str
    body: type[b.Body]
    doc: str
    adapt: Adapt | None = None
    admin_anywhere: bool = False  # an admin acts on any case (withdrawal is never blocked)


TABLE = (
    CaseCommand(
        "consents",
        "give_consent",
        b.ConsentIn,
        "Record her consent (to processing, or to anonymous analytics).",
    ),
    CaseCommand(
        "consents/withdraw",
        "withdraw_consent",
        b.ConsentIn,
        "Withdraw a consent: always possible, also on a closed case (admins: on any case).",
        admin_anywhere=True,
    ),
    CaseCommand(
        "intake",
        "complete_intake",
        b.IntakeIn,
        "Complete the intake with the baseline assessment of every domain.",
    ),
    CaseCommand(
        "not-taken-on",
        "record_not_taken_on",
        b.NotTakenOnIn,
        "End a referral without a presa in carico: reason declined, waiting_list or "
        "not_eligible; her employment at screening; months worked in the 24 before the "
        "referral (0–24, optional). Refused once an intake is recorded (409).",
    ),
    CaseCommand(
        "plan",
        "agree_plan",
        b.PlanIn,
        "Agree the personalised plan (PPD): goals per domain with target dates.",
        _plan,
    ),
    CaseCommand(
        "plan/review",
        "review_plan",
        b.PlanReviewIn,
        "Review the plan: goal statuses, new goals, notes.",
        _review,
    ),
    CaseCommand(
        "activities",
        "record_activity",
        b.ActivityIn,
        "Record an activity (interview, orientation, course, mediation, …).",
    ),
    CaseCommand(
        "service-referrals",
        "refer_to_service",
        b.ServiceReferralIn,
        "Refer her to another service (job centre, health, legal aid, …).",
    ),
    CaseCommand(
        "assessments",
        "assess",
        b.AssessmentIn,
        "A periodic assessment of some domains (1–10).",
    ),
    CaseCommand(
        "outcomes",
        "record_outcome",
        b.OutcomeIn,
        "Record an outcome (job started, language certified, permit obtained, …).",
    ),
    CaseCommand(
        "suspend",
        "suspend_case",
        b.SuspendIn,
        "Suspend the case (maternity, health, time abroad, …).",
    ),
    CaseCommand(
        "resume",
        "resume_case",
        b.ResumeIn,
        "Resume a suspended case.",
    ),
    CaseCommand(
        "close",
        "close_case",
        b.CloseIn,
        "Close the case with a reason and her employment at exit (coordinators).",
    ),
    CaseCommand(
        "follow-ups",
        "record_follow_up",
        b.FollowUpIn,
        "Record the 6-, 12- or 24-month follow-up after closure.",
    ),
    CaseCommand(
        "corrections",
        "correct_event",
        b.CorrectionIn,
        "Correct or void an earlier event; it stays as written, the correction names it and why.",
    ),
    CaseCommand(
        "transfer",
        "transfer_case",
        b.TransferIn,
        "Carry the case over to the successor programme (closes it here, opens it there).",
        _transfer,
    ),
)


def execute(spec: CaseCommand, cmd: Command, user: User, case_id: UUID, body: b.Body) -> CommandOut:
    """The blocking part of a case command (run in a worker thread by `cmd.run`): scoping, the
    use case, the reply. The FastAPI route and the fast path (fast_commands.py) share it."""
    if spec.admin_anywhere and user.role is ActorRole.ADMIN:
        cmd.target, entry = case_id, None
    else:
        entry = cmd.case(user, case_id)
    kwargs = {name: getattr(body, name) for name in type(body).model_fields}
    if spec.adapt is not None and entry is not None:
        spec.adapt(entry, user, kwargs)
    use_case = getattr(cmd.app, spec.command)
    meta = cmd.meta(user)
    return cmd.done(use_case(meta, case_id, expected_version=cmd.expected, **kwargs))


def _route(spec: CaseCommand) -> Callable[..., Awaitable[CommandOut]]:
    async def route(
        case_id: UUID,
        body: spec.body,  # type: ignore[name-defined]
        cmd: Cmd,
        user: User = Depends(require_command(spec.command)),
    ) -> CommandOut:
        return await cmd.run(lambda: execute(spec, cmd, user, case_id, body))

    route.__name__ = route.__qualname__ = spec.command
    route.__doc__ = spec.doc
    return route


for _spec in TABLE:
    router.add_api_route(
        f"/{{case_id}}/{_spec.path}",
        _route(_spec),
        methods=["POST"],
        response_model=CommandOut,
        responses=COMMAND_HEADERS,
        description=_spec.doc,
    )


@router.post("", status_code=201, responses=CREATED_HEADERS)
async def refer_case(
    body: b.ReferIn, cmd: CreateCmd, user: User = Depends(require_command("refer_case"))
) -> CommandOut:
    """Open a case (presa in carico) on a service's referral."""
    programme = body.programme.upper()
    check_programme(user, programme)
    case_id = cmd.new_id(body, "case_id")

    def work() -> CommandOut:
        result = cmd.app.refer_case(
            cmd.meta(user),
            occurred_on=body.occurred_on,
            case_id=case_id,
            person_id=body.person_id,
            programme=programme,
            referring_service=body.referring_service,
            reasons=body.reasons,
        )
        return cmd.done(result, location="/v1/cases/{}")

    return await cmd.run(work)
