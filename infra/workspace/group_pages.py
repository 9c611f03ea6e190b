"""Groups and their attendance sheet: one session, the whole group ticked at once.

The sheet lists the active cases of the group's programme by case reference (no names: nothing
personal is read, so nothing is logged), those at the previous session ticked. Submitting holds
the session and records a group activity on every attendee's case in one transaction (the
services' `hold_group_session`), with the same idempotency key and opened version as any form.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from domain.case.values import CaseStatus
from domain.group import Group
from domain.shared.errors import ConcurrencyConflict, DomainError, InvalidValue
from domain.shared.typed_dates import typed

from .case_access import allowed, refused
from .fields import DAY, Field
from .i18n import word
from .people_forms import parse_all
from .render import BASE, Values, all_errors, page, see_other
from .session import Session, csrf_ok, session_of
from .support import caseload_of, meta_for, new_key, runtime_of

router = APIRouter(prefix=f"{BASE}/groups", include_in_schema=False)
FORMED = get_topic(Group.Formed)
HOURS = Field("hours", "Durata dell'incontro (ore)", "Length of the session (hours)", "float")
SHEET = (DAY, HOURS)


def _groups(request: Request, session: Session) -> list[Any]:
    app, found = runtime_of(request).app, []
    for n in app.recorder.select_notifications(0, 10_000, topics=[FORMED]):
        group: Any = app.repository.get(UUID(str(n.originator_id)))
        if session.user.may_see(group.programme):
            found.append(group)
    return sorted(found, key=lambda g: (g.programme, g.formed_on))


@router.get("")
def groups(request: Request) -> Response:
    session = session_of(request)
    if session is None:
        return see_other(f"{BASE}/signin")
    return page(
        request,
        "groups.html",
        session,
        title=word("groups", session.lang),
        active="groups",
        groups=_groups(request, session),
    )


def _sheet(
    request: Request, session: Session, group_id: UUID, *, status: int = 200, **context: Any
) -> HTMLResponse:
    app = runtime_of(request).app
    group: Any = app.repository.get(group_id)
    events = list(app.events.get(group_id))
    last = next((e for e in reversed(events) if isinstance(e, Group.SessionHeld)), None)
    rows = caseload_of(request).rows(frozenset({group.programme}), date.today())
    members = [r.entry for r in rows if r.entry.status is CaseStatus.ACTIVE]
    ticked = {str(c) for c in (last.attendees if last else [])}
    values = context.pop("values", None) or Values(
        {"occurred_on": typed(date.today()), "hours": f"{last.hours:g}" if last else ""}
    )
    if "attendees" not in values.getlist("_seen"):
        for case_id in ticked:
            values.add("attendees", case_id)
    context.setdefault("errors", {})
    context.setdefault("general", [])
    if request.query_params.get("done"):
        context["flash"] = word(
            "replayed" if request.query_params.get("r") else "recorded", session.lang
        )
    return page(
        request,
        "sheet.html",
        session,
        status=status,
        title=group.title,
        group=group,
        members=members,
        fields=SHEET,
        values=values,
        version=context.pop("version", group.version),
        key=context.pop("key", new_key()),
        **context,
    )


def _open(request: Request, group_id: UUID) -> tuple[Session | None, Response | None]:
    session = session_of(request)
    if session is None:
        return None, see_other(f"{BASE}/signin")
    try:
        group: Any = runtime_of(request).app.repository.get(group_id)
    except Exception:
        return session, refused(request, session, 404)
    if not isinstance(group, Group) or not session.user.may_see(group.programme):
        return session, refused(request, session, 404)
    if not allowed(session, "hold_group_session"):
        return session, refused(request, session, 403)
    return session, None


@router.get("/{group_id}")
def sheet(request: Request, group_id: UUID) -> Response:
    session, denied = _open(request, group_id)
    if denied or session is None:
        return denied or see_other(f"{BASE}/signin")
    return _sheet(request, session, group_id)


@router.post("/{group_id}")
async def hold_session(request: Request, group_id: UUID) -> Response:
    session, denied = _open(request, group_id)
    posted = await request.form()
    if denied or session is None or not csrf_ok(session, str(posted.get("csrf") or "")):
        return denied or see_other(f"{BASE}/signin")
    key, shown = str(posted.get("key") or ""), Values(posted)
    opened = int(str(posted.get("version") or 0))
    values, bad = parse_all(SHEET, posted)
    try:
        attendees = [UUID(str(a)) for a in posted.getlist("attendees")]
        if not attendees:
            raise InvalidValue("tick at least one woman present", field="attendees")
        if bad:
            raise next(iter(bad.values()))
        result = runtime_of(request).app.hold_group_session(
            meta_for(session, key, {"attendees": sorted(map(str, attendees)), **dict(posted)}),
            group_id,
            occurred_on=values["occurred_on"],
            attendees=attendees,
            hours=values["hours"],
            expected_version=opened,
        )
    except ConcurrencyConflict:
        return _sheet(
            request,
            session,
            group_id,
            status=409,
            values=shown,
            key=key,
            general=[word("conflict", session.lang)],
        )
    except (DomainError, ValueError) as error:
        problem = (
            error
            if isinstance(error, DomainError)
            else InvalidValue("a ticked case is not valid", field="attendees")
        )
        names = (*SHEET, Field("attendees", "", ""))
        errors, general = all_errors([problem, *bad.values()], names, session.lang)
        return _sheet(
            request,
            session,
            group_id,
            status=422,
            values=shown,
            key=key,
            version=opened,
            errors=errors,
            general=general,
        )
    replayed = "&r=1" if result.replayed else ""
    return see_other(f"{BASE}/groups/{group_id}?done=1&v={result.version}{replayed}")
