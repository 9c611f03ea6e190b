"""Downloads: suppressed aggregates (CSV/Parquet) and k-anonymous pseudonymised microdata."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from domain.shared.roles import ActorRole
from projections.queries import QUERIES, microdata_export, with_labels

from ..analytics_params import FiltersDep, Format, Lang, QueryName, ReaderDep, as_bytes
from ..deps import RuntimeDep, require_roles
from ..users import User
from .analytics import ANALYTICS_ROLES

router = APIRouter(prefix="/v1/exports", tags=["exports"])
Analyst = Annotated[User, Depends(require_roles(*ANALYTICS_ROLES))]
Evaluator = Annotated[User, Depends(require_roles(ActorRole.EVALUATOR))]
MEDIA = {Format.CSV: "text/csv; charset=utf-8", Format.PARQUET: "application/vnd.apache.parquet"}
FILE: dict[str, Any] = {"content": {MEDIA[Format.CSV]: {}, MEDIA[Format.PARQUET]: {}}}


def _download(data: bytes, name: str, fmt: Format, position: int) -> Response:
    return Response(
        data,
        media_type=MEDIA[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{name}.{fmt.value}"',
            "X-Log-Position": str(position),
        },
    )


@router.get("/aggregates/{name}", response_class=Response, responses={200: FILE})
def aggregate(
    name: QueryName,
    user: Analyst,
    runtime: RuntimeDep,
    reader: ReaderDep,
    filters: FiltersDep,
    format: Format = Format.CSV,
    lang: Lang = Lang.IT,
) -> Response:
    """A suppressed aggregate as CSV or Parquet (suppressed cells: empty measures, flagged)."""
    reader.check(filters.as_of_position)
    result = QUERIES[name.value](reader, filters, k=runtime.settings.suppression_k)
    frame = with_labels(result.frame, lang.value)
    return _download(as_bytes(frame, format), name.value, format, result.position)


@router.get("/microdata", response_class=Response, responses={200: FILE})
def microdata(
    user: Evaluator,
    runtime: RuntimeDep,
    reader: ReaderDep,
    filters: FiltersDep,
    format: Format = Format.CSV,
) -> Response:
    """One row per case, no identifier, random order: the snapshot's k-anonymous, l-diverse
    release (ADR 0011). A filter that would cut a released group is refused (422)."""
    reader.check(filters.as_of_position)
    result = microdata_export(reader, filters, k=runtime.settings.suppression_k)
    return _download(as_bytes(result.frame, format), "microdata", format, result.position)
