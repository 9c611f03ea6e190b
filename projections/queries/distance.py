"""Distance travelled: baseline vs latest score per domain and cohort (scores 1–10)."""

from __future__ import annotations

import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .reader import AnalyticsReader
from .sql import counts
from .stats import t_intervals


@memoised
def distance_travelled(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    cohort_year, domain, n, baseline_mean, latest_mean, change_mean, ci_low, ci_high,
    suppressed (95% t interval of the mean change).
    """
    result = counts(
        "distance_travelled",
        reader,
        "case_scores",
        ["year", "domain"],
        {
            "n": "count(*)",
            "baseline_mean": "avg(baseline)",
            "latest_mean": "avg(latest)",
            "change_mean": "avg(latest - baseline)",
            "change_sd": "stddev_samp(latest - baseline)",
        },
        "n",
        filters,
        k,
        lines=["year"],
        rename={"year": "cohort_year"},
    )
    low, high = t_intervals(
        result.frame["change_mean"].to_list(),
        result.frame["change_sd"].to_list(),
        result.frame["n"].to_list(),
    )
    frame = result.frame.with_columns(
        pl.Series("ci_low", low, dtype=pl.Float64),
        pl.Series("ci_high", high, dtype=pl.Float64),
    ).select(
        "cohort_year",
        "domain",
        "n",
        "baseline_mean",
        "latest_mean",
        "change_mean",
        "ci_low",
        "ci_high",
        "suppressed",
    )
    return QueryResult(frame, result.position, k, result.name)
