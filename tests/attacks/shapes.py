"""Each people-counting query's cells and measures, as published and as true (raw DuckDB SQL).

The truth is recomputed from the snapshot's tables with SQL written here from the contract
(docs/query-layer.md), never through the query layer. Means are turned into sums (mean × n)
because sums are what an attacker subtracts. `test_truth.py` checks that visible unprotected
cells equal this truth, so a change of definition in the query layer shows up there first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import polars as pl

from projections.queries import Filters

from .harness import Cells, frame_cells
from .shape import Shape

EMPLOYED = "('employed', 'self_employed')"
CATEGORICAL = {
    "programmes": "programme",
    "territories": "territory",
    "age_bands": "age_band",
    "origin_regions": "origin_region",
    "household_types": "household_type",
}


def _follow_up_sql() -> str:
    parts = [
        "SELECT year AS cohort_year, 'exit' AS checkpoint, count(*) AS due, count(*) AS reached, "
        f"count(*) FILTER (WHERE employment_exit IN {EMPLOYED}) AS employed FROM cc GROUP BY ALL"
    ]
    for m in ("6", "12", "24"):
        col = f"employment_{m}"
        parts.append(
            f"SELECT year, '{m}', count(*) FILTER (WHERE closed_date + INTERVAL {m} MONTH <= "
            f"(SELECT max(business_date) FROM projection_status) OR {col} IS NOT NULL), "
            f"count(*) FILTER (WHERE {col} IS NOT NULL AND {col} <> 'lost'), "
            f"count(*) FILTER (WHERE {col} IN {EMPLOYED}) FROM cc GROUP BY ALL"
        )
    return (
        "WITH cc AS (SELECT * FROM case_facts {where} AND status = 'closed') "
        "SELECT *, due - reached AS lost_to_follow_up FROM (" + " UNION ALL ".join(parts) + ")"
    )


SHAPES: dict[str, Shape] = {
    "overview_totals": Shape(
        ("metric",),
        ("n",),
        "n",
        ("n",),
        "SELECT * FROM (SELECT {women} FILTER (WHERE status <> 'not_taken_on') "
        "AS women_supported, count(*) FILTER (WHERE status <> 'not_taken_on') AS cases, "
        "count(*) FILTER (WHERE status IN ('active', 'suspended')) AS active_cases, "
        "count(*) FILTER (WHERE status IN ('closed', 'transferred')) AS closed_cases "
        "FROM case_facts {where}) "
        "UNPIVOT (n FOR metric IN (women_supported, cases, active_cases, closed_cases))",
    ),
    "referrals_by_year": Shape(
        ("year", "programme"),
        ("n",),
        "n",
        ("n",),
        "SELECT year, programme, count(*) AS n FROM case_facts {where} GROUP BY ALL",
    ),
    "carry_over": Shape(
        ("from_programme", "to_programme"),
        ("n",),
        "n",
        ("n",),
        "SELECT carried_from AS from_programme, programme AS to_programme, count(*) AS n "
        "FROM case_facts {where} AND carried_from IS NOT NULL GROUP BY ALL",
    ),
    "generation_results": Shape(
        ("programme", "generation"),
        ("cases", "closed", "employed_at_exit"),
        "cases",
        ("cases", "closed", "employed_at_exit"),
        "SELECT programme, generation, count(*) AS cases, "
        "count(*) FILTER (WHERE status = 'closed') AS closed, "
        f"count(*) FILTER (WHERE employment_exit IN {EMPLOYED}) AS employed_at_exit "
        "FROM case_facts {where} GROUP BY ALL",
    ),
    "employment_follow_up": Shape(
        ("cohort_year", "checkpoint"),
        ("due", "reached", "lost_to_follow_up", "employed"),
        "due",
        ("due", "reached", "lost_to_follow_up", "employed"),
        _follow_up_sql(),
    ),
    "entry_exit_flows": Shape(
        ("entry", "exit"),
        ("n",),
        "n",
        ("n",),
        "SELECT employment_intake AS entry, employment_exit AS exit, count(*) AS n "
        "FROM case_facts {where} AND status = 'closed' AND employment_intake IS NOT NULL "
        "GROUP BY ALL",
    ),
    "closure_reasons": Shape(
        ("programme", "reason"),
        ("n",),
        "n",
        ("n",),
        "SELECT programme, closure_reason AS reason, count(*) AS n FROM case_facts {where} "
        "AND closure_reason IS NOT NULL GROUP BY ALL",
    ),
    "distance_travelled": Shape(
        ("cohort_year", "domain"),
        ("n", "baseline_sum", "latest_sum", "change_sum"),
        "n",
        ("n",),
        "SELECT year AS cohort_year, domain, count(*) AS n, sum(baseline) AS baseline_sum, "
        "sum(latest) AS latest_sum, sum(latest - baseline) AS change_sum "
        "FROM case_scores {where} GROUP BY ALL",
    ),
    "activity_mix": Shape(
        ("year", "kind"),
        ("women", "activities", "hours"),
        "women",
        ("women",),
        "SELECT year, kind, {women} AS women, sum(activities) AS activities, "
        "sum(hours) AS hours FROM activity_months {where} GROUP BY ALL",
    ),
    "service_referrals": Shape(
        ("year", "service"),
        ("n", "women"),
        "women",
        ("women",),
        "SELECT year, service, count(*) AS n, {women} AS women "
        "FROM service_referrals {where} GROUP BY ALL",
    ),
    "groups": Shape(
        ("year", "programme", "group_kind"),
        ("attendances", "women"),
        "women",
        ("women",),
        "SELECT year, programme, g.group_kind, sum(activities) AS attendances, "
        "{women} AS women FROM activity_months JOIN (SELECT DISTINCT "
        "group_key, group_kind FROM group_sessions) g USING (group_key) {where} GROUP BY ALL",
    ),
    "listening_space": Shape(
        ("year", "programme"),
        ("interviews", "women", "hours"),
        "women",
        ("women",),
        "SELECT year, programme, sum(activities) AS interviews, "
        "{women} AS women, sum(hours) AS hours FROM activity_months "
        "{where} AND kind = 'listening_interview' GROUP BY ALL",
    ),
}


def where(filters: Filters) -> tuple[str, list[Any]]:
    """`WHERE …` for the filters (always a clause, so SQL may go on with `AND`)."""
    parts, params = ["TRUE"], []
    for name, column in CATEGORICAL.items():
        values: Sequence[str] = getattr(filters, name)
        if values:
            parts.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += list(values)
    if filters.years is not None:
        parts.append("year BETWEEN ? AND ?")
        params += list(filters.years)
    return "WHERE " + " AND ".join(parts), params


def women(filters: Filters) -> str:
    """Women as the product counts them (ADR 0012): once per protected microcell, i.e. per
    programme, territory, referral year and each profile column the filter restricts."""
    columns = ["programme", "territory", "year"]
    for name, column in (
        ("age_bands", "age_band"),
        ("origin_regions", "origin_region"),
        ("household_types", "household_type"),
    ):
        if getattr(filters, name):
            columns.append(column)
    return f"count(DISTINCT (person_key, {', '.join(columns)}))"


class Truth:
    """The true cells of every query on one snapshot file, by raw SQL (remembered)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._memo: dict[tuple[str, Filters], Cells] = {}
        self._tables: dict[tuple[str, Filters], pl.DataFrame] = {}

    def cells(self, query: str, filters: Filters) -> Cells:
        key = (query, filters)
        if key not in self._memo:
            shape = SHAPES[query]
            table = self.table(query, filters)
            self._memo[key] = frame_cells(table, list(shape.dims), list(shape.measures))
        return self._memo[key]

    def table(self, query: str, filters: Filters) -> pl.DataFrame:
        """The truth SQL's whole result (with any columns beyond the measures)."""
        key = (query, filters)
        if key not in self._tables:
            shape = SHAPES[query]
            clause, params = where(filters)
            sql = shape.sql.format(where=clause, women=women(filters))
            # a union of several parts takes the filters once per part
            self._tables[key] = self.con.sql(sql, params=params * shape.sql.count("{where}")).pl()
        return self._tables[key]

    def frame(self, sql: str, params: list[Any] | None = None) -> pl.DataFrame:
        return self.con.sql(sql, params=params).pl()


def published_cells(query: str, frame: pl.DataFrame) -> Cells:
    """A published frame as cells; distance means become sums; hidden measures are None."""
    shape = SHAPES[query]
    frame = published_impact(query, frame)
    if query == "distance_travelled":
        frame = frame.with_columns(
            (pl.col(f"{m}_mean") * pl.col("n")).alias(f"{m}_sum")
            for m in ("baseline", "latest", "change")
        )
    return frame_cells(frame, list(shape.dims), list(shape.measures))


STRUCTURAL: dict[str, Any] = {"lost_to_follow_up": ("checkpoint", "exit")}
"""Measures that are known without any data: at exit every closed case is reached by
definition, so nobody is lost; a derived 0 there is public, not recovered."""


def is_target(shape: Shape, truth: dict[str, Any], measure: str, k: int) -> bool:
    """A protected small value: its cell counts 1..k-1 women, or it counts 1..k-1 itself."""
    structural = STRUCTURAL.get(measure)
    if structural is not None and truth.get(structural[0]) == structural[1]:
        return False
    people = truth.get(shape.people) or 0
    value = truth.get(measure) or 0
    return 0 < people < k or (measure in shape.counts and 0 < value < k)


from .impact_shapes import IMPACT_SHAPES, published_impact  # noqa: E402  (they build on Shape)

SHAPES.update(IMPACT_SHAPES)
