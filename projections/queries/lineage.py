"""Lineage page: the programme genealogy, carry-over between generations, results per generation."""

from __future__ import annotations

from .base import DEFAULT_K, Filters, QueryResult
from .reader import AnalyticsReader


def programmes(reader: AnalyticsReader, filters: Filters = Filters()) -> QueryResult:
    """Columns: code, name, territory, start, end, predecessor, model, generation."""
    raise NotImplementedError


def carry_over(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: from_programme, to_programme, n, suppressed."""
    raise NotImplementedError


def generation_results(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    programme, generation, cases, closed, employed_at_exit, employment_rate, ci_low, ci_high,
    suppressed.
    """
    raise NotImplementedError
