"""k-anonymous pseudonymised microdata for evaluators (one row per case)."""

from __future__ import annotations

from .base import DEFAULT_K, Filters, QueryResult
from .reader import AnalyticsReader


def microdata_export(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: case_key, programme, generation, cohort_period, age_band, origin_region,
    household_type, closure_reason, employment_intake, employment_exit, employment_6,
    employment_12, employment_24, days_to_first_job, job_observed, duration_months.
    notes: {"removed": rows dropped to reach k, "generalised": {column: rows generalised}}."""
    raise NotImplementedError
