"""Outcomes page: employment at exit and at follow-ups, time to first job, flows, closures."""

from __future__ import annotations

import polars as pl

from .base import DEFAULT_K, FOLLOW_UP_CHECKPOINTS, Filters, QueryResult
from .cache import memoised
from .disclosure import check_k, protect, small
from .reader import AnalyticsReader
from .sql import counts, differencing_cells, validate, where
from .stats import wilson
from .survival import km_curves

EMPLOYED = "('employed', 'self_employed')"
CLOSED = "(SELECT * FROM case_facts WHERE status = 'closed') AS closed_cases"


def _checkpoint_sql(months: str) -> str:
    if months == "exit":
        return (
            f"SELECT year, 'exit' AS checkpoint, count(*) AS due, count(*) AS reached, "
            f"count(*) FILTER (WHERE employment_exit IN {EMPLOYED}) AS employed "
            "FROM closed_cases GROUP BY year"
        )
    col = f"employment_{months}"
    due = (
        f"closed_month + INTERVAL {months} MONTH <= (SELECT max(business_date) "
        f"FROM projection_status) OR {col} IS NOT NULL"
    )
    return (
        f"SELECT year, '{months}' AS checkpoint, count(*) FILTER (WHERE {due}) AS due, "
        f"count(*) FILTER (WHERE {col} IS NOT NULL AND {col} <> 'lost') AS reached, "
        f"count(*) FILTER (WHERE {col} IN {EMPLOYED}) AS employed "
        "FROM closed_cases GROUP BY year"
    )


@memoised
def employment_follow_up(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    cohort_year, checkpoint (exit|6|12|24), due, reached, lost_to_follow_up, employed, rate,
    ci_low, ci_high, suppressed. due = closed cases whose checkpoint has come; rate = employed
    among those reached, with a Wilson 95% interval.
    """
    check_k(k)
    position = validate(reader, filters)
    clause, params = where(filters, extra="status = 'closed'")
    union = " UNION ALL ".join(_checkpoint_sql(c) for c in FOLLOW_UP_CHECKPOINTS)
    frame, _ = reader.frame(
        f"WITH closed_cases AS (SELECT * FROM case_facts{clause}) "
        f"SELECT year AS cohort_year, checkpoint, due, reached, due - reached AS "
        f"lost_to_follow_up, employed FROM ({union}) ORDER BY cohort_year, "
        "list_position(['exit', '6', '12', '24'], checkpoint)",
        params,
    )
    risky = differencing_cells(reader, CLOSED, ["year"], "count(*)", filters, k)
    if risky.height:
        risky = risky.rename({"year": "cohort_year"}).join(
            pl.DataFrame({"checkpoint": list(FOLLOW_UP_CHECKPOINTS)}), how="cross"
        )
    frame = protect(
        frame,
        dims=["cohort_year", "checkpoint"],
        count="due",
        k=k,
        unsafe=small("reached", k)
        | small("employed", k)
        | small("lost_to_follow_up", k)
        | small(pl.col("reached") - pl.col("employed"), k),
        lines=["cohort_year"],
        unsafe_cells=risky if risky.height else None,
    )
    frame = frame.with_columns(wilson("employed", "reached")).select(
        "cohort_year",
        "checkpoint",
        "due",
        "reached",
        "lost_to_follow_up",
        "employed",
        "rate",
        "ci_low",
        "ci_high",
        "suppressed",
    )
    return QueryResult(frame, position, k, "employment_follow_up")


@memoised
def time_to_first_job(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    generation, timeline_days, survival, ci_low, ci_high, at_risk, observed, censored, n,
    suppressed. Kaplan–Meier by lifelines on a 30-day grid from intake to the first job,
    censored at closure or at the data's last date; the curve stops (rows suppressed) where
    fewer than k women remain at risk.
    """
    check_k(k)
    position = validate(reader, filters)
    clause, params = where(filters, extra="intake_month IS NOT NULL")
    frame, _ = reader.frame(
        "SELECT generation, days_to_first_job IS NOT NULL AS observed, "
        "greatest(coalesce(days_to_first_job, duration_days, date_diff('day', intake_month, "
        "(SELECT max(business_date) FROM projection_status))), 0) AS duration "
        f"FROM case_facts{clause}",
        params,
    )
    risky = differencing_cells(
        reader,
        "case_facts",
        ["generation"],
        "count(*)",
        filters,
        k,
        extra="intake_month IS NOT NULL",
    )
    hidden = set(risky["generation"].to_list()) if risky.height else set()
    return QueryResult(km_curves(frame, "generation", k, hidden), position, k, "time_to_first_job")


@memoised
def entry_exit_flows(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: entry, exit (employment at intake and at closure), n, suppressed."""
    return counts(
        "entry_exit_flows",
        reader,
        "case_facts",
        ["employment_intake", "employment_exit"],
        {"n": "count(*)"},
        "n",
        filters,
        k,
        extra="status = 'closed' AND employment_intake IS NOT NULL",
        rename={"employment_intake": "entry", "employment_exit": "exit"},
    )


@memoised
def closure_reasons(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: programme, reason, n, suppressed (carry-overs appear as `transferred`)."""
    return counts(
        "closure_reasons",
        reader,
        "case_facts",
        ["programme", "closure_reason"],
        {"n": "count(*)"},
        "n",
        filters,
        k,
        extra="closure_reason IS NOT NULL",
        rename={"closure_reason": "reason"},
    )
