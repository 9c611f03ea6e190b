"""Query parameters of the analytics and export endpoints, turned into the query layer's Filters.

The figures come already suppressed (k from settings) from projections.queries; the API adds
nothing to them and never reads DuckDB itself (docs/query-layer.md). `as_of_position` and
`as_of_date` (a business date) pick the snapshot: exactly that position, never a later one
(ADR 0010).
"""

from __future__ import annotations

import io
import math
from datetime import date
from enum import Enum, StrEnum
from typing import Annotated, Any

import polars as pl
from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field

from domain.shared.geography import WorldRegion
from domain.shared.profile_vocabulary import HouseholdType
from projections.queries import (
    AGE_BANDS,
    QUERIES,
    AnalyticsReader,
    Filters,
    ProjectionBehind,
    QueryResult,
    with_labels,
)
from projections.spreadsheet_safety import safe_csv

from ..dashboard_asof import AsOfSnapshots
from .errors import ApiError

QueryName = Enum("QueryName", {name: name for name in QUERIES}, type=str)  # type: ignore[misc]
AgeBand = Enum("AgeBand", {band: band for band in AGE_BANDS}, type=str)  # type: ignore[misc]
"""The vocabularies of the filters, named in OpenAPI (programmes and territories are the
catalogue's codes, which an organisation may change, so they stay patterned text)."""
ProgrammeCodes = Annotated[
    list[Annotated[str, Query(pattern=r"^[A-Za-z0-9_]{1,32}$")]],
    Query(max_length=20, description="programme codes, as in /v1/programmes"),
]
Territories = Annotated[
    list[Annotated[str, Query(min_length=1, max_length=100)]],
    Query(max_length=20, description="territories, as in the programmes' `territory`"),
]


class Lang(StrEnum):
    IT = "it"
    EN = "en"


class Format(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"


class AnalyticsOut(BaseModel):
    """A suppressed result: suppressed rows keep their dimensions, their measures are null."""

    name: str
    position: int = Field(description="the event-log position the figures reflect")
    as_of_date: date | None = Field(
        None, description="the business date the figures are as of, when one was asked"
    )
    k: int = Field(description="the smallest cell shown")
    suppressed_cells: int
    notes: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]


async def get_live_reader(request: Request) -> AnalyticsReader:
    reader: AnalyticsReader = request.app.state.analytics
    return reader


async def filters(
    programmes: ProgrammeCodes = [],  # noqa: B006  (FastAPI reads list defaults per request)
    territories: Territories = [],  # noqa: B006
    age_bands: Annotated[list[AgeBand], Query(max_length=20)] = [],  # noqa: B006
    origin_regions: Annotated[list[WorldRegion], Query(max_length=20)] = [],  # noqa: B006
    household_types: Annotated[list[HouseholdType], Query(max_length=20)] = [],  # noqa: B006
    year_from: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    as_of_position: Annotated[int | None, Query(ge=0, le=10**15)] = None,
) -> Filters:
    years = None
    if year_from is not None or year_to is not None:
        years = (year_from or 1900, year_to or 2200)
    return Filters(
        programmes=tuple(c.upper() for c in programmes),
        territories=tuple(territories),
        years=years,
        age_bands=tuple(band.value for band in age_bands),
        origin_regions=tuple(region.value for region in origin_regions),
        household_types=tuple(kind.value for kind in household_types),
        as_of_position=as_of_position,
    )


FiltersDep = Annotated[Filters, Depends(filters)]
AsOfDate = Annotated[
    str | None,
    Query(
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        json_schema_extra={"format": "date"},
        description="business date YYYY-MM-DD: figures from what had happened by the end of "
        "that day (with as_of_position: among the events up to that position)",
    ),
]


async def as_of_day(as_of_date: AsOfDate = None) -> date | None:
    """Strictly an ISO calendar date (pydantic alone would also take `0` as 1970-01-01)."""
    if as_of_date is None:
        return None
    try:
        return date.fromisoformat(as_of_date)
    except ValueError:
        raise ApiError(
            422, "invalid_input", "as_of_date: not a calendar date", field="as_of_date"
        ) from None


AsOfDayDep = Annotated[date | None, Depends(as_of_day)]


def get_reader(request: Request, filters: FiltersDep, as_of_date: AsOfDayDep) -> AnalyticsReader:
    """The live snapshot, or one built at exactly `as_of_position` and/or `as_of_date`.

    A position after the live snapshot is refused (409 projection_behind, retry shortly):
    answering it with a later position would not be the figures that were asked for.
    A plain function, so FastAPI runs a first build in its thread pool, not the event loop.
    """
    live: AnalyticsReader = request.app.state.analytics
    position = filters.as_of_position
    if position is None and as_of_date is None:
        return live
    current = live.position
    if position is not None and position > current:
        raise ProjectionBehind(current, position)
    history: AsOfSnapshots = request.app.state.asof
    if as_of_date is not None:
        if position is None:
            return history.on_day(as_of_date, current)
        return history.reader(position, as_of_date)
    if position is None or position == current:
        return live
    return history.reader(position)


LiveReaderDep = Annotated[AnalyticsReader, Depends(get_live_reader)]
ReaderDep = Annotated[AnalyticsReader, Depends(get_reader)]


def _cell(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def as_json(result: QueryResult, lang: Lang, as_of_date: date | None = None) -> AnalyticsOut:
    frame = with_labels(result.frame, lang.value)
    rows = [{k: _cell(v) for k, v in row.items()} for row in frame.iter_rows(named=True)]
    return AnalyticsOut(
        name=result.name,
        position=result.position,
        as_of_date=as_of_date,
        k=result.k,
        suppressed_cells=result.suppressed_cells,
        notes={k: _cell(v) if not isinstance(v, dict) else v for k, v in result.notes.items()},
        columns=frame.columns,
        rows=rows,
    )


def as_bytes(frame: pl.DataFrame, fmt: Format) -> bytes:
    if fmt is Format.CSV:
        return safe_csv(frame).encode()  # formulas made inert for spreadsheets
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()
