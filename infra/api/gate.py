"""Who may call comes before what was sent: a request whose body cannot even be read as JSON is
answered 401 (no valid token) or 403 (a role the route does not admit) before 422.

FastAPI reads the JSON body before it runs a route's dependencies, so a broken body would
otherwise be reported first. Bodies that are JSON but invalid need nothing here: dependencies
(authentication, roles) run, and raise, before the body's fields are checked.

The 422 for a broken body says what is wrong and where: `line` and `column` (1-based) in the
problem, and the JSON parser's own words in `detail` (never the body's content).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from .errors import problem, validation_problem


def _roles_of(dependant: Any) -> frozenset[Any] | None:
    """The roles the route's `require_roles` dependency admits (None: a public route)."""
    for sub in getattr(dependant, "dependencies", ()):
        roles = getattr(sub.call, "allowed_roles", None)
        if roles is None:
            roles = _roles_of(sub)
        if roles is not None:
            return frozenset(roles)
    return None


def _refusal(request: Request) -> JSONResponse | None:
    """401/403 as the route's dependencies would answer, or None if the caller may go on."""
    route = request.scope.get("route")
    roles = _roles_of(getattr(route, "dependant", None))
    if roles is None:
        return None
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    challenge = {"WWW-Authenticate": "Bearer"}
    if scheme.lower() != "bearer" or not token.strip():
        return problem(401, "unauthenticated", "a bearer token is required", headers=challenge)
    user = request.app.state.users.authenticate(token.strip())
    if user is None:
        return problem(401, "invalid_token", "the token is unknown or revoked", headers=challenge)
    if user.role not in roles:
        detail = f"role {user.role.value} may not use this endpoint"
        return problem(403, "permission_denied", detail)
    return None


def _position(document: Any, offset: int) -> tuple[int, int]:
    text = document if isinstance(document, str) else ""
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def _validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    first = error.errors()[0] if error.errors() else {}
    if first.get("type") != "json_invalid":
        return validation_problem(error)
    refused = _refusal(request)
    if refused is not None:
        return refused
    location = tuple(first.get("loc", ()))
    offset = location[1] if len(location) > 1 and isinstance(location[1], int) else 0
    line, column = _position(error.body, offset)
    reason = str(first.get("ctx", {}).get("error", "not valid JSON"))
    detail = f"the body is not valid JSON: {reason} at line {line}, column {column}"
    return problem(422, "invalid_json", detail, field="body", line=line, column=column)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
