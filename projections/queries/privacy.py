"""Data & privacy page: projection status and lag, completeness, what was suppressed."""

from __future__ import annotations

import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .disclosure import check_k, suppress
from .reader import AnalyticsReader
from .sql import protected, validate
from .tabulate import Measure

FIELDS = (
    "intake_month",
    "employment_intake",
    "closure_reason",
    "employment_exit",
    "employment_6",
    "employment_12",
    "employment_24",
    "arrival_band",
    "italian_level",
)


def projection_status(reader: AnalyticsReader) -> QueryResult:
    """Columns: position, head, lag, last_run, schema_version, published_at (one row)."""
    frame, position = reader.frame(
        "SELECT position, head, lag, last_run, schema_version, published_at, business_date "
        "FROM projection_status"
    )
    return QueryResult(frame, position, 0, "projection_status")


@memoised
def completeness(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: field, filled, total, share, suppressed (over the filtered cases).

    A data-quality figure: the missing part (total − filled) is not guarded as a small group,
    both counts being protected values on their own (ADR 0012).
    """
    check_k(k)
    position = validate(reader, filters)
    measures = [Measure("total"), *(Measure(f, cond=f"{f} IS NOT NULL") for f in FIELDS)]
    wide = protected(reader, "case_facts", [], measures, filters)
    total = max(int(wide["total"][0] or 0), 0)
    frame = pl.DataFrame(
        {
            "field": list(FIELDS),
            "filled": [min(max(int(wide[f][0] or 0), 0), total) for f in FIELDS],
            "total": [total] * len(FIELDS),
        }
    )
    frame = suppress(
        frame,
        dims=["field"],
        measures=[Measure("filled"), Measure("total")],
        k=k,
    )
    frame = frame.with_columns((pl.col("filled") / pl.col("total")).alias("share")).select(
        "field", "filled", "total", "share", "suppressed"
    )
    return QueryResult(frame, position, k, "completeness")


@memoised
def suppression_report(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: query, cells, suppressed_cells, share (every people-counting query)."""
    from . import QUERIES

    rows = []
    position = validate(reader, filters)
    for name, query in QUERIES.items():
        result = query(reader, filters, k)
        cells = result.frame.height
        rows.append(
            (
                name,
                cells,
                result.suppressed_cells,
                result.suppressed_cells / cells if cells else 0.0,
            )
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "query": pl.String,
            "cells": pl.Int64,
            "suppressed_cells": pl.Int64,
            "share": pl.Float64,
        },
        orient="row",
    )
    return QueryResult(frame, position, k, "suppression_report")
