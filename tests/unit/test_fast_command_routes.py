"""Which case-command routes the fast path takes (infra/api/fast_routes.py, ADR 0022).

It takes a route only if the route reads exactly what the fast path reads; a route that grew a
parameter (a header, a query) must go to FastAPI, or that parameter would be ignored.
This module keeps its annotations evaluated: FastAPI reads the route's signature.
"""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header

from infra.api import bodies as b
from infra.api import fast_routes
from infra.api.commands import Cmd
from infra.api.deps import command_roles, require_command
from infra.api.routers import case_commands
from infra.api.schemas import CommandOut
from infra.api.users import User


def test_the_fast_path_takes_every_case_command_of_the_table() -> None:
    assert sorted(fast_routes.entries()) == sorted(s.path for s in case_commands.TABLE)


def _entry(route: object) -> fast_routes.Entry:
    spec = next(s for s in case_commands.TABLE if s.command == "record_activity")
    roles = frozenset(command_roles(spec.command))
    return fast_routes.Entry(spec, route, roles)  # type: ignore[arg-type]


def _routes(*endpoints: object) -> list[object]:
    """Each endpoint as the route FastAPI builds for a case command's path."""
    router = APIRouter(prefix="/v1/cases")
    for endpoint in endpoints:
        router.add_api_route(
            "/{case_id}/activities",
            endpoint,  # type: ignore[arg-type]
            methods=["POST"],
            response_model=CommandOut,
        )
    return list(router.routes)


def test_a_route_with_one_more_header_is_left_to_fastapi() -> None:
    async def same(
        case_id: UUID,
        body: b.ActivityIn,
        cmd: Cmd,
        user: User = Depends(require_command("record_activity")),
    ) -> CommandOut:
        raise AssertionError("never called")

    async def more(
        case_id: UUID,
        body: b.ActivityIn,
        cmd: Cmd,
        note: Annotated[str, Header(alias="X-Note")],
        user: User = Depends(require_command("record_activity")),
    ) -> CommandOut:
        raise AssertionError("never called")

    taken, left = _routes(same, more)
    assert fast_routes.reads_all_of(_entry(taken))
    assert not fast_routes.reads_all_of(_entry(left))


def test_a_route_taking_another_body_or_other_roles_is_left_to_fastapi() -> None:
    async def other_body(
        case_id: UUID,
        body: b.ConsentIn,
        cmd: Cmd,
        user: User = Depends(require_command("record_activity")),
    ) -> CommandOut:
        raise AssertionError("never called")

    async def other_roles(
        case_id: UUID,
        body: b.ActivityIn,
        cmd: Cmd,
        user: User = Depends(require_command("close_case")),
    ) -> CommandOut:
        raise AssertionError("never called")

    for route in _routes(other_body, other_roles):
        assert not fast_routes.reads_all_of(_entry(route))
