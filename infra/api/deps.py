"""FastAPI dependencies: the runtime, who is calling (401), what her role allows (403), scoping.

The cheap ones are `async` so they run on the event loop: a sync dependency would cost a hop to
the thread pool on every request.

Every route declares its roles with `require_roles(...)` (or `require_command(...)` for commands,
which reads services.policy). tests/e2e/test_api_roles.py holds the rule book and checks every
role × every endpoint over HTTP; an endpoint missing from it fails that test.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from domain.shared.roles import ActorRole
from domain.shared.values import Meta
from services.policy import PERMISSIONS

from ..audit.access_log import record_access
from ..bootstrap import Runtime
from . import timing
from .errors import ApiError
from .users import User, UserStore

bearer_scheme = HTTPBearer(auto_error=False, description="a token from `percorsi users add`")
_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

EVERYONE = (
    ActorRole.CASEWORKER,
    ActorRole.COORDINATOR,
    ActorRole.AUDITOR,
    ActorRole.EVALUATOR,
    ActorRole.MANAGER,
    ActorRole.ADMIN,
)
CASEWORK = (ActorRole.CASEWORKER, ActorRole.COORDINATOR)
CASE_READERS = (ActorRole.CASEWORKER, ActorRole.COORDINATOR, ActorRole.AUDITOR)


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_users(request: Request) -> UserStore:
    users: UserStore = request.app.state.users
    return users


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
UsersDep = Annotated[UserStore, Depends(get_users)]


async def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> User:
    """401 without a valid bearer token (distinct from 403: known, but not allowed).

    The user store is taken from the app's state, not through `UsersDep`: every request
    authenticates, and each sub-dependency costs FastAPI a solve (profiled, ADR 0022)."""
    started = time.perf_counter()
    try:
        return _authenticate(request.app.state.users, credentials)
    finally:
        timing.add("auth", time.perf_counter() - started)


def _authenticate(users: UserStore, credentials: HTTPAuthorizationCredentials | None) -> User:
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "unauthenticated", "a bearer token is required", headers=challenge)
    user = users.authenticate(credentials.credentials)
    if user is None:
        raise ApiError(401, "invalid_token", "the token is unknown or revoked", headers=challenge)
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_roles(*roles: ActorRole) -> Callable[[User], Awaitable[User]]:
    """A dependency admitting only `roles`; others get 403 (after authentication: 401 first)."""
    allowed = frozenset(roles)

    async def dependency(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise ApiError(
                403, "permission_denied", f"role {user.role.value} may not use this endpoint"
            )
        return user

    dependency.allowed_roles = allowed  # type: ignore[attr-defined]
    return dependency


def command_roles(command: str) -> tuple[ActorRole, ...]:
    """Who may issue `command` over the API: the services' policy, minus the system role."""
    return tuple(r for r in EVERYONE if r in PERMISSIONS[command])


def require_command(command: str) -> Callable[[User], Awaitable[User]]:
    return require_roles(*command_roles(command))


def check_programme(user: User, programme: str) -> None:
    """Programme scoping: caseworkers and coordinators act only within their programmes."""
    if not user.may_see(programme):
        raise ApiError(
            403,
            "outside_your_programmes",
            "this record belongs to a programme you do not work in",
            field="programme",
        )


KeyHeader = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=128,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="unique per command; a retry with the same key returns the first result "
        "and appends nothing",
    ),
]
"""The Idempotency-Key header of a command (required)."""
IfMatchHeader = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=24,
        pattern=r'^(W/)?"?[0-9]{1,12}"?$',
        description="the aggregate version you last read (its ETag); stale → 409",
    ),
]
"""The If-Match header of a command on an existing record (optional)."""


async def idempotency_key(idempotency_key: KeyHeader) -> str:
    return idempotency_key


def version_of(if_match: str | None) -> int | None:
    """The version an If-Match names (`"7"`, `W/"7"` or `7`), or None without one."""
    if if_match is None:
        return None
    return int(if_match.removeprefix("W/").strip('"'))


async def expected_version(if_match: IfMatchHeader = None) -> int | None:
    return version_of(if_match)


JUSTIFICATION_MIN = 10
Justification = Annotated[
    str | None,
    Header(
        alias="X-Justification",
        min_length=JUSTIFICATION_MIN,
        max_length=2000,
        description=f"auditors: why personal content must be seen, {JUSTIFICATION_MIN}–2000 "
        "characters (logged); without it, personal content is masked",
    ),
]
Limit = Annotated[int, Query(ge=1, le=10_000, description="the most items in this page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]

IdempotencyKey = Annotated[str, Depends(idempotency_key)]
OptionalKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=128,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="accepted like on every command; this request is safe to repeat as it is",
    ),
]


def page(envelope: dict[str, Any], items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """`envelope` with one page of `items` and where it sits in the whole."""
    return {
        **envelope,
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "items": items[offset : offset + limit],
    }


ExpectedVersion = Annotated[int | None, Depends(expected_version)]


def meta_for(user: User, key: str, request_hash: str | None = None) -> Meta:
    """Command metadata; keys are scoped per user so two people never collide on one key."""
    if not _KEY.match(key):
        raise ApiError(422, "invalid_input", "bad Idempotency-Key", field="Idempotency-Key")
    return Meta(user.user_id, user.role, f"api:{user.user_id}:{key}", "api", request_hash)


async def request_hash(request: Request) -> str:
    """A fingerprint of the request (method, path, JSON body with sorted keys).

    A retry sends the same request and is answered as a repeat; the same Idempotency-Key on a
    different request is refused (422) instead of silently returning the first answer.
    """
    return fingerprint(request.method, request.url.path, await request.body())


def fingerprint(method: str, path: str, body: bytes) -> str:
    """`request_hash` of a request's parts (the command path computes it without the hop)."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = body
    digest = hashlib.sha256(f"{method} {path}\n".encode())
    digest.update(canonical)
    return digest.hexdigest()


RequestHash = Annotated[str, Depends(request_hash)]


def log_personal_read(
    runtime: Runtime, user: User, subject_id: UUID, what: str, why: str | None = None
) -> None:
    """Record that `user` saw a woman's personal data, in the auditors' access log (issue 6)."""
    record_access(runtime, user.user_id, user.role, subject_id, what, why, source="api")
