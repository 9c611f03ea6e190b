"""Activities page: activity mix, referrals on to services, groups, the listening space."""

from __future__ import annotations

from .base import DEFAULT_K, Filters, QueryResult
from .reader import AnalyticsReader


def activity_mix(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: year, kind, women, activities, hours, suppressed."""
    raise NotImplementedError


def service_referrals(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: year, service, n, suppressed."""
    raise NotImplementedError


def groups(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    year, programme, group_kind, groups, sessions, attendances, women, hours, suppressed.
    """
    raise NotImplementedError


def listening_space(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: year, programme, interviews, women, hours, suppressed."""
    raise NotImplementedError
