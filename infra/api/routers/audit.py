"""Audit: hash-chain verification and checkpoints, the auditors' case history, the access log."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Query

from domain.shared.roles import ActorRole

from ...audit.access_log import entries
from ...audit.chain import export_checkpoints, extend
from ...audit.findings import Finding
from ...audit.history import case_history, person_history
from ...audit.verify import Report, verify
from ..audit_schemas import (
    AccessLogOut,
    AuditHistoryOut,
    FindingOut,
    PersonHistoryOut,
    VerifyOut,
)
from ..deps import (
    Justification,
    Limit,
    Offset,
    OptionalKey,
    RuntimeDep,
    check_programme,
    page,
    require_roles,
)
from ..types import IsoDateTime
from ..users import User

router = APIRouter(prefix="/v1/audit", tags=["audit"])
Auditor = Annotated[User, Depends(require_roles(ActorRole.AUDITOR, ActorRole.ADMIN))]


def _finding(f: Finding) -> FindingOut:
    return FindingOut(**asdict(f), text_it=f.describe("it"), text_en=f.describe("en"))


def _out(report: Report) -> VerifyOut:
    body = report.as_dict()
    body["finding"] = None if report.finding is None else _finding(report.finding)
    body["findings"] = [_finding(f) for f in report.findings]
    return VerifyOut(**body)


@router.get("/verify", response_model=VerifyOut)
def verify_chain(runtime: RuntimeDep, user: Auditor) -> VerifyOut:
    """Recompute the hash chain from the raw log (never extends it); findings and warnings."""
    return _out(verify(runtime))


@router.post("/verify", response_model=VerifyOut)
def verify_against(
    runtime: RuntimeDep,
    user: Auditor,
    checkpoints: Annotated[dict[str, Any], Body(description="an exported checkpoint file")],
    key: OptionalKey = None,
) -> VerifyOut:
    """Verify the log against an auditor's checkpoint file (reads only: safe to repeat)."""
    return _out(verify(runtime, against=checkpoints))


@router.post("/checkpoints")
def sign_checkpoints(
    runtime: RuntimeDep,
    user: Auditor,
    every: Annotated[int, Query(ge=1, le=10_000_000)] = 1000,
    key: OptionalKey = None,
) -> dict[str, Any]:
    """Extend the chain over new records (logged), sign checkpoints, return the auditor's file.

    Safe to repeat: a repeat extends over nothing new and returns the file as it stands."""
    extend(runtime, every=every, by=f"api:{user.user_id}")
    return export_checkpoints(runtime, every)


@router.get("/cases/{case_id}/history", response_model=AuditHistoryOut)
def audit_case_history(
    case_id: UUID,
    runtime: RuntimeDep,
    user: Auditor,
    justification: Justification = None,
    as_of: Annotated[date | None, Query(description="business date: the case as it stood")] = None,
    version: Annotated[int | None, Query(ge=1, le=10_000_000)] = None,
    limit: Limit = 500,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Every event in plain language (IT/EN), masked unless justified (the reveal is logged).
    A version the case never reached is 404."""
    check_programme(user, runtime.app.case(case_id).programme)
    found = case_history(
        runtime,
        case_id,
        actor_id=user.user_id,
        role=user.role,
        as_of=as_of,
        version=version,
        reveal=justification is not None,
        why=justification,
        source="api",
    )
    return page(found, found.pop("entries"), limit, offset)


@router.get("/people/{person_id}/history", response_model=PersonHistoryOut)
def audit_person_history(
    person_id: UUID,
    runtime: RuntimeDep,
    user: Auditor,
    justification: Justification = None,
    limit: Limit = 500,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The woman's own record and her case ids, masked unless justified (logged)."""
    found = person_history(
        runtime,
        person_id,
        actor_id=user.user_id,
        role=user.role,
        reveal=justification is not None,
        why=justification,
        source="api",
    )
    return page(found, found.pop("entries"), limit, offset)


@router.get("/access-log", response_model=AccessLogOut)
def access_log(
    runtime: RuntimeDep,
    user: Auditor,
    subject: Annotated[str | None, Query(max_length=64, description="person or case id")] = None,
    actor: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[IsoDateTime | None, Query()] = None,
    limit: Limit = 1000,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Who read which woman's personal data, when and why (append-only, hash-chained), a page
    at a time in log order."""
    found = entries(runtime, subject_id=subject, actor_id=actor, since=since, limit=10**12)
    return page({}, [e.as_dict() for e in found], limit, offset)
