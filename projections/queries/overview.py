"""Overview page: women supported, cases, active cases, referrals per year."""

from __future__ import annotations

from .base import DEFAULT_K, Filters, QueryResult
from .reader import AnalyticsReader


def overview_totals(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: metric (women_supported | cases | active_cases | closed_cases), n, suppressed."""
    raise NotImplementedError


def referrals_by_year(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: year, programme, n, suppressed."""
    raise NotImplementedError
