"""Data & privacy page: projection status and lag, completeness, what was suppressed."""

from __future__ import annotations

from .base import DEFAULT_K, Filters, QueryResult
from .reader import AnalyticsReader


def projection_status(reader: AnalyticsReader) -> QueryResult:
    """Columns: position, head, lag, last_run, schema_version, published_at (one row)."""
    raise NotImplementedError


def completeness(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: field, filled, total, share, suppressed."""
    raise NotImplementedError


def suppression_report(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: query, cells, suppressed_cells, share."""
    raise NotImplementedError
