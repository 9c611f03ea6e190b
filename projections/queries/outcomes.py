"""Outcomes page: employment at exit and follow-ups, time to first job, flows, closure reasons."""

from __future__ import annotations

from .base import DEFAULT_K, Filters, QueryResult
from .reader import AnalyticsReader


def employment_follow_up(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    cohort_year, checkpoint (exit|6|12|24), due, reached, lost_to_follow_up, employed, rate,
    ci_low, ci_high, suppressed.
    """
    raise NotImplementedError


def time_to_first_job(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    generation, timeline_days, survival, ci_low, ci_high, at_risk, observed, censored, n,
    suppressed.
    """
    raise NotImplementedError


def entry_exit_flows(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: entry, exit, n, suppressed."""
    raise NotImplementedError


def closure_reasons(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: programme, reason, n, suppressed."""
    raise NotImplementedError
