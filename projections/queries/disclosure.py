"""Suppression applied after protection: no published figure shows fewer than k women.

Why it comes last (ADR 0012): protection (tabulate.py) already makes every figure a sum of
perturbed microcells, so subtracting, complementing or averaging answers yields protected
values, never true ones. Suppression then only keeps small *published* values from being read
at face value ("3 women from West Africa over 65 in Sostengo"). Secondary suppression and
filter-by-filter checks are no longer needed: a hidden cell recomputed from its line total is
still a protected value. Suppressed rows keep their dimensions, lose their measures, and are
marked. Only a cell with no rows at all is an exact 0; a protected count at or below 0 is
shown as 0.
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


def suppress(
    frame: pl.DataFrame,
    *,
    dims: Sequence[str],
    measures: Sequence[Measure],
    k: int,
    unsafe: pl.Expr | None = None,
) -> pl.DataFrame:
    """Mark and blank rows where any people-counting measure is published between 1 and k-1.

    The rule reads published (protected) values only: deciding on the true size would leak it.
    A protected count at or below zero is shown as 0. `unsafe` adds rows to hide (e.g. a small
    complement of a rate's numerator). Contributor columns (`_<measure>_n`) are dropped: they
    are the true sizes and never leave.
    """
    flag = pl.lit(False)
    for m in measures:
        if m.kind != "sum":
            flag = flag | small(m.name, k)
    if unsafe is not None:
        flag = flag | unsafe
    out = frame.with_columns(flag.fill_null(False).alias("suppressed"))
    names = [m.name for m in measures]
    floors = {m.name for m in measures if m.kind != "sum" or m.nonneg}
    shown = [
        (pl.max_horizontal(pl.col(c), pl.lit(0)) if c in floors else pl.col(c)).cast(out.schema[c])
        for c in names
    ]
    return out.with_columns(
        pl.when(pl.col("suppressed")).then(None).otherwise(e).alias(c)
        for e, c in zip(shown, names, strict=True)
    ).select([*dims, *names, "suppressed"])
