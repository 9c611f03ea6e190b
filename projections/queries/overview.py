"""Overview page: women supported, cases, active cases, referrals per year by programme."""

from __future__ import annotations

import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .disclosure import check_k
from .reader import AnalyticsReader
from .sql import counts, differencing_cells, grouped, validate

_METRICS = {
    "women_supported": "count(DISTINCT person_key)",
    "cases": "count(*)",
    "active_cases": "count(*) FILTER (WHERE status IN ('active', 'suspended'))",
    "closed_cases": "count(*) FILTER (WHERE status IN ('closed', 'transferred'))",
}


@memoised
def overview_totals(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: metric (women_supported | cases | active_cases | closed_cases), n, suppressed."""
    check_k(k)
    position = validate(reader, filters)
    wide = grouped(reader, "case_facts", [], _METRICS, filters)
    rows = []
    for metric, sql in _METRICS.items():
        n = int(wide[metric][0] or 0)
        risky = differencing_cells(reader, "case_facts", [], sql, filters, k).height > 0
        hidden = (0 < n < k) or risky
        rows.append((metric, None if hidden else n, hidden))
    frame = pl.DataFrame(
        rows, schema={"metric": pl.String, "n": pl.Int64, "suppressed": pl.Boolean}, orient="row"
    )
    return QueryResult(frame, position, k, "overview_totals")


@memoised
def referrals_by_year(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: year, programme, n, suppressed (cases referred, by referral year)."""
    return counts(
        "referrals_by_year",
        reader,
        "case_facts",
        ["year", "programme"],
        {"n": "count(*)"},
        "n",
        filters,
        k,
    )
