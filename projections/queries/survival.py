"""Kaplan–Meier curves with lifelines (never hand-written), on a monthly grid, with k applied."""

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


def fit(
    durations: np.ndarray, observed: np.ndarray, timeline: np.ndarray | None = None
) -> KaplanMeierFitter:
    """lifelines' fit on the distinct (duration, observed) pairs weighted by their counts.

    With whole-number weights this is the same estimate (and Greenwood band) as fitting every
    woman's row, with far fewer rows for lifelines' pandas machinery to group.
    """
    from lifelines import KaplanMeierFitter  # imported on use: it is slow to import

    pairs, counts = np.unique(
        np.column_stack([durations, observed.astype(float)]), axis=0, return_counts=True
    )
    return KaplanMeierFitter(alpha=0.05).fit(
        pairs[:, 0], event_observed=pairs[:, 1] > 0, weights=counts, timeline=timeline
    )


def grid_for(durations: np.ndarray) -> np.ndarray:
    top = int(durations.max()) if len(durations) else 0
    return np.arange(0, top + GRID_DAYS, GRID_DAYS)


def curve_at(kmf: KaplanMeierFitter) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Survival and its 95% band on the timeline the fitter was given (the grid)."""
    band = kmf.confidence_interval_survival_function_.to_numpy()
    return kmf.survival_function_.to_numpy()[:, 0], band[:, 0], band[:, 1]


def km_curves(frame: pl.DataFrame, group: str, k: int, hidden: set[object]) -> pl.DataFrame:
    rows: list[tuple[object, ...]] = []
    for key in sorted(frame[group].drop_nulls().unique().to_list()):
        part = frame.filter(pl.col(group) == key)
        n = part.height
        if n < k or key in hidden:
            rows.append((key, None, None, None, None, None, None, None, None, True))
            continue
        durations = part["duration"].to_numpy().astype(float)
        observed = part["observed"].to_numpy().astype(bool)
        grid = grid_for(durations)
        survival, low, high = curve_at(fit(durations, observed, grid))
        ordered = np.sort(durations)
        jobs = np.sort(durations[observed])
        at_risk = n - np.searchsorted(ordered, grid, side="left")
        upto = np.searchsorted(ordered, grid, side="right")
        jobs_upto = np.searchsorted(jobs, grid, side="right")
        events = np.diff(jobs_upto, prepend=0)
        censored = np.diff(upto - jobs_upto, prepend=0)
        for i, t in enumerate(grid):
            if at_risk[i] < k:
                rows.append((key, int(t), None, None, None, None, None, None, None, True))
                continue
            e, c = int(events[i]), int(censored[i])
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
