"""Groups (e.g. EMP's groups for mothers of children with special needs): form, meet, end."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field, StrictFloat

from domain.group import Group, GroupKind

from ...bootstrap import Runtime
from ..bodies import Body, Code
from ..commands import COMMAND_HEADERS, CREATED_HEADERS, READ_ETAG, Cmd, CreateCmd
from ..deps import CASE_READERS, RuntimeDep, check_programme, require_command, require_roles
from ..schemas import CommandOut
from ..users import User

router = APIRouter(prefix="/v1/groups", tags=["groups"])


class FormIn(Body):
    group_id: UUID = Field(default_factory=uuid4)
    programme: str = Code
    kind: GroupKind
    title: str = Field(min_length=1, max_length=200, description="the theme, never a name")


class SessionIn(Body):
    attendees: list[UUID] = Field(min_length=1, max_length=100, description="their case ids")
    hours: StrictFloat = Field(gt=0, le=12)


class EndIn(Body):
    pass


class GroupOut(BaseModel):
    id: UUID
    version: int
    programme: str
    kind: str
    title: str
    sessions: int
    ended: bool


def _group(runtime: Runtime, user: User, group_id: UUID) -> Group:
    group: Group = runtime.app._load(group_id, Group, "group")
    check_programme(user, group.programme)
    return group


@router.post("", status_code=201, responses=CREATED_HEADERS)
def form_group(
    body: FormIn, cmd: CreateCmd, user: User = Depends(require_command("form_group"))
) -> CommandOut:
    """Form a group within a programme."""
    check_programme(user, body.programme.upper())
    result = cmd.app.form_group(
        cmd.meta(user),
        occurred_on=body.occurred_on,
        group_id=cmd.new_id(body, "group_id"),
        programme=body.programme.upper(),
        kind=body.kind,
        title=body.title,
    )
    return cmd.done(result, location="/v1/groups/{}")


@router.post("/{group_id}/sessions", responses=COMMAND_HEADERS)
def hold_group_session(
    group_id: UUID,
    body: SessionIn,
    cmd: Cmd,
    runtime: RuntimeDep,
    user: User = Depends(require_command("hold_group_session")),
) -> CommandOut:
    """Hold a session: recorded on the group and, atomically, on each attendee's case."""
    _group(runtime, user, group_id)
    cmd.target = group_id
    return cmd.done(
        cmd.app.hold_group_session(
            cmd.meta(user),
            group_id,
            occurred_on=body.occurred_on,
            attendees=body.attendees,
            hours=body.hours,
            expected_version=cmd.expected,
        )
    )


@router.post("/{group_id}/end", responses=COMMAND_HEADERS)
def end_group(
    group_id: UUID,
    body: EndIn,
    cmd: Cmd,
    runtime: RuntimeDep,
    user: User = Depends(require_command("end_group")),
) -> CommandOut:
    """End the group."""
    _group(runtime, user, group_id)
    cmd.target = group_id
    return cmd.done(
        cmd.app.end_group(
            cmd.meta(user), group_id, occurred_on=body.occurred_on, expected_version=cmd.expected
        )
    )


@router.get("/{group_id}", responses=READ_ETAG)
def read_group(
    group_id: UUID,
    runtime: RuntimeDep,
    response: Response,
    user: Annotated[User, Depends(require_roles(*CASE_READERS))],
) -> GroupOut:
    """A group: programme, kind, title, sessions held (ETag = version)."""
    group = _group(runtime, user, group_id)
    response.headers["ETag"] = f'"{group.version}"'
    return GroupOut(
        id=group.id,
        version=group.version,
        programme=group.programme,
        kind=group.kind.value,
        title=group.title,
        sessions=group.sessions,
        ended=group.ended_on is not None,
    )
