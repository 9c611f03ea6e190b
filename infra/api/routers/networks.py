"""EMP's stakeholder network: organisations and their collaborations (not personal data)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from domain.stakeholder import CollaborationKind, Stakeholder, StakeholderKind

from ...bootstrap import Runtime
from ..bodies import Body, Code
from ..commands import CreateCmd
from ..deps import EVERYONE, RuntimeDep, check_programme, require_command, require_roles
from ..schemas import CommandOut
from ..users import User

router = APIRouter(prefix="/v1/stakeholders", tags=["network"])


class MapIn(Body):
    stakeholder_id: UUID = Field(default_factory=uuid4)
    programme: str = Code
    name: str = Field(min_length=1, max_length=200, description="the organisation's name")
    kind: StakeholderKind
    territory: str = Field(min_length=1, max_length=200)


class CollaborationIn(Body):
    partner_id: UUID | None = Field(
        default=None, description="another organisation, or none: the programme itself"
    )
    kind: CollaborationKind


class StakeholderOut(BaseModel):
    id: UUID
    version: int
    programme: str
    name: str
    kind: str
    territory: str
    collaborations: list[str]


def _stakeholder(runtime: Runtime, user: User, stakeholder_id: UUID) -> Stakeholder:
    found: Stakeholder = runtime.app._load(stakeholder_id, Stakeholder, "stakeholder")
    check_programme(user, found.programme)
    return found


@router.post("", status_code=201)
def map_stakeholder(
    body: MapIn, cmd: CreateCmd, user: User = Depends(require_command("map_stakeholder"))
) -> CommandOut:
    """Map an organisation of the territory into the programme's network."""
    check_programme(user, body.programme.upper())
    cmd.target = body.stakeholder_id
    return cmd.done(
        cmd.app.map_stakeholder(
            cmd.meta(user),
            occurred_on=body.occurred_on,
            stakeholder_id=body.stakeholder_id,
            programme=body.programme.upper(),
            name=body.name,
            kind=body.kind,
            territory=body.territory,
        )
    )


@router.post("/{stakeholder_id}/collaborations")
def start_collaboration(
    stakeholder_id: UUID,
    body: CollaborationIn,
    cmd: CreateCmd,
    runtime: RuntimeDep,
    user: User = Depends(require_command("start_collaboration")),
) -> CommandOut:
    """Start a collaboration with another organisation or with the programme."""
    _stakeholder(runtime, user, stakeholder_id)
    cmd.target = stakeholder_id
    return cmd.done(
        cmd.app.start_collaboration(
            cmd.meta(user),
            stakeholder_id,
            occurred_on=body.occurred_on,
            partner_id=body.partner_id,
            kind=body.kind,
        )
    )


@router.post("/{stakeholder_id}/collaborations/end")
def end_collaboration(
    stakeholder_id: UUID,
    body: CollaborationIn,
    cmd: CreateCmd,
    runtime: RuntimeDep,
    user: User = Depends(require_command("end_collaboration")),
) -> CommandOut:
    """End a collaboration."""
    _stakeholder(runtime, user, stakeholder_id)
    cmd.target = stakeholder_id
    return cmd.done(
        cmd.app.end_collaboration(
            cmd.meta(user),
            stakeholder_id,
            occurred_on=body.occurred_on,
            partner_id=body.partner_id,
            kind=body.kind,
        )
    )


@router.get("/{stakeholder_id}")
def read_stakeholder(
    stakeholder_id: UUID,
    runtime: RuntimeDep,
    user: Annotated[User, Depends(require_roles(*EVERYONE))],
) -> StakeholderOut:
    """An organisation and its open collaborations."""
    found = _stakeholder(runtime, user, stakeholder_id)
    return StakeholderOut(
        id=found.id,
        version=found.version,
        programme=found.programme,
        name=found.name,
        kind=found.kind.value,
        territory=found.territory,
        collaborations=sorted(found.collaborations),
    )
