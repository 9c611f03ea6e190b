"""Distance travelled: baseline vs latest score per domain and cohort (scores 1–10)."""

from __future__ import annotations

import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .reader import AnalyticsReader
from .sql import counts
from .stats import t_intervals
from .tabulate import Measure


@memoised
def distance_travelled(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    cohort_year, domain, n, baseline_mean, latest_mean, change_mean, ci_low, ci_high,
    suppressed (95% t interval of the mean change).
    """
    change = "(latest - baseline)"
    result = counts(
        "distance_travelled",
        reader,
        "case_scores",
        ["year", "domain"],
        [
            Measure("n"),
            Measure("baseline_sum", "sum", value="baseline", integer=False),
            Measure("latest_sum", "sum", value="latest", integer=False),
            Measure("change_sum", "sum", value=change, integer=False, nonneg=False),
            Measure("change_sq", "sum", value=f"{change} * {change}", integer=False),
        ],
        filters,
        k,
        rename={"year": "cohort_year"},
        contributor="case_key",
    )
    n = pl.col("n").cast(pl.Float64)
    frame = result.frame.with_columns(
        (pl.col("baseline_sum") / n).clip(1, 10).alias("baseline_mean"),
        (pl.col("latest_sum") / n).clip(1, 10).alias("latest_mean"),
        (pl.col("change_sum") / n).clip(-9, 9).alias("change_mean"),
    ).with_columns(
        (
            ((pl.col("change_sq") - n * pl.col("change_mean") ** 2) / (n - 1)).clip(0, None).sqrt()
        ).alias("change_sd")
    )
    result = QueryResult(frame, result.position, k, result.name)
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
