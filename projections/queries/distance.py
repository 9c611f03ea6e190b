"""Distance travelled: baseline vs latest score per domain and cohort."""

from __future__ import annotations

from .base import DEFAULT_K, Filters, QueryResult
from .reader import AnalyticsReader


def distance_travelled(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    cohort_year, domain, n, baseline_mean, latest_mean, change_mean, ci_low, ci_high, suppressed.
    """
    raise NotImplementedError
