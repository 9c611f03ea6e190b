"""Building the WHERE clause from Filters, and the common shape of a people-counting query."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from .base import Filters, InvalidFilter, QueryResult
from .disclosure import check_k, suppress
from .reader import AnalyticsReader
from .tabulate import Measure, tabulate

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


def counts(
    name: str,
    reader: AnalyticsReader,
    table: str,
    dims: Sequence[str],
    measures: Sequence[Measure],
    filters: Filters,
    k: int,
    *,
    extra: str = "",
    unsafe: pl.Expr | None = None,
    columns: Sequence[str] = CASE_FILTERS,
    rename: dict[str, str] | None = None,
    contributor: str = "person_key",
) -> QueryResult:
    """The usual people-counting query: tabulate with protection, then suppress."""
    check_k(k)
    position = validate(reader, filters)
    frame = protected(
        reader,
        table,
        dims,
        measures,
        filters,
        extra=extra,
        columns=columns,
        contributor=contributor,
    )
    frame = suppress(frame, dims=dims, measures=measures, k=k, unsafe=unsafe)
    if rename:
        frame = frame.rename(rename)
    return QueryResult(frame, position, k, name)


def protected(
    reader: AnalyticsReader,
    table: str,
    dims: Sequence[str],
    measures: Sequence[Measure],
    filters: Filters,
    *,
    extra: str = "",
    columns: Sequence[str] = CASE_FILTERS,
    contributor: str = "person_key",
) -> pl.DataFrame:
    """Protected measures per output cell (tabulate.py), with the filters applied."""
    clause, params = where(filters, columns=columns, extra=extra)
    return tabulate(
        reader,
        table,
        dims,
        measures,
        filters,
        where_sql=clause,
        params=params,
        columns=columns,
        contributor=contributor,
    )
