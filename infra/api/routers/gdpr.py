"""Data-subject rights: Art. 15 export and Art. 17 erasure with a signed proof.

Consent withdrawal is a case command (`POST /v1/cases/{case_id}/consents/withdraw`), one route
for one use case (ADR 0013)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Response
from pydantic import BaseModel, ConfigDict, Field

from domain.shared.roles import ActorRole

from ...audit import gdpr
from ..audit_schemas import ErasureProofCheckedOut, ErasureProofOut, GdprExportOut
from ..commands import key_reused
from ..deps import (
    JUSTIFICATION_MIN,
    IdempotencyKey,
    RequestHash,
    RuntimeDep,
    UsersDep,
    require_roles,
)
from ..users import User

router = APIRouter(prefix="/v1/gdpr", tags=["gdpr"])
Admin = Annotated[User, Depends(require_roles(ActorRole.ADMIN))]
ProofReader = Annotated[User, Depends(require_roles(ActorRole.ADMIN, ActorRole.AUDITOR))]
_REPLAYED = {"description": "true on a repeat of an earlier request", "schema": {"type": "string"}}


class ErasureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    legal_basis: str = Field(default="GDPR Art. 17", min_length=3, max_length=200)


@router.get("/people/{person_id}/export", response_model=GdprExportOut)
def export_person(
    person_id: UUID,
    runtime: RuntimeDep,
    user: Admin,
    justification: Annotated[
        str,
        Header(
            alias="X-Justification",
            min_length=JUSTIFICATION_MIN,
            max_length=2000,
            description=f"the request being answered, {JUSTIFICATION_MIN}–2000 characters (logged)",
        ),
    ],
) -> dict[str, Any]:
    """Everything held about one woman (Art. 15) as one JSON document; the read is logged."""
    return gdpr.export_person(
        runtime, person_id, actor_id=user.user_id, role=user.role, why=justification, source="api"
    )


@router.post(
    "/people/{person_id}/erasure",
    response_model=ErasureProofOut,
    responses={200: {"description": "the proof", "headers": {"Idempotent-Replayed": _REPLAYED}}},
)
def erase_person(
    person_id: UUID,
    body: ErasureIn,
    runtime: RuntimeDep,
    user: Admin,
    users: UsersDep,
    key: IdempotencyKey,
    fingerprint: RequestHash,
    response: Response,
) -> dict[str, Any]:
    """Erase her personal data by destroying her key (Art. 17); returns the signed proof.

    A repeat (same Idempotency-Key, same request) re-issues the proof and erases nothing more;
    a key an earlier user command (add user, token, revoke) used is refused (422)."""
    command_id = f"api:{user.user_id}:{key}"
    if users.ledger.holds(user.role, command_id):
        raise key_reused()
    proof, replayed = gdpr.erase_once(
        runtime,
        person_id,
        actor_id=user.user_id,
        role=user.role,
        legal_basis=body.legal_basis,
        source="api",
        command_id=command_id,
        request_hash=fingerprint,
    )
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return proof


@router.get("/people/{person_id}/erasure-proof", response_model=ErasureProofCheckedOut)
def erasure_proof(person_id: UUID, runtime: RuntimeDep, user: ProofReader) -> dict[str, Any]:
    """The proof of erasure (no personal data) and whether its signature verifies."""
    proof = gdpr.erasure_proof(runtime, person_id)
    return proof | {"signature_valid": gdpr.proof_ok(proof)}
