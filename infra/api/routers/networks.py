"""EMP's stakeholder network: organisations and their collaborations (not personal data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from domain.stakeholder import CollaborationKind, Stakeholder, StakeholderKind

from ...bootstrap import Runtime
from ..bodies import Body, Code
from ..commands import COMMAND_HEADERS, CREATED_HEADERS, READ_ETAG, Cmd, CreateCmd
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


@router.post("", status_code=201, responses=CREATED_HEADERS)
def map_stakeholder(
    body: MapIn, cmd: CreateCmd, user: User = Depends(require_command("map_stakeholder"))
) -> CommandOut:
    """Map an organisation of the territory into the programme's network."""
    check_programme(user, body.programme.upper())
    result = cmd.app.map_stakeholder(
        cmd.meta(user),
        occurred_on=body.occurred_on,
        stakeholder_id=cmd.new_id(body, "stakeholder_id"),
        programme=body.programme.upper(),
        name=body.name,
        kind=body.kind,
        territory=body.territory,
    )
    return cmd.done(result, location="/v1/stakeholders/{}")


def _collaboration(command: str, doc: str) -> Callable[..., CommandOut]:
    """Start and end take the same body and differ only by the use case."""

    def route(
        stakeholder_id: UUID,
        body: CollaborationIn,
        cmd: Cmd,
        runtime: RuntimeDep,
        user: User = Depends(require_command(command)),
    ) -> CommandOut:
        _stakeholder(runtime, user, stakeholder_id)
        cmd.target = stakeholder_id
        use_case = getattr(cmd.app, command)
        return cmd.done(
            use_case(
                cmd.meta(user),
                stakeholder_id,
                occurred_on=body.occurred_on,
                partner_id=body.partner_id,
                kind=body.kind,
                expected_version=cmd.expected,
            )
        )

    route.__name__ = route.__qualname__ = command
    route.__doc__ = doc
    return route


for _path, _command, _doc in (
    ("collaborations", "start_collaboration", "Start a collaboration with another organisation "
     "or with the programme."),
    ("collaborations/end", "end_collaboration", "End a collaboration."),
):  # fmt: skip
    router.add_api_route(
        f"/{{stakeholder_id}}/{_path}",
        _collaboration(_command, _doc),
        methods=["POST"],
        response_model=CommandOut,
        responses=COMMAND_HEADERS,
        description=_doc,
    )


@router.get("/{stakeholder_id}", responses=READ_ETAG)
def read_stakeholder(
    stakeholder_id: UUID,
    runtime: RuntimeDep,
    response: Response,
    user: Annotated[User, Depends(require_roles(*EVERYONE))],
) -> StakeholderOut:
    """An organisation and its open collaborations (ETag = version)."""
    found = _stakeholder(runtime, user, stakeholder_id)
    response.headers["ETag"] = f'"{found.version}"'
    return StakeholderOut(
        id=found.id,
        version=found.version,
        programme=found.programme,
        name=found.name,
        kind=found.kind.value,
        territory=found.territory,
        collaborations=sorted(found.collaborations),
    )
