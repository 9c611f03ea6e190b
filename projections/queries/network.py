"""Network page: EMP's stakeholder network by year (organisations, not people: no suppression)."""

from __future__ import annotations

import polars as pl

from .base import Filters, QueryResult
from .cache import memoised
from .reader import AnalyticsReader
from .sql import validate

_SCOPE = (
    "SELECT s.* FROM stakeholders s JOIN programmes p ON p.code = s.programme "
    "WHERE (? OR s.programme IN ?) AND (? OR p.territory IN ?)"
)


def _scope(filters: Filters) -> list[object]:
    return [
        not filters.programmes,
        list(filters.programmes) or [""],
        not filters.territories,
        list(filters.territories) or [""],
    ]


def _latest_year(reader: AnalyticsReader) -> int:
    frame, _ = reader.frame(
        "SELECT coalesce(year(max(business_date)), 2021) AS y FROM projection_status"
    )
    return int(frame["y"][0])


@memoised
def network_growth(reader: AnalyticsReader, filters: Filters = Filters()) -> QueryResult:
    """Columns: year, nodes, edges, new_nodes, new_edges (active at the end of each year)."""
    position = validate(reader, filters)
    first, last = filters.years or (2006, _latest_year(reader))
    nodes, _ = reader.frame(f"SELECT first_year FROM ({_SCOPE})", _scope(filters))
    edges, _ = reader.frame(
        f"WITH s AS ({_SCOPE}) SELECT c.since_year, c.until_year FROM collaborations c "
        "JOIN s USING (node_id)",
        _scope(filters),
    )
    mapped = nodes["first_year"].to_list()
    spans = list(zip(edges["since_year"].to_list(), edges["until_year"].to_list(), strict=True))
    rows = []
    for year in range(first, last + 1):
        rows.append(
            (
                year,
                sum(1 for y in mapped if y <= year),
                sum(1 for a, b in spans if a <= year and (b is None or b > year)),
                sum(1 for y in mapped if y == year),
                sum(1 for a, _ in spans if a == year),
            )
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "year": pl.Int32,
            "nodes": pl.Int64,
            "edges": pl.Int64,
            "new_nodes": pl.Int64,
            "new_edges": pl.Int64,
        },
        orient="row",
    )
    frame = frame.filter((pl.col("nodes") > 0) | (pl.col("edges") > 0))
    return QueryResult(frame, position, 0, "network_growth")


@memoised
def network_nodes(
    reader: AnalyticsReader, filters: Filters = Filters(), year: int | None = None
) -> QueryResult:
    """Columns: node_id, label, kind, territory, programme, first_year (active in `year`).

    The programmes that organisations collaborate with appear as `programme:<CODE>` nodes.
    """
    position = validate(reader, filters)
    at = year or _latest_year(reader)
    frame, _ = reader.frame(
        f"WITH s AS ({_SCOPE}) SELECT node_id, label, kind, territory, programme, first_year "
        "FROM s WHERE first_year <= ? UNION ALL "
        "SELECT DISTINCT 'programme:' || p.code, p.name, 'programme', p.territory, p.code, "
        "year(p.start)::INTEGER FROM programmes p JOIN s ON s.programme = p.code "
        "WHERE s.first_year <= ? ORDER BY node_id",
        [*_scope(filters), at, at],
    )
    return QueryResult(frame, position, 0, "network_nodes")


@memoised
def network_edges(
    reader: AnalyticsReader, filters: Filters = Filters(), year: int | None = None
) -> QueryResult:
    """Columns: source, target, kind, since_year (active in `year`; None = latest year)."""
    position = validate(reader, filters)
    at = year or _latest_year(reader)
    frame, _ = reader.frame(
        f"WITH s AS ({_SCOPE}) SELECT c.node_id AS source, c.partner AS target, c.kind, "
        "c.since_year FROM collaborations c JOIN s USING (node_id) WHERE c.since_year <= ? "
        "AND (c.until_year IS NULL OR c.until_year > ?) ORDER BY source, target, c.kind",
        [*_scope(filters), at, at],
    )
    return QueryResult(frame, position, 0, "network_edges")
