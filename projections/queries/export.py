"""k-anonymous pseudonymised microdata for evaluators (one row per case).

Quasi-identifiers are generalised step by step, only for the rows that still sit in a class
smaller than k; rows that no step protects are removed and counted. Durations are in months.
"""

from __future__ import annotations

import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .disclosure import check_k
from .reader import AnalyticsReader
from .sql import validate, where

QUASI = ["programme", "cohort_period", "age_band", "origin_region", "household_type"]
SENSITIVE = [
    "closure_reason",
    "employment_intake",
    "employment_exit",
    "employment_6",
    "employment_12",
    "employment_24",
    "months_to_first_job",
    "job_observed",
    "duration_months",
]


def _decade_band(band: pl.Expr) -> pl.Expr:
    low = band.str.extract(r"^(\d+)-", 1).cast(pl.Int32, strict=False)
    ten = (low // 10) * 10
    return (
        pl.when(low.is_null())
        .then(band)
        .otherwise(ten.cast(pl.String) + "-" + (ten + 9).cast(pl.String))
    )


def _five_years(period: pl.Expr) -> pl.Expr:
    year = period.cast(pl.Int32, strict=False)
    low = ((year - 1) // 5) * 5 + 1
    return (
        pl.when(year.is_null())
        .then(period)
        .otherwise(low.cast(pl.String) + "-" + (low + 4).cast(pl.String))
    )


STEPS = [
    ("cohort_period", _five_years),
    ("age_band", _decade_band),
    ("origin_region", lambda _: pl.lit("*")),
    ("household_type", lambda _: pl.lit("*")),
    ("cohort_period", lambda _: pl.lit("*")),
]


def _class_size() -> pl.Expr:
    return pl.len().over(QUASI)


@memoised
def microdata_export(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    case_key, programme, generation, cohort_period, age_band, origin_region, household_type,
    closure_reason, employment_intake, employment_exit, employment_6, employment_12,
    employment_24, months_to_first_job, job_observed, duration_months.
    notes: {"removed": rows dropped, "generalised": {column: rows generalised}}.
    """
    check_k(k)
    position = validate(reader, filters)
    clause, params = where(filters)
    frame, _ = reader.frame(
        "SELECT case_key, programme, generation, year::VARCHAR AS cohort_period, age_band, "
        "origin_region, household_type, closure_reason, employment_intake, employment_exit, "
        "employment_6, employment_12, employment_24, "
        "(days_to_first_job // 30)::INTEGER AS months_to_first_job, "
        "days_to_first_job IS NOT NULL AS job_observed, "
        f"(duration_days // 30)::INTEGER AS duration_months FROM case_facts{clause} "
        "ORDER BY case_key",
        params,
    )
    generalised: dict[str, int] = {}
    for column, step in STEPS:
        risky = _class_size() < k
        count = int(frame.select(risky.sum()).item()) if frame.height else 0
        if not count:
            break
        generalised[column] = generalised.get(column, 0) + count
        frame = frame.with_columns(
            pl.when(risky).then(step(pl.col(column))).otherwise(pl.col(column)).alias(column)
        )
    before = frame.height
    frame = frame.filter(_class_size() >= k) if frame.height else frame
    notes = {
        "removed": before - frame.height,
        "generalised": generalised,
        "quasi_identifiers": QUASI,
    }
    return QueryResult(frame, position, k, "microdata_export", notes)
