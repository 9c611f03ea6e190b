"""Kaplan–Meier curves by lifelines (never hand-written), fitted on protected counts.

The curve is post-processing of protected cells (ADR 0012): per generation and 30-day
interval, the protected number of first jobs and of censorings. lifelines fits them as weights
at the interval's end, so with protection off the curve is exactly lifelines' on the same
women with durations rounded up to the 30-day grid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

if TYPE_CHECKING:
    from lifelines import KaplanMeierFitter

GRID_DAYS = 30
SCHEMA = {
    "generation": pl.Int32,
    "timeline_days": pl.Int64,
    "survival": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "at_risk": pl.Int64,
    "observed": pl.Int64,
    "censored": pl.Int64,
    "n": pl.Int64,
    "suppressed": pl.Boolean,
}


def nonnegative(counts: np.ndarray) -> np.ndarray:
    """Protected counts per bin made non-negative without changing their total.

    A protected count can be negative (noise on a small cell). Flooring each bin at 0 adds the
    noise's negative part back and inflates every total built on it: the number of women and
    those at risk came out too high, more so the more bins a curve has. Instead a negative bin
    is carried into the next bins (then, if the tail still owes, into the earlier ones), so
    the total is the sum of the protected counts, which is unbiased; only when that sum is
    itself negative is the series all zeros. Post-processing of protected values (ADR 0012).
    """
    out = np.asarray(counts, dtype=np.int64).copy()
    for order in (range(len(out)), range(len(out) - 1, -1, -1)):
        owed = 0
        for i in order:
            out[i] += owed
            owed = min(int(out[i]), 0)
            out[i] = max(int(out[i]), 0)
        if not owed:
            break
        out[len(out) - 1 if order.start == 0 else 0] += owed
    return np.maximum(out, 0)


def fit(
    durations: np.ndarray,
    observed: np.ndarray,
    timeline: np.ndarray | None = None,
    weights: np.ndarray | None = None,
) -> KaplanMeierFitter:
    """lifelines' fit on (duration, observed) rows with whole-number weights (counts)."""
    from lifelines import KaplanMeierFitter  # imported on use: it is slow to import

    if weights is None:
        pairs, counts = np.unique(
            np.column_stack([durations, observed.astype(float)]), axis=0, return_counts=True
        )
        durations, observed, weights = pairs[:, 0], pairs[:, 1] > 0, counts
    return KaplanMeierFitter(alpha=0.05).fit(
        durations, event_observed=observed, weights=weights, timeline=timeline
    )


def curve_at(kmf: KaplanMeierFitter) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Survival and its 95% band on the timeline the fitter was given (the grid)."""
    band = kmf.confidence_interval_survival_function_.to_numpy()
    return kmf.survival_function_.to_numpy()[:, 0], band[:, 0], band[:, 1]


def km_curves(cells: pl.DataFrame, group: str, k: int) -> pl.DataFrame:
    """One curve per `group` from protected cells (group, bin_days, events, censorings)."""
    rows: list[tuple[object, ...]] = []
    for key in sorted(cells[group].drop_nulls().unique().to_list()):
        part = cells.filter(pl.col(group) == key).sort("bin_days")
        bins = part["bin_days"].to_numpy().astype(float)
        events = nonnegative(part["events"].fill_null(0).to_numpy())
        censored = nonnegative(part["censorings"].fill_null(0).to_numpy())
        n = int(events.sum() + censored.sum())
        if n < k:
            rows.append((key, None, None, None, None, None, None, None, None, True))
            continue
        grid = np.arange(0, int(bins.max()) + GRID_DAYS, GRID_DAYS)
        durations = np.concatenate([bins, bins])
        observed = np.concatenate([np.ones(len(bins), bool), np.zeros(len(bins), bool)])
        weights = np.concatenate([events, censored])
        keep = weights > 0
        survival, low, high = curve_at(
            fit(durations[keep], observed[keep], grid, weights[keep].astype(float))
        )
        at_bin = {int(b): (int(e), int(c)) for b, e, c in zip(bins, events, censored, strict=True)}
        leaving = np.array([sum(at_bin.get(int(t), (0, 0))) for t in grid])
        at_risk = n - np.concatenate([[0], np.cumsum(leaving)[:-1]])
        for i, t in enumerate(grid):
            if at_risk[i] < k:
                rows.append((key, int(t), None, None, None, None, None, None, None, True))
                continue
            e, c = at_bin.get(int(t), (0, 0))
            rows.append(
                (
                    key,
                    int(t),
                    float(survival[i]),
                    float(low[i]),
                    float(high[i]),
                    int(at_risk[i]),
                    e if e == 0 or e >= k else None,
                    c if c == 0 or c >= k else None,
                    n,
                    False,
                )
            )
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")
