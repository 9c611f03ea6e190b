"""Interval estimates used by several queries (Wilson for rates, t for mean changes)."""

from __future__ import annotations

import math

import polars as pl

Z95 = 1.959963984540054


def wilson(numerator: str, denominator: str, prefix: str = "") -> list[pl.Expr]:
    """rate, ci_low, ci_high of numerator/denominator with the Wilson 95% score interval."""
    n, x = pl.col(denominator).cast(pl.Float64), pl.col(numerator).cast(pl.Float64)
    p = x / n
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * ((p * (1 - p) / n + z2 / (4 * n * n)).sqrt()) / (1 + z2 / n)
    valid = n > 0
    return [
        pl.when(valid).then(p).otherwise(None).alias(f"{prefix}rate"),
        pl.when(valid).then(centre - half).otherwise(None).alias("ci_low"),
        pl.when(valid).then(centre + half).otherwise(None).alias("ci_high"),
    ]


def t_intervals(
    means: list[float | None], sds: list[float | None], ns: list[int | None]
) -> tuple[list[float | None], list[float | None]]:
    """95% t intervals of several means at once (one scipy call, not one per row)."""
    import numpy as np
    from scipy import stats  # imported on use: it is slow to import

    low: list[float | None] = []
    high: list[float | None] = []
    usable = [
        m is not None and s is not None and n is not None and n >= 2 and not math.isnan(s)
        for m, s, n in zip(means, sds, ns, strict=True)
    ]
    dfs = np.array([(n or 2) - 1 for n in ns], dtype=float)
    quantiles = stats.t.ppf(0.975, np.maximum(dfs, 1.0)) if len(dfs) else np.array([])
    for ok, m, s, n, q in zip(usable, means, sds, ns, quantiles, strict=True):
        if not ok:
            low.append(None)
            high.append(None)
            continue
        half = float(q) * float(s) / math.sqrt(float(n))  # type: ignore[arg-type]
        low.append(float(m) - half)  # type: ignore[arg-type]
        high.append(float(m) + half)  # type: ignore[arg-type]
    return low, high
