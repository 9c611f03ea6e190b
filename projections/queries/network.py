"""Network page: EMP's stakeholder network by year (organisations, not people: no suppression)."""

from __future__ import annotations

from .base import Filters, QueryResult
from .reader import AnalyticsReader


def network_growth(reader: AnalyticsReader, filters: Filters = Filters()) -> QueryResult:
    """Columns: year, nodes, edges, new_nodes, new_edges (active at the end of each year)."""
    raise NotImplementedError


def network_nodes(
    reader: AnalyticsReader, filters: Filters = Filters(), year: int | None = None
) -> QueryResult:
    """Columns: node_id, label, kind, territory, programme, first_year (active in `year`)."""
    raise NotImplementedError


def network_edges(
    reader: AnalyticsReader, filters: Filters = Filters(), year: int | None = None
) -> QueryResult:
    """Columns: source, target, kind, since_year (active in `year`; None = latest year)."""
    raise NotImplementedError
