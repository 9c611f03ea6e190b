"""Data-subject rights: Art. 15 export, Art. 17 erasure with a signed proof, consent withdrawal."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header
from pydantic import BaseModel, ConfigDict, Field

from domain.shared.case_vocabulary import ConsentScope
from domain.shared.roles import ActorRole

from ...audit import gdpr
from ..deps import RuntimeDep, check_programme, require_command, require_roles
from ..users import User

router = APIRouter(prefix="/v1/gdpr", tags=["gdpr"])
Admin = Annotated[User, Depends(require_roles(ActorRole.ADMIN))]
ProofReader = Annotated[User, Depends(require_roles(ActorRole.ADMIN, ActorRole.AUDITOR))]
Withdrawer = Annotated[User, Depends(require_command("withdraw_consent"))]


class ErasureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    legal_basis: str = Field(default="GDPR Art. 17", min_length=3, max_length=200)


class WithdrawalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scope: ConsentScope


class WithdrawalOut(BaseModel):
    case_id: str
    scope: str
    version: int


@router.get("/people/{person_id}/export")
def export_person(
    person_id: UUID,
    runtime: RuntimeDep,
    user: Admin,
    justification: Annotated[
        str,
        Header(
            alias="X-Justification",
            min_length=10,
            max_length=2000,
            description="the request being answered (logged)",
        ),
    ],
) -> dict[str, Any]:
    """Everything held about one woman (Art. 15) as one JSON document; the read is logged."""
    return gdpr.export_person(
        runtime, person_id, actor_id=user.user_id, role=user.role, why=justification, source="api"
    )


@router.post("/people/{person_id}/erasure")
def erase_person(
    person_id: UUID, body: ErasureIn, runtime: RuntimeDep, user: Admin
) -> dict[str, Any]:
    """Erase her personal data by destroying her key (Art. 17); returns the signed proof."""
    return gdpr.erase_person(
        runtime,
        person_id,
        actor_id=user.user_id,
        role=user.role,
        legal_basis=body.legal_basis,
        source="api",
    )


@router.get("/people/{person_id}/erasure-proof")
def erasure_proof(person_id: UUID, runtime: RuntimeDep, user: ProofReader) -> dict[str, Any]:
    """The proof of erasure (no personal data) and whether its signature verifies."""
    proof = gdpr.erasure_proof(runtime, person_id)
    return proof | {"signature_valid": gdpr.proof_ok(proof)}


@router.post("/cases/{case_id}/consent-withdrawal", response_model=WithdrawalOut)
def withdraw_consent(
    case_id: UUID, body: WithdrawalIn, runtime: RuntimeDep, user: Withdrawer
) -> WithdrawalOut:
    """Withdraw a consent on a case; always possible, also after closure."""
    check_programme(user, runtime.app.case(case_id).programme)
    version = gdpr.withdraw_consent(
        runtime, case_id, body.scope.code, actor_id=user.user_id, role=user.role, source="api"
    )
    return WithdrawalOut(case_id=str(case_id), scope=body.scope.code, version=version)
