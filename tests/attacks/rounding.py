"""Published figures that are rounded: what the truth makes them, and how far a count read
back from them may stray.

Two impact queries publish rounded figures that the attacker turns back into sums and counts:
`distance_at_horizons`' mean change (2 decimals; the sum is mean × reassessed) and
`cumulative_incidence`'s Aalen–Johansen curves (3 decimals; a bin's jobs are the step ×
at_risk ÷ S(t−)). On large cells the rounding alone moves the read-back value by more than a
half: on `demo`, 0.39 × 2294 reassessed = 895 for a true change sum of 901. So `test_truth`
checks these figures forward — the truth, put through the published definition, is what is
published to its last decimal — and the read-back values only within the slack the rounding
leaves (under a half, i.e. exact, on the small cells the attacks target).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from .harness import Cells

STEP = {"distance_at_horizons": 0.01, "cumulative_incidence": 0.001}
"""The published rounding of the figures the attacker reads back from (one unit of the last
decimal); a published figure is within half of it from its exact value."""
EPS = 1e-9


def aalen_johansen(table: pl.DataFrame) -> dict[tuple[Any, Any], tuple[float, float]]:
    """The tie-exact Aalen–Johansen on the truth's 30-day bins (ADR 0016): at a bin, every
    job and competing ending happens before its censorings. Cumulative incidence of
    employment and of the competing endings, by (generation, timeline_days)."""
    out: dict[tuple[Any, Any], tuple[float, float]] = {}
    for part in table.partition_by("generation"):
        survival, jobs, competing = 1.0, 0.0, 0.0
        for r in part.sort("timeline_days").iter_rows(named=True):
            n = r["at_risk"]
            if n:
                jobs += survival * r["jobs"] / n
                competing += survival * r["competing"] / n
                survival *= 1 - (r["jobs"] + r["competing"]) / n
            out[(r["generation"], r["timeline_days"])] = (jobs, competing)
    return out


def forward_mismatches(query: str, frame: pl.DataFrame, table: pl.DataFrame) -> list[Any]:
    """Published rounded figures that are not the truth's, rounded as published."""
    half = STEP.get(query, 0.0) / 2 + EPS
    bad: list[Any] = []
    if query == "distance_at_horizons":
        truth = {(r["horizon_months"], r["domain"]): r for r in table.iter_rows(named=True)}
        for row in frame.filter(pl.col("mean_change").is_not_null()).iter_rows(named=True):
            cell = (row["horizon_months"], row["domain"])
            t = truth.get(cell)
            exact = float(t["change_sum"]) / t["reassessed"] if t and t["reassessed"] else None
            if exact is None or abs(row["mean_change"] - exact) > half:
                bad.append((cell, "mean_change", row["mean_change"], exact))
    if query == "cumulative_incidence":
        curves = aalen_johansen(table)
        shown = frame.filter(pl.col("cif_employment").is_not_null())
        for row in shown.iter_rows(named=True):
            cell = (row["generation"], row["timeline_days"])
            exact = curves.get(cell)
            published = (row["cif_employment"], row["cif_competing"])
            off = exact is None or any(
                abs(p - e) > half for p, e in zip(published, exact, strict=True)
            )
            if off:
                bad.append((cell, "cif", published, exact))
    return bad


def slack(query: str, frame: pl.DataFrame) -> Cells:
    """How far each value read back from a rounded figure may be from the truth: the worst
    case of the published rounding, plus the half the attacker rounds the count by."""
    out: Cells = {}
    step = STEP.get(query, 0.0)
    if query == "distance_at_horizons":
        for row in frame.filter(pl.col("mean_change").is_not_null()).iter_rows(named=True):
            bound = step / 2 * row["reassessed"] + 0.5
            out[(row["horizon_months"], row["domain"])] = {"change_sum": bound}
    if query == "cumulative_incidence":
        for part in frame.filter(pl.col("timeline_days").is_not_null()).partition_by("generation"):
            before = (0.0, 0.0)
            for row in part.sort("timeline_days").iter_rows(named=True):
                now = (row["cif_employment"], row["cif_competing"])
                if None not in now and None not in before and row["at_risk"] is not None:
                    bound = _jobs_bound(now[0] - before[0], 1 - sum(before), row["at_risk"], step)
                    out[(row["generation"], row["timeline_days"])] = {"jobs": bound + 0.5}
                before = now
    return out


def _jobs_bound(step: float, survival: float, at_risk: int, unit: float) -> float:
    """jobs = step × at_risk ÷ S(t−); the step and S(t−) are each off by up to two halves of
    the published rounding, so the read-back is off by at most the worst corner."""
    if survival - unit <= 0:
        return float("inf")
    read = step * at_risk / survival
    return max(
        abs(read - (step + ds) * at_risk / (survival + dv))
        for ds in (-unit, unit)
        for dv in (-unit, unit)
    )
