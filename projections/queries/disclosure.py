"""Suppression applied after protection: no published figure shows fewer than k women.

Why it comes last (ADR 0012): protection (tabulate.py) already makes every figure a sum of
perturbed microcells, so subtracting, complementing or averaging answers yields protected
values, never true ones. Suppression then only keeps small *published* values from being read
at face value ("3 women from West Africa over 65 in Sostengo"). Secondary suppression and
filter-by-filter checks are no longer needed: a hidden cell recomputed from its line total is
still a protected value. Suppressed rows keep their dimensions, lose their measures, and are
marked. A cell with no contributors at all is an exact 0 and is shown, as the cell-key method
does.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from .base import InvalidFilter
from .tabulate import Measure


def check_k(k: int) -> int:
    if not isinstance(k, int) or k < 2:
        raise InvalidFilter("k must be an integer of at least 2", field="k")
    return k


def small(column: str | pl.Expr, k: int) -> pl.Expr:
    """A published value that is positive but under k (on protected values)."""
    expr = pl.col(column) if isinstance(column, str) else column
    return (expr > 0) & (expr < k)


def below_k(measure: Measure, k: int) -> pl.Expr:
    """A non-empty cell whose protected count is under k (zero or negative included)."""
    return (pl.col(f"_{measure.name}_n") > 0) & (pl.col(measure.name) < k)


def suppress(
    frame: pl.DataFrame,
    *,
    dims: Sequence[str],
    measures: Sequence[Measure],
    k: int,
    unsafe: pl.Expr | None = None,
) -> pl.DataFrame:
    """Mark and blank rows where any people-counting measure is non-empty and under k.

    `unsafe` adds rows to hide (e.g. a small complement of a rate's numerator). Contributor
    columns (`_<measure>_n`) are dropped: they are the true sizes and never leave.
    """
    flag = pl.lit(False)
    for m in measures:
        if m.kind != "sum":
            flag = flag | below_k(m, k)
    if unsafe is not None:
        flag = flag | unsafe
    out = frame.with_columns(flag.fill_null(False).alias("suppressed"))
    names = [m.name for m in measures]
    floors = {m.name for m in measures if m.kind == "sum" and m.nonneg}
    shown = [
        (pl.max_horizontal(pl.col(c), pl.lit(0)) if c in floors else pl.col(c)).cast(out.schema[c])
        for c in names
    ]
    return out.with_columns(
        pl.when(pl.col("suppressed")).then(None).otherwise(e).alias(c)
        for e, c in zip(shown, names, strict=True)
    ).select([*dims, *names, "suppressed"])
