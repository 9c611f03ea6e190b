"""Building the WHERE clause from Filters, and the filter differencing check in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from .base import Filters, InvalidFilter, QueryResult
from .reader import AnalyticsReader

CASE_FILTERS = ("programme", "territory", "year", "age_band", "origin_region", "household_type")


def where(
    filters: Filters,
    *,
    skip: str | None = None,
    columns: Sequence[str] = CASE_FILTERS,
    extra: str = "",
) -> tuple[str, list[Any]]:
    parts, params = ([extra] if extra else []), []
    for column, values in filters.restricted().items():
        if column == skip or column not in columns:
            continue
        if column == "year":
            parts.append("year BETWEEN ? AND ?")
            params += [values[0], values[-1]]
        else:
            parts.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += list(values)
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


def validate(reader: AnalyticsReader, filters: Filters) -> int:
    """Check programme and territory codes against the catalogue; return the position."""
    position = reader.check(filters.as_of_position)
    if filters.programmes or filters.territories:
        known, _ = reader.frame("SELECT code, territory FROM programmes")
        for name, column, values in (
            ("programmes", "code", filters.programmes),
            ("territories", "territory", filters.territories),
        ):
            allowed = set(known[column].to_list())
            bad = [v for v in values if v not in allowed]
            if bad:
                raise InvalidFilter(
                    f"unknown {name[:-1]} {bad[0]!r}; allowed: {', '.join(sorted(allowed))}",
                    field=name,
                )
    return position


def differencing_cells(
    reader: AnalyticsReader,
    table: str,
    dims: Sequence[str],
    count_sql: str,
    filters: Filters,
    k: int,
    *,
    extra: str = "",
    columns: Sequence[str] = CASE_FILTERS,
) -> pl.DataFrame:
    """Output cells for which some category of a restricted filter counts 1..k-1 people.

    Such a cell is hidden, so two answers that differ in that filter never differ by a small
    group (a differencing attack recovers nothing smaller than k).
    """
    found = []
    for column in filters.restricted():
        if column in dims or column not in columns:
            continue
        clause, params = where(filters, skip=column, columns=columns, extra=extra)
        keys = ", ".join([*dims, column])
        head = ", ".join(dims) if dims else "1 AS _all"
        frame, _ = reader.frame(
            f"SELECT {head} FROM (SELECT {keys}, {count_sql} AS n FROM {table}{clause} "
            f"GROUP BY {keys}) WHERE n > 0 AND n < ?",
            [*params, k],
        )
        if frame.height:
            found.append(frame)
    if not found:
        return pl.DataFrame()
    return pl.concat(found, how="vertical_relaxed").unique()


def grouped(
    reader: AnalyticsReader,
    table: str,
    dims: Sequence[str],
    measures: dict[str, str],
    filters: Filters,
    *,
    extra: str = "",
    columns: Sequence[str] = CASE_FILTERS,
) -> pl.DataFrame:
    clause, params = where(filters, columns=columns, extra=extra)
    select = ", ".join([*dims, *(f"{sql} AS {name}" for name, sql in measures.items())])
    group = f" GROUP BY {', '.join(dims)} ORDER BY {', '.join(dims)}" if dims else ""
    frame, _ = reader.frame(f"SELECT {select} FROM {table}{clause}{group}", params)
    return frame


def counts(
    name: str,
    reader: AnalyticsReader,
    table: str,
    dims: Sequence[str],
    measures: dict[str, str],
    count: str,
    filters: Filters,
    k: int,
    *,
    extra: str = "",
    unsafe: pl.Expr | None = None,
    lines: Sequence[str] | None = None,
    keep: Sequence[str] = (),
    columns: Sequence[str] = CASE_FILTERS,
    rename: dict[str, str] | None = None,
) -> QueryResult:
    """The usual people-counting query: group, check differencing, suppress, wrap."""
    from .disclosure import check_k, protect

    check_k(k)
    position = validate(reader, filters)
    frame = grouped(reader, table, dims, measures, filters, extra=extra, columns=columns)
    risky = differencing_cells(
        reader, table, dims, measures[count], filters, k, extra=extra, columns=columns
    )
    frame = protect(
        frame,
        dims=dims,
        count=count,
        k=k,
        unsafe=unsafe,
        lines=lines,
        unsafe_cells=risky if risky.height else None,
        keep=keep,
    )
    if rename:
        frame = frame.rename(rename)
    return QueryResult(frame, position, k, name)
