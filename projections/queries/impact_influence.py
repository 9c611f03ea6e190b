"""How far one woman can move a fitted coefficient: the scale of its noise (ADR 0020).

For each coefficient, the largest change that one woman's record can make: her rows leaving
the model, entering it, or her outcome changing (the as-of attack: her 12-month follow-up
recorded between two snapshots). Computed from the fit itself, never by refitting n times:

* linear and generalised linear models: the one-step (Sherman–Morrison) change of the
  coefficients when her score contribution changes by one unit of outcome,
  |(X'WX)⁻¹ xᵢ sᵢ| / (1 − hᵢ) — the exact leave-one-out change for least squares, its usual
  first-order form for a logistic GLM. A flip of a 0/1 outcome is one unit; a woman leaving
  moves it by |yᵢ − μᵢ| ≤ 1 units, so the flip covers both;
* Cox models: delta-beta residuals (the one-step leave-one-out change, summed over her
  rows), doubled: any change of her rows is her old rows leaving and new ones entering;
* a proportional-hazards test: the largest single event's term of its standardised sum.

A woman with several rows (paths) counts once: her rows' changes are added up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


def by_woman(effect: np.ndarray, groups: np.ndarray | None) -> np.ndarray:
    """Per-row effects (n × p) added up per woman (signed, then absolute), max per column."""
    if groups is None or len(groups) == 0:
        return np.abs(effect).max(axis=0) if len(effect) else np.zeros(effect.shape[1])
    _, index = np.unique(groups, return_inverse=True)
    sums = np.zeros((index.max() + 1, effect.shape[1]))
    np.add.at(sums, index, effect)
    out: np.ndarray = np.abs(sums).max(axis=0)
    return out


def one_step(
    x: np.ndarray,
    cov: np.ndarray,
    score_weight: np.ndarray,
    hat_weight: np.ndarray,
    groups: np.ndarray | None = None,
) -> np.ndarray:
    """Largest one-unit change of each coefficient from one woman (see the module docstring).

    `cov` is (X'WX)⁻¹ (the bread); a unit of outcome changes her score by xᵢ·score_weightᵢ;
    her leverage is hᵢ = hat_weightᵢ·xᵢ'(X'WX)⁻¹xᵢ."""
    g = x @ cov
    h = hat_weight * np.einsum("ij,ij->i", g, x)
    effect = g * (np.abs(score_weight) / np.clip(1.0 - h, 1e-6, None))[:, None]
    return by_woman(effect, groups)


def glm_influence(fit: Any, x: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """A statsmodels logistic GLM: score xᵢ(yᵢ − μᵢ), working weight μᵢ(1 − μᵢ)."""
    mu = np.asarray(fit.fittedvalues, dtype=float)
    cov = np.asarray(fit.cov_params(), dtype=float)
    return one_step(x, cov, np.ones(len(mu)), mu * (1.0 - mu), groups)


def wls_influence(
    x: np.ndarray, weights: np.ndarray, groups: np.ndarray | None = None
) -> np.ndarray:
    """Weighted least squares: score wᵢxᵢ(yᵢ − xᵢβ); bread (X'WX)⁻¹."""
    cov = np.linalg.pinv(x.T @ (x * weights[:, None]))
    return one_step(x, cov, weights, weights, groups)


def cox_influence(
    cph: Any, frame: pd.DataFrame, groups: np.ndarray, *, entry: str, stop: str, event: str
) -> np.ndarray:
    """Delta-beta of a counting-process Cox fit, summed per woman and doubled (old rows out,
    new rows in). lifelines gives no residuals with delayed entry, so the score residuals are
    computed here (Breslow; risk set entry < t ≤ stop) and multiplied by the model variance,
    as lifelines' own delta-beta is."""
    terms = list(cph.params_.index)
    x = frame[terms].to_numpy(dtype=float)
    start = frame[entry].to_numpy(dtype=float)
    end = frame[stop].to_numpy(dtype=float)
    died = frame[event].to_numpy().astype(bool)
    eta = x @ cph.params_.to_numpy(dtype=float)
    w = np.exp(eta - eta.max(initial=0.0))
    times = end[died]
    at_risk = (start[None, :] < times[:, None]) & (end[None, :] >= times[:, None])
    s0 = np.clip(at_risk @ w, 1e-300, None)
    xbar = (at_risk @ (w[:, None] * x)) / s0[:, None]
    score = np.zeros_like(x)
    score[died] += x[died] - xbar
    a = at_risk.T @ (1.0 / s0)
    b = at_risk.T @ (xbar / s0[:, None])
    score -= w[:, None] * (x * a[:, None] - b)
    effect = score @ cph.variance_matrix_.to_numpy(dtype=float)
    return 2.0 * by_woman(np.nan_to_num(effect), groups)


def ph_terms(cph: Any, frame: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Per term, the rank-time proportional-hazards test as a signed z and the largest single
    event's share of it (lifelines' statistic is z²; same residuals, same transform)."""
    from lifelines.statistics import TimeTransformers

    residuals = cph.compute_residuals(frame, kind="scaled_schoenfeld")
    events = cph.event_observed
    times = TimeTransformers().get("rank")(cph.durations, events, cph.weights)[events.values]
    demeaned = np.asarray(times - times.mean(), dtype=float)
    n_deaths = float(events.sum())
    out: dict[str, tuple[float, float]] = {}
    for term in cph.params_.index:
        se = float(cph.standard_errors_[term])
        scale = np.sqrt(n_deaths * se**2 * float((demeaned**2).sum()))
        if not scale or not np.isfinite(scale):
            continue
        parts = demeaned * residuals[term].to_numpy(dtype=float) / scale
        out[str(term)] = (float(parts.sum()), 2.0 * float(np.abs(parts).max(initial=0.0)))
    return out
