"""Corrections: pick the entry, change what was wrong or void it, say why; never an edit.

The corrected entry and its correction then stand side by side on the case page.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from domain.shared.errors import ConcurrencyConflict, DomainError
from projections.history import HistoryEntry

from . import corrections
from .case_access import allowed, changes_since, history, open_case, refused
from .i18n import word
from .people_forms import parse_all
from .render import BASE, Values, all_errors, page, see_other
from .session import csrf_ok
from .support import log_read, meta_for, new_key, runtime_of

router = APIRouter(prefix=f"{BASE}/cases", include_in_schema=False)


def _correctable(case: Any, entries: list[HistoryEntry]) -> list[HistoryEntry]:
    return [
        e
        for e in entries
        if e.kind in corrections.CONTROLS and not e.void and e.version in case.records
    ]


def correction_page(
    request: Request, case_id: UUID, *, status: int = 200, **context: Any
) -> Response:
    session, case, denied = open_case(request, case_id, "correct")
    if denied or session is None:
        return denied or see_other(f"{BASE}/signin")
    if not allowed(session, "correct_event"):
        return refused(request, session)
    log_read(request, session, case_id, "workspace correction page")
    entries = history(request, case_id)
    picked = context.pop("picked", None)
    if picked is None:
        raw = request.query_params.get("version", "")
        picked = int(raw) if raw.isdigit() and int(raw) in case.records else None
    record = case.records.get(picked) if picked else None
    fields = corrections.fields_for(record.kind) if record else ()
    values = context.pop("values", None) or Values(
        corrections.current_values(record) if record else {}
    )
    context.setdefault("errors", {})
    context.setdefault("general", [])
    return page(
        request,
        "correct.html",
        session,
        status=status,
        title=word("correction", session.lang),
        case=case,
        correctable=_correctable(case, entries),
        picked=picked,
        target=next((e for e in entries if e.version == picked), None),
        fields=fields,
        values=values,
        version=context.pop("version", case.version),
        key=context.pop("key", new_key()),
        **context,
    )


@router.get("/{case_id}/correct")
def open_correction(request: Request, case_id: UUID) -> Response:
    """The correction form (`?version=N` picks the entry)."""
    return correction_page(request, case_id)


@router.post("/{case_id}/correct")
async def submit_correction(request: Request, case_id: UUID) -> Response:
    session, case, denied = open_case(request, case_id, "correct")
    posted = await request.form()
    if denied or session is None or not csrf_ok(session, str(posted.get("csrf") or "")):
        return denied or see_other(f"{BASE}/signin")
    if not allowed(session, "correct_event"):
        return refused(request, session)
    raw = str(posted.get("corrects_version") or "")
    picked = int(raw) if raw.isdigit() and int(raw) in case.records else None
    if picked is None:
        return correction_page(request, case_id, status=422)
    record, key, shown = case.records[picked], str(posted.get("key") or ""), Values(posted)
    opened = int(str(posted.get("version") or case.version))
    fields = corrections.fields_for(record.kind)
    values, bad = parse_all(fields, posted)
    try:
        if bad:
            raise next(iter(bad.values()))
        void = bool(values.get("void"))
        result = runtime_of(request).app.correct_event(
            meta_for(session, key, dict(posted)),
            case_id,
            occurred_on=date.today(),
            corrects_version=picked,
            changes={} if void else corrections.changed(record, values),
            reason=values["reason_text"],
            void=void,
            expected_version=opened,
        )
    except ConcurrencyConflict:
        return correction_page(
            request,
            case_id,
            status=409,
            picked=picked,
            values=shown,
            key=key,
            changes=changes_since(request, case_id, opened),
        )
    except DomainError as error:
        errors, general = all_errors([error, *bad.values()], fields, session.lang)
        return correction_page(
            request,
            case_id,
            status=422,
            picked=picked,
            values=shown,
            key=key,
            version=opened,
            errors=errors,
            general=general,
        )
    replayed = "&r=1" if result.replayed else ""
    return see_other(f"{BASE}/cases/{case_id}?done=correct&v={result.version}{replayed}#v{picked}")
