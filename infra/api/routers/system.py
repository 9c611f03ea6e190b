"""Health and identity: is the API up, and who does this token belong to."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from ..deps import EVERYONE, RuntimeDep, require_roles
from ..schemas import HealthOut, MeOut
from ..users import User

router = APIRouter(tags=["system"])


@router.get("/health", response_model=HealthOut)
def health(runtime: RuntimeDep) -> HealthOut:
    """Liveness: the event store answers (no authentication, so it tells nothing about the data)."""
    runtime.app.recorder.max_notification_id()
    return HealthOut(status="ok")


@router.get("/v1/me", response_model=MeOut)
def me(user: User = Depends(require_roles(*EVERYONE))) -> MeOut:
    """The calling user's id, role and programmes (the dashboard's sign-in check)."""
    return MeOut(user_id=user.user_id, role=user.role.value, programmes=sorted(user.programmes))
