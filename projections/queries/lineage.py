"""Lineage page: the programme genealogy, carry-over between generations, results per generation."""

from __future__ import annotations

import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .disclosure import small
from .reader import AnalyticsReader
from .sql import counts, validate, where
from .stats import wilson
from .tabulate import Measure

EMPLOYED = "('employed', 'self_employed')"
CLOSED = "status = 'closed'"


@memoised
def programmes(reader: AnalyticsReader, filters: Filters = Filters()) -> QueryResult:
    """Columns: code, name, territory, start, end, predecessor, model, generation."""
    position = validate(reader, filters)
    clause, params = where(
        filters.__class__(programmes=filters.programmes, territories=filters.territories),
        columns=("programme", "territory"),
    )
    clause = clause.replace("programme IN", "code IN")
    frame, _ = reader.frame(
        'SELECT code, name, territory, start, "end", predecessor, model, generation '
        f"FROM programmes{clause} ORDER BY start, code",
        params,
    )
    return QueryResult(frame, position, 0, "programmes")


@memoised
def carry_over(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: from_programme, to_programme, n, suppressed (filters apply to the successor)."""
    return counts(
        "carry_over",
        reader,
        "case_facts",
        ["carried_from", "programme"],
        [Measure("n")],
        filters,
        k,
        extra="carried_from IS NOT NULL",
        rename={"carried_from": "from_programme", "programme": "to_programme"},
    )


@memoised
def generation_results(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    programme, generation, cases, closed, employed_at_exit, employment_rate, ci_low, ci_high,
    suppressed. The rate is employed at exit over closed cases (carry-overs excluded).
    """
    result = counts(
        "generation_results",
        reader,
        "case_facts",
        ["programme", "generation"],
        [
            Measure("cases"),
            Measure("closed", cond=CLOSED),
            Measure("employed_at_exit", cond=f"{CLOSED} AND employment_exit IN {EMPLOYED}"),
        ],
        filters,
        k,
        unsafe=small(pl.col("closed") - pl.col("employed_at_exit"), k),
    )
    frame = result.frame.with_columns(
        pl.min_horizontal("employed_at_exit", "closed").alias("employed_at_exit")
    )
    frame = frame.with_columns(wilson("employed_at_exit", "closed", "employment_")).select(
        "programme",
        "generation",
        "cases",
        "closed",
        "employed_at_exit",
        "employment_rate",
        "ci_low",
        "ci_high",
        "suppressed",
    )
    return QueryResult(frame, result.position, k, result.name)
