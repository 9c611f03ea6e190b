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


def t_interval(mean: float | None, sd: float | None, n: int) -> tuple[float | None, float | None]:
    """95% t interval of a mean from its standard deviation and n."""
    if mean is None or sd is None or n < 2 or math.isnan(sd):
        return None, None
    from scipy import stats  # imported on use: it is slow to import

    half = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
    return mean - half, mean + half
