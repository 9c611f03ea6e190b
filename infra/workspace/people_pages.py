"""Find or register a woman (duplicate warning from the blind index), her record, a referral."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from domain.shared.errors import DomainError
from domain.shared.typed_dates import parse_typed, typed

from ..api.case_index import CaseIndex
from .case_access import refused
from .finder import finder_of, visible
from .i18n import word
from .people_forms import GROUPS, REFER, REGISTER, parse_all, refer, register
from .render import BASE, Values, all_errors, field_errors, page, see_other
from .session import Session, csrf_ok, session_of
from .support import (
    case_index,
    log_read,
    meta_for,
    new_key,
    runtime_of,
    user_programmes,
)

router = APIRouter(prefix=BASE, include_in_schema=False)


def _signin(request: Request) -> Response:
    return see_other(f"{BASE}/signin")


def _people(request: Request, session: Session, ids: list[UUID]) -> list[dict[str, Any]]:
    """Her name and birth date for each match (a read of personal data: logged)."""
    app, index = runtime_of(request).app, case_index(request)
    out = []
    for person_id in ids:
        personal = app.person(person_id).personal
        log_read(request, session, person_id, "workspace search result")
        theirs = sorted(p for p in index.programmes_of(person_id) if session.user.may_see(p))
        out.append(
            {
                "id": person_id,
                "name": personal.full_name,
                "birth_date": personal.birth_date,
                "programmes": theirs,
            }
        )
    return out


def _search(
    request: Request, session: Session, fiscal_code: str, full_name: str, birth_date: date | None
) -> list[dict[str, Any]]:
    finder = finder_of(request.app.state, runtime_of(request))
    found = finder.matches(
        fiscal_code=fiscal_code or None, full_name=full_name or None, birth_date=birth_date
    )
    return _people(
        request, session, visible(found, case_index(request).programmes_of, session.user)
    )


def _people_page(
    request: Request, session: Session, *, status: int = 200, **context: Any
) -> HTMLResponse:
    lang = session.lang
    context.setdefault("values", Values({"occurred_on": typed(date.today())}))
    context.setdefault("errors", {})
    context.setdefault("general", [])
    context.setdefault("q", {"fiscal_code": "", "full_name": "", "birth_date": ""})
    groups = [(it if lang != "en" else en, fields) for (it, en), fields in GROUPS]
    return page(
        request,
        "people.html",
        session,
        status=status,
        title=word("find", lang),
        active="people",
        register_groups=groups,
        key=context.pop("key", new_key()),
        **context,
    )


@router.get("/people")
def people(
    request: Request, fiscal_code: str = "", full_name: str = "", birth_date: str = ""
) -> Response:
    session = session_of(request)
    if session is None:
        return _signin(request)
    q = {"fiscal_code": fiscal_code, "full_name": full_name, "birth_date": birth_date}
    searched = bool(fiscal_code or (full_name and birth_date))
    matches: list[dict[str, Any]] = []
    if searched:
        try:
            day = parse_typed(birth_date) if birth_date else None
        except ValueError:
            day = None
        matches = _search(request, session, fiscal_code, full_name, day)
    return _people_page(request, session, q=q, searched=searched, matches=matches)


@router.post("/people")
async def register_person(request: Request) -> Response:
    session = session_of(request)
    form = await request.form()
    if session is None or not csrf_ok(session, str(form.get("csrf") or "")):
        return _signin(request)
    values, bad = parse_all(REGISTER, form)
    if values.get("fiscal_code"):
        values["fiscal_code"] = "".join(values["fiscal_code"].split()).upper()
    key = str(form.get("key") or "")
    shown = Values(form)
    if bad:
        errors, general = all_errors(list(bad.values()), REGISTER, session.lang)
        return _people_page(
            request, session, status=422, values=shown, errors=errors, general=general, key=key
        )
    if not form.get("confirm_new"):
        duplicates = _search(
            request,
            session,
            values.get("fiscal_code") or "",
            values["full_name"],
            values.get("birth_date"),
        )
        if duplicates:
            return _people_page(
                request, session, status=409, values=shown, duplicates=duplicates, key=key
            )
    try:
        result = register(runtime_of(request).app, meta_for(session, key, dict(form)), values)
    except DomainError as error:
        errors, general = field_errors(error, REGISTER, session.lang)
        return _people_page(
            request, session, status=422, values=shown, errors=errors, general=general, key=key
        )
    return see_other(f"{BASE}/people/{result.aggregate_id}?done=registered")


def _person_page(
    request: Request, session: Session, person_id: UUID, *, status: int = 200, **context: Any
) -> HTMLResponse:
    index: CaseIndex = case_index(request)
    personal = runtime_of(request).app.person(person_id).personal
    log_read(request, session, person_id, "workspace person page")
    cases = [
        c
        for c in index.search(visible=None, person_id=person_id)
        if session.user.may_see(c.programme)
    ]
    context.setdefault("values", Values({"occurred_on": typed(date.today())}))
    context.setdefault("errors", {})
    context.setdefault("general", [])
    done = request.query_params.get("done")
    return page(
        request,
        "person.html",
        session,
        status=status,
        title=word("person", session.lang),
        person_id=person_id,
        person_name=personal.full_name or "—",
        personal=personal,
        cases=cases,
        refer_fields=REFER,
        programmes=user_programmes(request, session),
        key=context.pop("key", new_key()),
        flash=word("recorded", session.lang) if done else None,
        **context,
    )


def _may_see_person(request: Request, session: Session, person_id: UUID) -> bool:
    return bool(visible({person_id}, case_index(request).programmes_of, session.user))


@router.get("/people/{person_id}")
def person(request: Request, person_id: UUID) -> Response:
    session = session_of(request)
    if session is None:
        return _signin(request)
    if not _may_see_person(request, session, person_id):
        return refused(request, session, 403)
    try:
        return _person_page(request, session, person_id)
    except DomainError:
        return refused(request, session, 404)


@router.post("/people/{person_id}/refer")
async def refer_case(request: Request, person_id: UUID) -> Response:
    session = session_of(request)
    form = await request.form()
    if session is None or not csrf_ok(session, str(form.get("csrf") or "")):
        return _signin(request)
    if not _may_see_person(request, session, person_id):
        return refused(request, session, 403)
    key, shown = str(form.get("key") or ""), Values(form)
    values, bad = parse_all(REFER, form)
    programme = values.get("programme")
    if programme and not session.user.may_see(programme):
        bad["programme"] = DomainError("outside your programmes", field="programme")
    try:
        if bad:
            raise next(iter(bad.values()))
        result = refer(
            runtime_of(request).app, meta_for(session, key, dict(form)), person_id, values
        )
    except DomainError as error:
        errors, general = all_errors([error, *bad.values()], REFER, session.lang)
        return _person_page(
            request,
            session,
            person_id,
            status=422,
            values=shown,
            errors=errors,
            general=general,
            key=key,
        )
    return see_other(f"{BASE}/cases/{result.aggregate_id}?done=refer&v={result.version}")
