"""The impact queries' and the funders' indicators' cells, as published and as true (ADR 0016).

The populations (a woman's path, the cases at risk, an ESF participant or leaver) are the query
layer's own definitions (`impact_paths`, `indicators._source`, the catalogue's conditions): the
impact tests check those definitions against the planted truth; what this suite needs is the
true value of each published cell under them, aggregated here by raw SQL, never by `tabulate`.
Published rates and means are turned back into what an attacker subtracts: distance means
into sums, the Aalen–Johansen steps into the number of jobs of each 30-day bin.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from projections.queries.esf_catalogue import INDICATORS
from projections.queries.impact_definitions import DEFAULT_DEFINITION
from projections.queries.impact_outcomes import BANDS, ELIGIBLE, HOURS_BANDS
from projections.queries.impact_paths import EMPLOYED, SUPPORT_KINDS, paths_source
from projections.queries.indicators import _source as esf_source
from projections.queries.survival import GRID_DAYS

from .shape import Shape

PATHS = paths_source(DEFAULT_DEFINITION)
CLOSED = "last_status = 'closed'"


def _sustained() -> str:
    parts = []
    for m in (6, 12, 24):
        col = f"last_employment_{m}"
        parts.append(
            f"SELECT {m} AS months, "
            f"count(*) FILTER (WHERE {CLOSED} AND last_due_{m}) AS due, "
            f"count(*) FILTER (WHERE {CLOSED} AND {col} IS NOT NULL AND {col} <> 'lost') "
            f"AS reached, count(*) FILTER (WHERE {CLOSED} AND {col} IN {EMPLOYED}) AS employed "
            f"FROM {PATHS} {{where}}"
        )
    return " UNION ALL ".join(parts)


def _dose() -> str:
    levels = [("hours_band", BANDS)] + [
        ("kind", f"CASE WHEN n_{k} > 0 THEN '{k}' ELSE 'not_{k}' END") for k in SUPPORT_KINDS
    ]
    parts = [
        f"SELECT '{dim}' AS dimension, {level} AS level, count(*) AS n, "
        "count(*) FILTER (WHERE event = 'employment' AND days <= 365) AS employed "
        f"FROM {PATHS} {{where}} AND {ELIGIBLE} GROUP BY ALL"
        for dim, level in levels
    ]
    return " UNION ALL ".join(parts)


def _autonomy() -> str:
    parts = []
    for checkpoint in ("intake", "6", "12", "24"):
        for aspect in ("income", "housing"):
            col = f"{aspect}_intake" if checkpoint == "intake" else f"last_{aspect}_{checkpoint}"
            parts.append(
                f"SELECT '{checkpoint}' AS checkpoint, '{aspect}' AS aspect, {col} AS value, "
                f"count(*) AS n FROM {PATHS} {{where}} AND {col} IS NOT NULL GROUP BY ALL"
            )
    return " UNION ALL ".join(parts)


def _horizons() -> str:
    parts = []
    for months in (6, 12):
        reached = f"(f.closed_date IS NOT NULL OR f.censor_days >= {round(months * 30.4375)})"
        parts.append(
            f"SELECT {months} AS horizon_months, domain, "
            f"count(*) FILTER (WHERE at_{months} IS NOT NULL) AS reassessed, "
            f"sum(at_{months} - baseline) FILTER (WHERE at_{months} IS NOT NULL) AS change_sum, "
            f"count(*) FILTER (WHERE at_{months} IS NULL) AS not_reassessed "
            f"FROM (SELECT s.* FROM case_scores s JOIN case_facts f USING (case_key) "
            f"WHERE {reached}) {{where}} GROUP BY ALL"
        )
    return " UNION ALL ".join(parts)


def _incidence() -> str:
    binned = (
        f"SELECT generation, CAST(ceil(greatest(days, 0) / {GRID_DAYS}) AS INTEGER) * "
        f"{GRID_DAYS} AS bin, event FROM {PATHS} {{where}} AND event IS NOT NULL"
    )
    return (
        f"WITH b AS ({binned}), g AS (SELECT generation, unnest(range(0, max(bin) + "
        f"{GRID_DAYS}, {GRID_DAYS})) AS t FROM b GROUP BY generation) "
        "SELECT g.generation, g.t AS timeline_days, count(b.bin) FILTER (WHERE b.bin >= g.t) "
        "AS at_risk, count(b.bin) FILTER (WHERE b.bin = g.t AND b.event = 'employment') AS jobs, "
        "count(b.bin) FILTER (WHERE b.bin = g.t AND b.event = 'competing') AS competing, "
        "count(b.bin) FILTER (WHERE b.bin = g.t) AS leaving "
        "FROM g JOIN b USING (generation) GROUP BY ALL"
    )


def _esf() -> str:
    parts = []
    for indicator in INDICATORS:
        if not indicator.recorded:
            continue
        parts.append(
            f"SELECT '{indicator.code}' AS code, programme, report_year AS year, "
            f"count(*) FILTER (WHERE {indicator.cond}) AS value "
            f"FROM {esf_source(indicator.basis)} {{where}} GROUP BY ALL"
        )
    return " UNION ALL ".join(parts)


IMPACT_SHAPES: dict[str, Shape] = {
    "sustained_employment": Shape(
        ("months",),
        ("due", "reached", "employed"),
        "due",
        ("due", "reached", "employed"),
        _sustained(),
    ),
    "dose_response": Shape(
        ("dimension", "level"), ("n", "employed"), "n", ("n", "employed"), _dose()
    ),
    "job_quality": Shape(
        ("contract_kind", "hours_band"),
        ("jobs",),
        "jobs",
        ("jobs",),
        f"SELECT contract_kind, {HOURS_BANDS} AS hours_band, count(*) AS jobs FROM outcomes "
        "{where} AND kind = 'job_started' GROUP BY ALL",
    ),
    "autonomy": Shape(("checkpoint", "aspect", "value"), ("n",), "n", ("n",), _autonomy()),
    "distance_at_horizons": Shape(
        ("horizon_months", "domain"),
        ("reassessed", "change_sum", "not_reassessed"),
        "reassessed",
        ("reassessed", "not_reassessed"),
        _horizons(),
    ),
    "cumulative_incidence": Shape(
        ("generation", "timeline_days"),
        ("at_risk", "jobs"),
        "at_risk",
        ("at_risk", "jobs"),
        _incidence(),
    ),
    "esf_indicators": Shape(("code", "programme", "year"), ("value",), "value", ("value",), _esf()),
}
"""Each shape's SQL is formatted with `{where}` (always a clause, so SQL may go on with AND)."""


def published_impact(query: str, frame: pl.DataFrame) -> pl.DataFrame:
    """What the attacker subtracts, from what is published."""
    if query == "distance_at_horizons":
        # scores are whole points, so the attacker rounds the mean's sum back to an integer
        change = (pl.col("mean_change") * pl.col("reassessed")).round(0)
        return frame.with_columns(change.alias("change_sum"))
    if query == "cumulative_incidence":
        return _jobs_from_steps(frame)
    if query == "esf_indicators":
        return frame.filter(pl.col("recorded"))
    return frame


def _jobs_from_steps(frame: pl.DataFrame) -> pl.DataFrame:
    """Aalen–Johansen: cif(t) − cif(t−) = S(t−) × jobs(t) / at_risk(t), S = 1 − both cifs."""
    rows: list[dict[str, Any]] = []
    for part in frame.filter(pl.col("timeline_days").is_not_null()).partition_by("generation"):
        before: dict[str, Any] | None = None
        ordered = list(part.sort("timeline_days").iter_rows(named=True))
        for i, row in enumerate(ordered):
            after = ordered[i + 1]["at_risk"] if i + 1 < len(ordered) else 0
            leaving = None if None in (row["at_risk"], after) else float(row["at_risk"] - after)
            jobs = None
            if row["cif_employment"] is not None and row["at_risk"] is not None:
                cif0 = 0.0 if before is None else before["cif_employment"]
                comp0 = 0.0 if before is None else before["cif_competing"]
                if cif0 is not None and comp0 is not None and 1 - cif0 - comp0 > 0:
                    step = row["cif_employment"] - cif0
                    jobs = float(round(step * row["at_risk"] / (1 - cif0 - comp0)))
            rows.append({**row, "jobs": jobs, "leaving": leaving})
            before = row
    schema = {**frame.schema, "jobs": pl.Float64, "leaving": pl.Float64}
    return (
        pl.DataFrame(rows, schema=schema) if rows else frame.with_columns(jobs=None, leaving=None)
    )


def public_zero(query: str, cell: Any, measure: str, value: float, everyone: Any) -> bool:
    """A 0 that the whole lineage's release already shows as an exact zero is no target (as in
    test_km): a 30-day bin in which no woman of the generation left at all has no row, so
    every subgroup's jobs and leavings there are 0 in every release (ADR 0012: zeros are
    shown). Only the curve has such bins; elsewhere a zero is perturbed like any count."""
    if query != "cumulative_incidence" or measure == "at_risk" or value:
        return False
    return not (everyone.get(cell) or {}).get("leaving")
