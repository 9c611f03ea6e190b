"""The case page (timeline in the auditors' words), one form per use case, and corrections.

Every form is rendered with a fresh idempotency key and the version it was opened at; a submit
records once (a repeat of the key is answered as the first), and a stale version is never
written over: the form comes back with what changed meanwhile and the caseworker's entries.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from domain.case.due import agenda
from domain.case.offers import admitted
from domain.shared.errors import ConcurrencyConflict, DomainError
from domain.shared.typed_dates import typed
from projections.history import render_state

from .case_access import allowed, changes_since, history, open_case, refused
from .display import programme_names
from .fields import DAY, Field
from .forms import FORMS, CaseForm, goal_status_fields
from .i18n import word
from .people_forms import parse_all
from .render import BASE, Values, all_errors, page, see_other
from .session import Session, csrf_ok, session_of
from .support import (
    caseload_of,
    log_read,
    meta_for,
    new_key,
    runtime_of,
    user_programmes,
    visible_case,
)

router = APIRouter(prefix=f"{BASE}/cases", include_in_schema=False)


@router.get("/{case_id}")
def case_page(request: Request, case_id: UUID) -> Response:
    session = session_of(request)
    if session is None or visible_case(request, session, case_id) is None:
        return refused(request, session, 404 if session else 403)
    lang, app = session.lang, runtime_of(request).app
    case = app.case(case_id)
    log_read(request, session, case_id, "workspace case page")
    entries = history(request, case_id)
    entry = caseload_of(request).entry(case_id)
    due = agenda(entry.facts(), date.today()) if entry else []
    # Only what the case's state admits (the domain's rule); a submit is still judged by it.
    admits = admitted(case)
    actions = [
        (f.name, f.title(lang))
        for f in FORMS.values()
        if allowed(session, f.command) and f.command in admits and f.offered(case)
    ]
    if allowed(session, "correct_event"):
        actions.append(("correct", word("correction", lang)))
    done = request.query_params.get("done")
    flash = None
    if done:
        flash = word("replayed" if request.query_params.get("r") else "recorded", lang)
    return page(
        request,
        "case.html",
        session,
        title=word("timeline", lang),
        case=case,
        person_name=app.person(case.person_id).personal.full_name or "—",
        entries=entries,
        by_version={e.version: e for e in entries},
        due=due,
        actions=actions,
        state=_named_state(render_state(case, lang), programme_names(request), case.programme),
        flash=flash,
    )


def _named_state(
    rows: list[tuple[str, str]], names: dict[str, str], code: str
) -> list[tuple[str, str]]:
    """The state's first row (its programme) by name, as elsewhere on the page."""
    return [(rows[0][0], names.get(code, code)), *rows[1:]] if rows else rows


def _form_fields(form: CaseForm, case: Any) -> tuple[Field, ...]:
    if form.name == "review":
        return (DAY, *goal_status_fields(case.goals, "it"), *form.fields[1:])
    return form.fields


def _form_page(
    request: Request,
    session: Session,
    form: CaseForm,
    case: Any,
    *,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    context.setdefault("values", Values({"occurred_on": typed(date.today())}))
    context.setdefault("errors", {})
    context.setdefault("general", [])
    return page(
        request,
        "form.html",
        session,
        status=status,
        title=form.title(session.lang),
        case=case,
        fields=_form_fields(form, case),
        version=context.pop("version", case.version),
        key=context.pop("key", new_key()),
        programmes=user_programmes(request, session),
        **context,
    )


@router.get("/{case_id}/{name}")
def form_page(request: Request, case_id: UUID, name: str) -> Response:
    session, case, denied = open_case(request, case_id, name)
    form = FORMS.get(name)
    if denied or session is None:
        return denied or see_other(f"{BASE}/signin")
    if form is None or not allowed(session, form.command):
        return refused(request, session, 404 if form is None else 403)
    return _form_page(request, session, form, case)


@router.post("/{case_id}/{name}")
async def submit(request: Request, case_id: UUID, name: str) -> Response:
    session, case, denied = open_case(request, case_id, name)
    posted = await request.form()
    form = FORMS.get(name)
    if denied or session is None or not csrf_ok(session, str(posted.get("csrf") or "")):
        return denied or see_other(f"{BASE}/signin")
    if form is None or not allowed(session, form.command):
        return refused(request, session, 404 if form is None else 403)
    key, shown, lang = str(posted.get("key") or ""), Values(posted), session.lang
    opened = int(str(posted.get("version") or case.version))
    fields = _form_fields(form, case)
    values, bad = parse_all(fields, posted)
    successor = values.get("successor_programme")
    if name == "transfer" and successor and not session.user.may_see(successor):
        bad["successor_programme"] = DomainError(
            "outside your programmes", field="successor_programme"
        )
    try:
        if bad:
            raise next(iter(bad.values()))
        result = form.call(
            runtime_of(request).app, meta_for(session, key, dict(posted)), case_id, values, opened
        )
    except ConcurrencyConflict:
        return _form_page(
            request,
            session,
            form,
            case,
            status=409,
            values=shown,
            key=key,
            changes=changes_since(request, case_id, opened),
        )
    except DomainError as error:
        errors, general = all_errors([error, *bad.values()], fields, lang)
        return _form_page(
            request,
            session,
            form,
            case,
            status=422,
            values=shown,
            key=key,
            version=opened,
            errors=errors,
            general=general,
        )
    target = result.aggregate_id if name != "transfer" else case_id
    replayed = "&r=1" if result.replayed else ""
    return see_other(
        f"{BASE}/cases/{target}?done={name}&v={result.version}{replayed}#v{result.version}"
    )
