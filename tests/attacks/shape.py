"""A published query's cells and measures, and the raw SQL of their truth (shapes.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    dims: tuple[str, ...]
    measures: tuple[str, ...]
    people: str  # the column counting women: a cell is small when it is 1..k-1
    counts: tuple[str, ...]  # measures that count women (small on their own when 1..k-1)
    sql: str  # SELECT … FROM … {where} [GROUP BY ALL]; {where} receives the filters
