"""What the case pages share: who may do what, refusals, the timeline, what changed meanwhile."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Request
from fastapi.responses import Response

from domain.shared.errors import PermissionDenied
from projections.history import HistoryEntry, render_history
from services.policy import check_permission

from .display import programme_names
from .i18n import word
from .render import BASE, page, see_other
from .session import Session, session_of
from .support import runtime_of, visible_case


def allowed(session: Session, command: str) -> bool:
    try:
        check_permission(command, session.user.role)
    except PermissionDenied:
        return False
    return True


def refused(request: Request, session: Session | None, status: int = 403) -> Response:
    if session is None:
        return see_other(f"{BASE}/signin")
    key = "forbidden" if status == 403 else "not_found"
    text = word(key, session.lang)
    return page(request, "message.html", session, status=status, title=text, message=text)


def history(request: Request, case_id: UUID) -> list[HistoryEntry]:
    events = list(runtime_of(request).app.events.get(case_id))
    return render_history(events, reveal=True, names=programme_names(request))


def open_case(
    request: Request, case_id: UUID, name: str
) -> tuple[Session | None, Any, Response | None]:
    session = session_of(request)
    if session is None or visible_case(request, session, case_id) is None:
        return session, None, refused(request, session, 404 if session else 403)
    return session, runtime_of(request).app.case(case_id), None


def changes_since(request: Request, case_id: UUID, opened: int) -> list[HistoryEntry]:
    return [e for e in history(request, case_id) if e.version > opened]
