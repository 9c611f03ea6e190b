"""Anonymised analytics from the query layer: already suppressed, already pseudonymised."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from domain.shared.roles import ActorRole
from projections.queries import QUERIES, projection_status

from ..analytics_params import (
    AnalyticsOut,
    AsOfDayDep,
    FiltersDep,
    Lang,
    LiveReaderDep,
    QueryName,
    ReaderDep,
    as_json,
)
from ..deps import RuntimeDep, require_roles
from ..users import User

router = APIRouter(prefix="/v1/analytics", tags=["analytics"])
ANALYTICS_ROLES = (ActorRole.EVALUATOR, ActorRole.MANAGER, ActorRole.COORDINATOR)
Analyst = Annotated[User, Depends(require_roles(*ANALYTICS_ROLES))]


@router.get("/status")
def status(user: Analyst, runtime: RuntimeDep, reader: LiveReaderDep) -> AnalyticsOut:
    """Projection status: log position of the figures, lag behind the log, last run; `k` is
    the smallest cell every published figure shows (the installation's setting)."""
    found = as_json(projection_status(reader), Lang.IT)
    return found.model_copy(update={"k": runtime.settings.suppression_k})


@router.get("/{name}")
def run_query(
    name: QueryName,
    user: Analyst,
    runtime: RuntimeDep,
    reader: ReaderDep,
    filters: FiltersDep,
    as_of_date: AsOfDayDep,
    lang: Lang = Lang.IT,
) -> AnalyticsOut:
    """One of the suppressed analytic queries, live or as of a log position / business date."""
    reader.check(filters.as_of_position)
    query = QUERIES[name.value]
    return as_json(query(reader, filters, k=runtime.settings.suppression_k), lang, as_of_date)
