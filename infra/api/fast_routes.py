"""Which case-command routes the fast path (fast_commands.py) may answer for FastAPI.

Only a route that reads exactly what the fast path reads: the case id, a body of its table row's
model, `commands._command`'s two headers (Idempotency-Key, If-Match), and the caller through the
bearer scheme and its command's role check; no other parameter, dependency, status or response
model. A route that grows a parameter (a header, say) is then left to FastAPI instead of having
that parameter silently ignored (tests/unit/test_fast_command_routes.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.routing import APIRoute

from domain.shared.roles import ActorRole

from .commands import _command
from .deps import bearer_scheme, command_roles, current_user
from .routers import case_commands
from .routers.case_commands import CaseCommand
from .schemas import CommandOut


@dataclass(frozen=True)
class Entry:
    """A case command's row, the route FastAPI would pick for it, the roles it admits."""

    spec: CaseCommand
    route: APIRoute
    roles: frozenset[ActorRole]


def entries() -> dict[str, Entry]:
    """Each command's path after the case id → its spec and the route FastAPI would pick; a
    route that takes more than the fast path reads (a new header, say) is left to FastAPI."""
    routes = {r.name: r for r in case_commands.router.routes if isinstance(r, APIRoute)}
    found = {}
    for spec in case_commands.TABLE:
        entry = Entry(spec, routes[spec.command], frozenset(command_roles(spec.command)))
        if reads_all_of(entry):
            found[spec.path] = entry
    return found


_NONE: tuple[tuple[str, ...], ...] = ((), (), (), (), ())


def _signature(dependant: Any) -> tuple[Any, ...]:
    """(call, (path, query, header, cookie, body parameter names), sub-dependencies)."""
    groups = ("path_params", "query_params", "header_params", "cookie_params", "body_params")
    names = tuple(tuple(p.alias for p in getattr(dependant, g)) for g in groups)
    return (dependant.call, names, tuple(_signature(d) for d in dependant.dependencies))


def reads_all_of(entry: Entry) -> bool:
    """The route takes exactly what the fast path reads: the case id, the body of the spec's model,
    `_command`'s two headers, and the caller through the bearer scheme and the role check."""
    route = entry.route
    signature = _signature(route.dependant)
    command = (_command, ((), (), ("Idempotency-Key", "If-Match"), (), ()), ())
    user = (current_user, _NONE, ((bearer_scheme, _NONE, ()),))
    try:
        _, params, (found_command, (role_check, role_params, found_user)) = signature
    except ValueError:  # another number of dependencies
        return False
    return (
        params == (("case_id",), (), (), (), ("body",))
        and route.dependant.body_params[0].field_info.annotation is entry.spec.body
        and route.response_model is CommandOut
        and route.status_code is None
        and not route.dependencies
        and found_command == command
        and getattr(role_check, "allowed_roles", None) == entry.roles
        and role_params == _NONE
        and found_user == (user,)
    )
