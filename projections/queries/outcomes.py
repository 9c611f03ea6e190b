"""Outcomes page: employment at exit and at follow-ups, time to first job, flows, closures."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from .base import DEFAULT_K, FOLLOW_UP_CHECKPOINTS, Filters, QueryResult
from .cache import memoised
from .disclosure import check_k, small, suppress
from .reader import AnalyticsReader
from .sql import counts, protected, validate
from .stats import wilson
from .survival import GRID_DAYS, km_curves
from .tabulate import Measure

EMPLOYED = "('employed', 'self_employed')"
CLOSED = "status = 'closed'"
"""Written once so every query counting closed cases names the same measure (same noise)."""


def _checkpoint_measures(months: str) -> list[Measure]:
    """due, reached, employed at one checkpoint, as measures over closed cases."""
    if months == "exit":
        return [
            Measure("due", cond=CLOSED),
            Measure("reached", cond=CLOSED),
            Measure("employed", cond=f"{CLOSED} AND employment_exit IN {EMPLOYED}"),
        ]
    col = f"employment_{months}"
    # due_<m>: the checkpoint (closure date + m months) is on or before the data's last
    # business date, or the follow-up was recorded anyway (projections/schema.py).
    due = f"due_{months}"
    return [
        Measure("due", cond=f"{CLOSED} AND {due}"),
        Measure("reached", cond=f"{CLOSED} AND {col} IS NOT NULL AND {col} <> 'lost'"),
        Measure("employed", cond=f"{CLOSED} AND {col} IN {EMPLOYED}"),
    ]


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
    # One scan for the four checkpoints: a measure's noise depends on its signature (what it
    # counts, over whom), never on the other measures of the query, so the figures are those
    # of one query per checkpoint.
    measures = [
        replace(m, name=f"{m.name}@{checkpoint}")
        for checkpoint in FOLLOW_UP_CHECKPOINTS
        for m in _checkpoint_measures(checkpoint)
    ]
    wide = protected(reader, "case_facts", ["year"], measures, filters)
    parts = []
    for checkpoint in FOLLOW_UP_CHECKPOINTS:
        names = ("due", "reached", "employed")
        cells = (
            wide.select("year", *(pl.col(f"{n}@{checkpoint}").alias(n) for n in names))
            .with_columns(
                pl.lit(checkpoint).alias("checkpoint"),
                pl.min_horizontal("reached", "due").alias("reached"),
            )
            .with_columns(pl.min_horizontal("employed", "reached").alias("employed"))
        )
        parts.append(cells)
    frame = pl.concat(parts, how="vertical_relaxed").rename({"year": "cohort_year"})
    frame = frame.with_columns((pl.col("due") - pl.col("reached")).alias("lost_to_follow_up"))
    frame = suppress(
        frame,
        dims=["cohort_year", "checkpoint"],
        measures=[Measure(m) for m in ("due", "reached", "lost_to_follow_up", "employed")],
        k=k,
        unsafe=small(pl.col("reached") - pl.col("employed"), k),  # a small "not employed"
    )
    frame = (
        frame.with_columns(wilson("employed", "reached"))
        .with_columns(
            pl.col("checkpoint")
            .replace_strict({c: i for i, c in enumerate(FOLLOW_UP_CHECKPOINTS)})
            .alias("_order")
        )
        .sort("cohort_year", "_order")
        .select(
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
    )
    return QueryResult(frame, position, k, "employment_follow_up")


_KM_SOURCE = (
    "(SELECT *, days_to_first_job IS NOT NULL AS observed, "
    f"CAST(ceil(greatest(coalesce(days_to_first_job, censor_days), 0) / {GRID_DAYS}) AS INTEGER)"
    f" * {GRID_DAYS} AS bin_days FROM case_facts WHERE intake_date IS NOT NULL) AS km"
)
"""Days from the intake date to the first job, or to closure / the data's last business date
(censored); a duration counts at the end of its 30-day interval."""


@memoised
def time_to_first_job(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    generation, timeline_days, survival, ci_low, ci_high, at_risk, observed, censored, n,
    suppressed. Kaplan–Meier by lifelines from intake to the first job on a 30-day grid (a
    duration counts at the end of its 30-day interval), censored at closure or at the data's
    last date, fitted on protected counts of jobs and censorings per interval (ADR 0012); the
    curve stops (rows suppressed) where fewer than k women remain at risk.
    """
    check_k(k)
    position = validate(reader, filters)
    cells = protected(
        reader,
        _KM_SOURCE,
        ["generation", "bin_days"],
        [Measure("events", cond="observed"), Measure("censorings", cond="NOT observed")],
        filters,
    )
    return QueryResult(km_curves(cells, "generation", k), position, k, "time_to_first_job")


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
        [Measure("n")],
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
        [Measure("n")],
        filters,
        k,
        extra="closure_reason IS NOT NULL",
        rename={"closure_reason": "reason"},
    )
