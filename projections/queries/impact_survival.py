"""Time to employment per woman's path: competing risks (Aalen–Johansen).

The cumulative incidence is post-processing of protected counts (ADR 0012), as the Kaplan–Meier
curves are: per generation and 30-day interval, protected numbers of first jobs, competing
endings (dropped out, lost contact, moved away) and censorings, expanded to rows and fitted by
lifelines. The Cox models are in impact_cox.py (ADR 0016).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .disclosure import check_k
from .impact_definitions import DEFAULT_DEFINITION, EmploymentDefinition
from .impact_paths import paths_source
from .reader import AnalyticsReader
from .sql import protected, validate
from .survival import GRID_DAYS, nonnegative
from .tabulate import Measure

if TYPE_CHECKING:
    pass

CENSOR_AFTER = 0.25
"""Days a censoring is placed after the events of its 30-day bin (read off at bin + 0.5)."""
CIF_SCHEMA = {
    "generation": pl.Int32,
    "timeline_days": pl.Int64,
    "cif_employment": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "cif_competing": pl.Float64,
    "at_risk": pl.Int64,
    "n": pl.Int64,
    "method": pl.String,
    "suppressed": pl.Boolean,
}


@memoised
def cumulative_incidence(
    reader: AnalyticsReader,
    filters: Filters = Filters(),
    k: int = DEFAULT_K,
    definition: EmploymentDefinition = DEFAULT_DEFINITION,
) -> QueryResult:
    """Columns: generation, timeline_days, cif_employment, ci_low, ci_high, cif_competing,
    at_risk, n, method, suppressed. Aalen–Johansen (lifelines) from the path's first intake;
    jobs seen at follow-ups after closure count; dropping out, losing contact or moving away
    compete; the curve stops where fewer than k women remain at risk."""
    check_k(k)
    position = validate(reader, filters)
    source = (
        "(SELECT *, CAST(ceil(greatest(days, 0) / "
        f"{GRID_DAYS}) AS INTEGER) * {GRID_DAYS} AS bin_days FROM {paths_source(definition)} "
        "WHERE event IS NOT NULL) AS cif"
    )
    cells = protected(
        reader,
        source,
        ["generation", "bin_days"],
        [
            Measure("jobs", cond="event = 'employment'"),
            Measure("competing", cond="event = 'competing'"),
            Measure("censorings", cond="event = 'censored'"),
        ],
        filters,
    )
    method = f"Aalen–Johansen (lifelines), per path from first intake; {definition.describe()}"
    rows: list[tuple[object, ...]] = []
    for generation in sorted(cells["generation"].drop_nulls().unique().to_list()):
        part = cells.filter(pl.col("generation") == generation).sort("bin_days")
        rows += _curve(part, int(generation), k, method)
    frame = pl.DataFrame(rows, schema=CIF_SCHEMA, orient="row")
    return QueryResult(frame, position, k, "cumulative_incidence")


def _curve(part: pl.DataFrame, generation: int, k: int, method: str) -> list[tuple[object, ...]]:
    from lifelines import AalenJohansenFitter  # slow to import: on use

    bins = part["bin_days"].to_numpy().astype(float)
    counts = [
        nonnegative(part[c].fill_null(0).to_numpy()) for c in ("jobs", "competing", "censorings")
    ]
    n = int(sum(c.sum() for c in counts))
    if n < k or counts[0].sum() == 0:
        return [(generation, None, None, None, None, None, None, None, method, True)]
    durations = np.concatenate([np.repeat(bins, c) for c in counts])
    events = np.concatenate(
        [np.full(c.sum(), code) for code, c in zip((1, 2, 0), counts, strict=True)]
    )
    grid = np.arange(0, int(bins.max()) + GRID_DAYS, GRID_DAYS)
    # Once a bin holds a lone event of one kind beside events of another, lifelines jitters
    # every event (never a censoring) by under 0.0001 day either way: a job jittered upward
    # then met a risk set its bin's censorings had already left, and the step came out too
    # high (demo: 18 jobs read off a bin of 17). Censorings go a quarter day after their
    # bin's events, the estimator's convention for ties, as the published at_risk counts them.
    durations = np.maximum(durations, 0.5) + np.where(events == 0, CENSOR_AFTER, 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        jobs = AalenJohansenFitter(seed=0).fit(durations, events, 1)
        other = AalenJohansenFitter(seed=0, calculate_variance=False).fit(durations, events, 2)
    cif, low, high = _at(jobs, grid)
    competing, _, _ = _at(other, grid)
    leaving = np.array([sum(int(c[bins == t].sum()) for c in counts) for t in grid])
    at_risk = n - np.concatenate([[0], np.cumsum(leaving)[:-1]])
    out: list[tuple[object, ...]] = []
    for i, t in enumerate(grid):
        hidden = bool(at_risk[i] < k)
        out.append(
            (
                generation,
                int(t),
                None if hidden else round(float(cif[i]), 3),
                None if hidden else _round(low[i]),
                None if hidden else _round(high[i]),
                None if hidden else round(float(competing[i]), 3),
                None if hidden else int(at_risk[i]),
                None if hidden else n,
                method,
                hidden,
            )
        )
    return out


def _round(value: float) -> float | None:
    return None if not np.isfinite(value) else round(float(value), 3)


def _at(fitter: object, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The curve and its band at each grid day (ties are jittered by under a day)."""
    cif = fitter.cumulative_density_.iloc[:, 0]  # type: ignore[attr-defined]
    index = cif.index.to_numpy()
    pos = np.searchsorted(index, grid + 0.5, side="right") - 1
    values = np.where(pos >= 0, cif.to_numpy()[np.maximum(pos, 0)], 0.0)
    band = getattr(fitter, "confidence_interval_", None)
    if band is None:
        nan = np.full(len(grid), np.nan)
        return values, nan, nan
    filled = band.ffill().to_numpy()
    lo, hi = filled.min(axis=1), filled.max(axis=1)  # lifelines' labels are the wrong way round
    take = np.maximum(pos, 0)
    return values, np.where(pos >= 0, lo[take], 0.0), np.where(pos >= 0, hi[take], 0.0)
