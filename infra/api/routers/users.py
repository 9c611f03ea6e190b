"""API users and tokens (admin only): a token is shown once, at creation; only its hash is kept."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field

from domain.shared.roles import ActorRole

from ..deps import UsersDep, require_roles
from ..schemas import MeOut
from ..users import User

router = APIRouter(prefix="/v1/users", tags=["users"])
Admin = Annotated[User, Depends(require_roles(ActorRole.ADMIN))]
UserPath = Annotated[str, Path(min_length=2, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]+$")]


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
    token: str = Field(description="shown only now; store it safely")


@router.get("")
def list_users(user: Admin, users: UsersDep) -> list[MeOut]:
    """Active users: id, role, programmes (never tokens)."""
    return [
        MeOut(user_id=u.user_id, role=u.role.value, programmes=sorted(u.programmes))
        for u in users.users()
    ]


@router.post("", status_code=201)
def add_user(body: UserIn, user: Admin, users: UsersDep) -> TokenOut:
    """Create a user and her first token."""
    return TokenOut(
        user_id=body.user_id, token=users.add_user(body.user_id, body.role, body.programmes)
    )


@router.post("/{user_id}/tokens", status_code=201)
def issue_token(user_id: UserPath, user: Admin, users: UsersDep) -> TokenOut:
    """Issue another token for a user."""
    return TokenOut(user_id=user_id, token=users.issue_token(user_id))


@router.post("/{user_id}/revoke", status_code=204)
def revoke(user_id: UserPath, user: Admin, users: UsersDep) -> None:
    """Revoke every token of the user and disable her."""
    users.deactivate(user_id)
    users.revoke_tokens(user_id)
