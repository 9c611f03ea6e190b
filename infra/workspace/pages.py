"""Sign-in and my caseload (open cases in my programmes with what is due on each)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from domain.case.due import DueKind

from .i18n import word
from .render import BASE, page, see_other
from .session import COOKIE, language, session_of
from .support import (
    caseload_of,
    user_programmes,
)

router = APIRouter(prefix=BASE, include_in_schema=False)
SORTS = ("due", "referred", "programme", "status")
SORT_LABELS = {
    "due": ("Scadenza", "Due date"),
    "referred": ("Data di segnalazione", "Referral date"),
    "programme": ("Programma", "Programme"),
    "status": ("Stato", "Status"),
}
PAGE_ROWS = 500


def _signin(request: Request) -> Response:
    return see_other(f"{BASE}/signin")


@router.get("")
def home(request: Request) -> Response:
    return see_other(f"{BASE}/caseload" if session_of(request) else f"{BASE}/signin")


@router.get("/signin")
def signin_form(request: Request) -> HTMLResponse:
    return page(request, "signin.html", None, title=word("signin", language(request)))


@router.post("/signin")
async def signin(request: Request) -> Response:
    form = await request.form()
    token = str(form.get("token") or "").strip()
    lang = language(request)
    user = request.app.state.users.authenticate(token) if token else None
    if user is None or user.role.value not in ("caseworker", "coordinator"):
        message = word("bad_token" if user is None else "not_casework", lang)
        return page(
            request, "signin.html", None, status=401, title=word("signin", lang), error=message
        )
    response = see_other(f"{BASE}/caseload")
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path=BASE)
    return response


@router.post("/signout")
async def signout(request: Request) -> Response:
    response = see_other(f"{BASE}/signin")
    response.delete_cookie(COOKIE, path=BASE)
    return response


@router.get("/caseload")
def caseload(
    request: Request,
    programme: str = "",
    due: str = "",
    overdue: str = "",
    sort: str = "due",
) -> Response:
    session = session_of(request)
    if session is None:
        return _signin(request)
    user, lang = session.user, session.lang
    scope = None if user.all_programmes else user.programmes
    rows = caseload_of(request).rows(
        scope,
        date.today(),
        programme=programme or None,
        due_kind=due or None,
        overdue_only=bool(overdue),
        sort=sort if sort in SORTS else "due",
    )
    q = {"programme": programme, "due": due, "overdue": overdue, "sort": sort}
    return page(
        request,
        "caseload.html",
        session,
        title=word("caseload", lang),
        active="caseload",
        rows=rows,
        shown=PAGE_ROWS,
        truncated=len(rows) > PAGE_ROWS,
        q=q,
        programmes=user_programmes(request, session),
        due_kinds=[(k.value, k.label(lang)) for k in DueKind],
        sorts=[(s, SORT_LABELS[s][lang == "en"]) for s in SORTS],
    )
