"""Commands of a case's course after the work starts: pauses, closure, follow-ups, corrections,
transfer to the next generation. Idempotency-Key required, If-Match optional."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends

from .. import bodies as b
from ..commands import Cmd
from ..deps import check_programme, require_command
from ..schemas import CommandOut
from ..users import User

router = APIRouter(prefix="/v1/cases", tags=["case commands"])


@router.post("/{case_id}/suspend")
def suspend_case(
    case_id: UUID,
    body: b.SuspendIn,
    cmd: Cmd,
    user: User = Depends(require_command("suspend_case")),
) -> CommandOut:
    """Suspend the case (maternity, health, time abroad, …)."""
    cmd.case(user, case_id)
    return cmd.done(
        cmd.app.suspend_case(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            reason=body.reason,
            expected_version=cmd.expected,
        )
    )


@router.post("/{case_id}/resume")
def resume_case(
    case_id: UUID, body: b.ResumeIn, cmd: Cmd, user: User = Depends(require_command("resume_case"))
) -> CommandOut:
    """Resume a suspended case."""
    cmd.case(user, case_id)
    return cmd.done(
        cmd.app.resume_case(
            cmd.meta(user), case_id, occurred_on=body.occurred_on, expected_version=cmd.expected
        )
    )


@router.post("/{case_id}/close")
def close_case(
    case_id: UUID, body: b.CloseIn, cmd: Cmd, user: User = Depends(require_command("close_case"))
) -> CommandOut:
    """Close the case with a reason and her employment at exit (coordinators)."""
    cmd.case(user, case_id)
    return cmd.done(
        cmd.app.close_case(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            reason=body.reason,
            employment_at_exit=body.employment_at_exit,
            expected_version=cmd.expected,
        )
    )


@router.post("/{case_id}/follow-ups")
def record_follow_up(
    case_id: UUID,
    body: b.FollowUpIn,
    cmd: Cmd,
    user: User = Depends(require_command("record_follow_up")),
) -> CommandOut:
    """Record the 6-, 12- or 24-month follow-up after closure."""
    cmd.case(user, case_id)
    return cmd.done(
        cmd.app.record_follow_up(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            months=body.months,
            reached=body.reached,
            employment=body.employment,
            income_source=body.income_source,
            housing=body.housing,
            expected_version=cmd.expected,
        )
    )


@router.post("/{case_id}/corrections")
def correct_event(
    case_id: UUID,
    body: b.CorrectionIn,
    cmd: Cmd,
    user: User = Depends(require_command("correct_event")),
) -> CommandOut:
    """Correct or void an earlier event; it stays as written, the correction names it and why."""
    cmd.case(user, case_id)
    return cmd.done(
        cmd.app.correct_event(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            corrects_version=body.corrects_version,
            changes=body.changes,
            reason=body.reason,
            void=body.void,
            expected_version=cmd.expected,
        )
    )


@router.post("/{case_id}/transfer")
def transfer_case(
    case_id: UUID,
    body: b.TransferIn,
    cmd: Cmd,
    user: User = Depends(require_command("transfer_case")),
) -> CommandOut:
    """Carry the case over to the successor programme (closes it here, opens it there)."""
    cmd.case(user, case_id)
    successor = body.successor_programme.upper()
    check_programme(user, successor)
    return cmd.done(
        cmd.app.transfer_case(
            cmd.meta(user),
            case_id,
            occurred_on=body.occurred_on,
            successor_programme=successor,
            successor_case_id=body.successor_case_id,
            expected_version=cmd.expected,
        )
    )
