"""Query parameters of the analytics and export endpoints, turned into the query layer's Filters.

The figures come already suppressed (k from settings) from projections.queries; the API adds
nothing to them and never reads DuckDB itself (docs/query-layer.md).
"""

from __future__ import annotations

import io
import math
from enum import Enum, StrEnum
from typing import Annotated, Any

import polars as pl
from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field

from projections.queries import QUERIES, AnalyticsReader, Filters, QueryResult, with_labels

Codes = Annotated[list[str], Query(max_length=20)]
QueryName = Enum("QueryName", {name: name for name in QUERIES}, type=str)  # type: ignore[misc]


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
    k: int = Field(description="the smallest cell shown")
    suppressed_cells: int
    notes: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]


async def get_reader(request: Request) -> AnalyticsReader:
    reader: AnalyticsReader = request.app.state.analytics
    return reader


async def filters(
    programmes: Codes = [],  # noqa: B006  (FastAPI reads list defaults per request)
    territories: Codes = [],  # noqa: B006
    age_bands: Codes = [],  # noqa: B006
    origin_regions: Codes = [],  # noqa: B006
    household_types: Codes = [],  # noqa: B006
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
        age_bands=tuple(age_bands),
        origin_regions=tuple(origin_regions),
        household_types=tuple(household_types),
        as_of_position=as_of_position,
    )


ReaderDep = Annotated[AnalyticsReader, Depends(get_reader)]
FiltersDep = Annotated[Filters, Depends(filters)]


def _cell(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def as_json(result: QueryResult, lang: Lang) -> AnalyticsOut:
    frame = with_labels(result.frame, lang.value)
    rows = [{k: _cell(v) for k, v in row.items()} for row in frame.iter_rows(named=True)]
    return AnalyticsOut(
        name=result.name,
        position=result.position,
        k=result.k,
        suppressed_cells=result.suppressed_cells,
        notes={k: _cell(v) if not isinstance(v, dict) else v for k, v in result.notes.items()},
        columns=frame.columns,
        rows=rows,
    )


def as_bytes(frame: pl.DataFrame, fmt: Format) -> bytes:
    if fmt is Format.CSV:
        return frame.write_csv().encode()
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()
