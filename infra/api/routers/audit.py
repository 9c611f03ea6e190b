"""Audit: hash-chain verification and checkpoints, the auditors' case history, the access log."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Header, Query
from pydantic import BaseModel, Field

from domain.shared.roles import ActorRole

from ...audit.access_log import entries
from ...audit.chain import export_checkpoints, extend
from ...audit.findings import Finding
from ...audit.history import case_history, person_history
from ...audit.verify import Report, verify
from ..deps import RuntimeDep, check_programme, require_roles
from ..types import IsoDateTime
from ..users import User

router = APIRouter(prefix="/v1/audit", tags=["audit"])
Auditor = Annotated[User, Depends(require_roles(ActorRole.AUDITOR, ActorRole.ADMIN))]
Justification = Annotated[
    str | None,
    Header(
        alias="X-Justification",
        min_length=10,
        max_length=2000,
        description="why personal content must be seen; the read is logged. Without it: masked",
    ),
]


class FindingOut(BaseModel):
    position: int = Field(description="chain position; 0 for a stored row outside the chain")
    notification_id: int | None
    kind: str = Field(description="modified | removed | inserted | reordered | checkpoint")
    detail: str
    text_it: str
    text_en: str
    originator_id: str | None = None
    originator_version: int | None = None


class SpanOut(BaseModel):
    first_position: int
    last_position: int
    first_notification_id: int | None
    last_notification_id: int | None


class VerifyOut(BaseModel):
    ok: bool = Field(description="no tampering found")
    strict_ok: bool = Field(description="ok, and every record is under a signed checkpoint")
    records: int = Field(description="records read from the raw log in notification order")
    stored: int = Field(description="rows stored in the event table")
    outside: int = Field(description="stored rows outside the chained id range (tampering)")
    chained: int = Field(description="records covered by the stored chain")
    checkpoints_checked: int
    last_checkpoint: int = Field(description="last signed position the check relies on")
    head_link: str
    seconds: float
    finding: FindingOut | None = Field(description="the first finding")
    findings: list[FindingOut]
    unchained: SpanOut | None = Field(description="records after the chain head (not chained)")
    unverified: SpanOut | None = Field(description="records after the last signed checkpoint")
    warnings: list[str]


class HistoryEntryOut(BaseModel):
    version: int
    kind: str
    occurred_on: str
    recorded_at: str
    actor_id: str
    role: str
    source: str
    text_it: str
    text_en: str
    corrects: int | None
    corrected_by: list[int]
    void: bool


class AuditHistoryOut(BaseModel):
    case_id: str
    person_id: str
    programme: str
    as_of: str | None
    version: int
    revealed: bool
    entries: list[HistoryEntryOut]
    state_it: list[tuple[str, str]]
    state_en: list[tuple[str, str]]


class PersonHistoryOut(BaseModel):
    person_id: str
    erased: bool
    revealed: bool
    cases: list[str]
    entries: list[HistoryEntryOut]


class AccessEntryOut(BaseModel):
    entry_id: str
    recorded_at: str
    actor_id: str
    role: str
    source: str
    person_id: str | None
    case_id: str | None
    subject: str
    what: str
    why: str | None
    position: int


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
) -> VerifyOut:
    """Verify the log against an auditor's checkpoint file."""
    return _out(verify(runtime, against=checkpoints))


@router.post("/checkpoints")
def sign_checkpoints(
    runtime: RuntimeDep, user: Auditor, every: Annotated[int, Query(ge=1, le=10_000_000)] = 1000
) -> dict[str, Any]:
    """Extend the chain over new records (logged), sign checkpoints, return the auditor's file."""
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
) -> dict[str, Any]:
    """Every event in plain language (IT/EN), masked unless justified (the reveal is logged)."""
    check_programme(user, runtime.app.case(case_id).programme)
    return case_history(
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


@router.get("/people/{person_id}/history", response_model=PersonHistoryOut)
def audit_person_history(
    person_id: UUID, runtime: RuntimeDep, user: Auditor, justification: Justification = None
) -> dict[str, Any]:
    """The woman's own record and her case ids, masked unless justified (logged)."""
    return person_history(
        runtime,
        person_id,
        actor_id=user.user_id,
        role=user.role,
        reveal=justification is not None,
        why=justification,
        source="api",
    )


@router.get("/access-log", response_model=list[AccessEntryOut])
def access_log(
    runtime: RuntimeDep,
    user: Auditor,
    subject: Annotated[str | None, Query(max_length=64, description="person or case id")] = None,
    actor: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[IsoDateTime | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 1000,
) -> list[dict[str, Any]]:
    """Who read which woman's personal data, when and why (append-only, hash-chained)."""
    return [
        e.as_dict()
        for e in entries(runtime, subject_id=subject, actor_id=actor, since=since, limit=limit)
    ]
