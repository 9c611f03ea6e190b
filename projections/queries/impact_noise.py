"""Keyed noise on fitted figures, scaled to one woman's influence (ADR 0020).

Why: a fitted figure is an exact function of its rows. Models refuse selection filters (ADR
0016), but two as-of snapshots just before and after one woman's 12-month follow-up still
differ by her alone, and the change of a rounded risk difference gave her outcome. So every
fitted coefficient, its standard error and the proportional-hazards statistic get noise:

* **keyed** like the cell-key noise of `protection.py`: a pure function of the release's salt,
  the model's rows (all of them: `population_key`), the figure's name and its true value. The
  same rows give the same figure in every query, snapshot and report (asking again or
  averaging gives nothing; the signed report stays reproducible); any change of any woman's
  row gives fresh noise;
* **scaled to one woman**: `influence` is the largest change one woman's record can make to
  the coefficient (entering or leaving the model, or her outcome changing), from the fit's own
  influence measures (`impact_influence.py`); the noise has NOISE_INFLUENCES (2) times that
  standard deviation, as a count's noise has σ = 2 for one woman's unit (ADR 0012);
* **dominance**: a coefficient that one woman can move by more than DOMINANCE of its standard
  error is not published at all (as magnitude tables withhold cells one contributor
  dominates): noise large enough to hide her would make the interval meaningless.

The interval and p-value are recomputed from the noisy coefficient and noisy standard error
(Wald), so the estimate, bounds and p-value carry one noise draw, not three: the attacker gets
one noisy view of each coefficient per population.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from .protection import Protection

NOISE_INFLUENCES = 2.0
"""Noise standard deviation in units of the largest single-woman influence."""
DOMINANCE = 0.5
"""A coefficient one woman can move by more than this many standard errors is withheld."""
SE_NOISE_CAP = 0.25
"""The standard error's noise (on its log) never exceeds this; a figure that would need more
is dominated by one woman and withheld anyway."""
NOISE_METHOD = "keyed noise of 2 single-woman influences (ADR 0020)"
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Fit:
    """One fitted figure before publication.

    `coef` on the scale the model estimates (log for ratios: `exp` publishes exp(coef));
    `se` its standard error (None: no interval, e.g. a balance diagnostic); `influence` the
    largest change one woman can make to `coef` (same scale). `lower`/`upper` clamp a rate.
    """

    estimand: str
    term: str
    level: str
    coef: float
    se: float | None
    influence: float
    n: int | None
    events: int | None
    method: str
    exp: bool = False
    lower: float | None = None
    upper: float | None = None


def population_key(rows: pl.DataFrame) -> str:
    """A digest of every row a model is fitted on (sorted rows: impact_data.person_rows).

    It never leaves the query layer; it only makes the noise fresh when any row changes."""
    return hashlib.sha256(rows.write_csv().encode()).hexdigest()


def keyed_normal(protection: Protection, population: str, *parts: object) -> float:
    """A standard normal that is a pure function of the salt, the population and `parts`."""
    from scipy.special import ndtri  # slow to import: on use

    text = "|".join([protection.salt, population, *(repr(p) for p in parts)])
    bits = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little") >> 11
    return float(ndtri((bits + 0.5) / float(1 << 53)))


def _true(value: float) -> float:
    """The true value as keyed: 9 significant digits, so the last bits of a float sum (which
    no one can see) cannot split one population's noise in two."""
    return float(f"{value:.9g}")


def publish(
    fits: Sequence[Fit], protection: Protection, population: str
) -> list[tuple[object, ...]]:
    """Rows for impact_publish.rows_frame: noisy estimate, Wald interval and p-value."""
    from scipy.stats import norm

    out: list[tuple[object, ...]] = []
    for f in fits:
        coef, se, withheld = f.coef, f.se, False
        if protection.enabled:
            name = (f.estimand, f.term, f.level)
            if se is not None and se > 0:
                # One woman moves a sandwich variance by at most about 3·influence² (her term
                # D² → (D ± influence)², |D| ≤ influence): log SE by 1.5·(influence / se)².
                spread = min(NOISE_INFLUENCES * 1.5 * (f.influence / se) ** 2, SE_NOISE_CAP)
                se *= math.exp(
                    spread * keyed_normal(protection, population, *name, "se", _true(se))
                )
                withheld = dominated(protection, population, name, f.influence, se)
            coef += (
                NOISE_INFLUENCES
                * f.influence
                * keyed_normal(protection, population, *name, "coef", _true(f.coef))
            )
        if withheld or not math.isfinite(coef):
            blank = (None, None, None, None, f.n, f.events, f.method, True)
            out.append((f.estimand, f.term, f.level, *blank))
            continue
        low = high = p = None
        if se is not None and se > 0 and math.isfinite(se):
            low, high = coef - Z95 * se, coef + Z95 * se
            p = float(2 * norm.sf(abs(coef) / se))
        values = [coef, low, high]
        if f.exp:
            values = [None if v is None else math.exp(min(v, 700.0)) for v in values]
        if f.lower is not None or f.upper is not None:
            lo = -math.inf if f.lower is None else f.lower
            hi = math.inf if f.upper is None else f.upper
            values = [None if v is None else min(max(v, lo), hi) for v in values]
        out.append((f.estimand, f.term, f.level, *values, p, f.n, f.events, f.method, False))
    return out


def dominated(
    protection: Protection, population: str, name: tuple[str, ...], influence: float, se: float
) -> bool:
    """One woman can move the figure by more than DOMINANCE of its (noisy) standard error.

    Decided on a keyed, jittered influence and the noisy SE, never on the true values alone:
    a decision taken on exact figures would flip between two snapshots on her record."""
    jitter = math.exp(0.1 * keyed_normal(protection, population, *name, "dominance"))
    return influence * jitter > DOMINANCE * se


def noisy_statistic(
    protection: Protection, population: str, name: tuple[str, ...], z: float, influence: float
) -> tuple[float | None, float | None]:
    """A chi-squared(1) test published as (statistic, p) from a noisy signed z (unit standard
    error): the proportional-hazards check is a fitted figure too. (None, None) when one
    woman can move z by more than DOMINANCE."""
    from scipy.stats import chi2

    if protection.enabled:
        if dominated(protection, population, name, influence, 1.0):
            return None, None
        z += NOISE_INFLUENCES * influence * keyed_normal(protection, population, *name, _true(z))
    return z * z, float(chi2.sf(z * z, 1))
