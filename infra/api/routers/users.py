"""API users and tokens (admin only): a token is shown once, at creation; only its hash is kept.

Every command takes an Idempotency-Key: a repeat answers as the first run (the same token,
derived again, see user_ledger), the same key on another request is refused (422), also when
that other request was an event-sourced command (a case command, an erasure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from domain.shared.errors import NotFound
from domain.shared.roles import ActorRole

from ...bootstrap import Runtime
from ...secrets import key_encryption_key
from ..deps import IdempotencyKey, Limit, Offset, RequestHash, RuntimeDep, UsersDep, require_roles
from ..schemas import MeOut, Page
from ..user_ledger import derived_token, refuse_if_in_event_ledger
from ..users import User, UserStore

router = APIRouter(prefix="/v1/users", tags=["users"])
Admin = Annotated[User, Depends(require_roles(ActorRole.ADMIN))]
UserPath = Annotated[str, Path(min_length=2, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]+$")]
_HEADER = {"schema": {"type": "string"}}
CREATED: dict[int | str, dict[str, Any]] = {
    201: {
        "description": "created",
        "headers": {
            "Location": _HEADER | {"description": "the user"},
            "Idempotent-Replayed": _HEADER | {"description": "true on a repeat"},
        },
    }
}


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: str = Field(
        min_length=2,
        max_length=64,
        pattern=r"^[a-z0-9][a-z0-9._-]+$",
        description="an id, never a name",
    )
    role: ActorRole
    programmes: list[str] = Field(
        min_length=1, max_length=20, description='programme codes, or ["*"] for all'
    )


class TokenOut(BaseModel):
    user_id: str
    token: str = Field(description="shown only now (and to a repeat of this request)")


class UserList(Page):
    items: list[MeOut]


def _me(user: User) -> MeOut:
    return MeOut(user_id=user.user_id, role=user.role.value, programmes=sorted(user.programmes))


@router.get("")
def list_users(user: Admin, users: UsersDep, limit: Limit = 100, offset: Offset = 0) -> UserList:
    """Active users: id, role, programmes (never tokens), a page at a time by id."""
    found = users.users()
    items = [_me(u) for u in found[offset : offset + limit]]
    return UserList(total=len(found), limit=limit, offset=offset, items=items)


@router.get("/{user_id}")
def read_user(user_id: UserPath, user: Admin, users: UsersDep) -> MeOut:
    """One user, active or revoked: id, role, programmes."""
    found = users.find(user_id)
    if found is None:
        raise NotFound("no user with this id", field="user_id")
    return _me(found)


def _token_command(
    command: str,
    user_id: str,
    admin: User,
    runtime: Runtime,
    users: UserStore,
    key: str,
    fingerprint: str,
    response: Response,
    issue: Callable[[str], None],
) -> TokenOut:
    """Run `issue(token)` once per command id; a repeat derives and shows the same token."""
    command_id = f"api:{admin.user_id}:{key}"
    token = derived_token(key_encryption_key(runtime.settings), command_id, fingerprint)
    response.headers["Location"] = f"/v1/users/{user_id}"
    if users.ledger.recall(command_id, command, fingerprint) is not None:
        response.headers["Idempotent-Replayed"] = "true"
    else:
        refuse_if_in_event_ledger(runtime.app, command_id)
        issue(token)
        users.ledger.remember(command_id, command, fingerprint, user_id)
    return TokenOut(user_id=user_id, token=token)


@router.post("", status_code=201, responses=CREATED)
def add_user(
    body: UserIn,
    user: Admin,
    users: UsersDep,
    runtime: RuntimeDep,
    key: IdempotencyKey,
    fingerprint: RequestHash,
    response: Response,
) -> TokenOut:
    """Create a user and her first token; every programme named must exist (422)."""

    def issue(token: str) -> None:
        runtime.app.check_programmes(p.strip().upper() for p in body.programmes)
        users.add_user(body.user_id, body.role, body.programmes, token=token)

    return _token_command(
        "add_user", body.user_id, user, runtime, users, key, fingerprint, response, issue
    )


@router.post("/{user_id}/tokens", status_code=201, responses=CREATED)
def issue_token(
    user_id: UserPath,
    user: Admin,
    users: UsersDep,
    runtime: RuntimeDep,
    key: IdempotencyKey,
    fingerprint: RequestHash,
    response: Response,
) -> TokenOut:
    """Issue another token for a user."""

    def issue(token: str) -> None:
        users.issue_token(user_id, token)

    return _token_command(
        "issue_token", user_id, user, runtime, users, key, fingerprint, response, issue
    )


@router.post("/{user_id}/revoke", status_code=204)
def revoke(
    user_id: UserPath,
    user: Admin,
    users: UsersDep,
    runtime: RuntimeDep,
    key: IdempotencyKey,
    fingerprint: RequestHash,
    response: Response,
) -> None:
    """Revoke every token of the user and disable her."""
    command_id = f"api:{user.user_id}:{key}"
    if users.ledger.recall(command_id, "revoke", fingerprint) is not None:
        response.headers["Idempotent-Replayed"] = "true"
        return
    refuse_if_in_event_ledger(runtime.app, command_id)
    users.deactivate(user_id)
    users.revoke_tokens(user_id)
    users.ledger.remember(command_id, "revoke", fingerprint, user_id)
