"""Case queries: lists within one's programmes, state (now, at a version, as of a date), history."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from domain.case.values import CaseStatus

from ...bootstrap import Runtime
from .. import views
from ..commands import READ_ETAG, CaseIndexDep, scoped_case
from ..deps import (
    CASE_READERS,
    CASEWORK,
    Justification,
    Limit,
    Offset,
    RuntimeDep,
    log_personal_read,
    require_roles,
)
from ..schemas import CaseHistoryItem, CaseHistoryOut, CaseList, CaseOut, CaseSummary
from ..types import IsoDate
from ..users import User

router = APIRouter(prefix="/v1/cases", tags=["cases"])
Readers = Annotated[User, Depends(require_roles(*CASE_READERS))]


def reveal_for(
    runtime: Runtime, user: User, person_id: UUID, what: str, justification: str | None
) -> bool:
    """Caseworkers see their women's data; auditors only with a justification. Both are logged."""
    if user.role in CASEWORK or justification:
        log_personal_read(runtime, user, person_id, what, justification)
        return True
    return False


@router.get("")
def list_cases(
    user: Readers,
    index: CaseIndexDep,
    programme: Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z0-9_]+$")] = None,
    status: CaseStatus | None = None,
    person_id: UUID | None = None,
    referred_from: IsoDate | None = None,
    referred_to: IsoDate | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CaseList:
    """Cases in the caller's programmes, filtered; ordered by referral date."""
    visible = None if user.all_programmes else user.programmes
    found = index.search(
        visible=visible,
        programme=programme.upper() if programme else None,
        status=status,
        person_id=person_id,
        referred_from=referred_from,
        referred_to=referred_to,
    )
    items = [
        CaseSummary(
            id=e.case_id,
            person_id=e.person_id,
            programme=e.programme,
            status=e.status.value,
            referred_on=e.referred_on,
        )
        for e in found[offset : offset + limit]
    ]
    return CaseList(total=len(found), limit=limit, offset=offset, items=items)


@router.get("/{case_id}", responses=READ_ETAG)
def case_state(
    case_id: UUID,
    user: Readers,
    runtime: RuntimeDep,
    index: CaseIndexDep,
    response: Response,
    justification: Justification = None,
    version: Annotated[int | None, Query(ge=1, le=10_000_000)] = None,
    as_of: Annotated[
        IsoDate | None, Query(description="business date: the case as it stood")
    ] = None,
) -> CaseOut:
    """The case's state now, at a version, or as of a business date (ETag = version, on the
    state now). A version the case never reached is 404."""
    entry = scoped_case(index, user, case_id)
    case = runtime.app.case_at(case_id, version=version, as_of=as_of)
    if version is None and as_of is None:
        response.headers["ETag"] = f'"{case.version}"'
    reveal = reveal_for(runtime, user, entry.person_id, "case state", justification)
    return CaseOut.model_validate(views.case_state(case, reveal))


@router.get("/{case_id}/history")
def case_history(
    case_id: UUID,
    user: Readers,
    runtime: RuntimeDep,
    index: CaseIndexDep,
    justification: Justification = None,
    limit: Limit = 500,
    offset: Offset = 0,
) -> CaseHistoryOut:
    """Every event of the case as recorded: business date, recorded time, actor, role, source
    (the same item fields as the auditors' history), a page at a time in version order."""
    entry = scoped_case(index, user, case_id)
    case = runtime.app.case(case_id)
    events = list(runtime.app.events.get(case_id))
    reveal = reveal_for(runtime, user, entry.person_id, "case history", justification)
    items = views.history(events, case, reveal)
    return CaseHistoryOut(
        case_id=case_id,
        version=case.version,
        total=len(items),
        limit=limit,
        offset=offset,
        items=[CaseHistoryItem.model_validate(e) for e in items[offset : offset + limit]],
    )
