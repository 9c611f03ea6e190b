"""Small-cell suppression: primary (n < k), secondary within lines, and filter differencing.

Why each step (docs/query-layer.md): primary hides small groups of women; secondary makes sure
a hidden cell cannot be recomputed from a line total and the other cells of its line; the
filter check makes sure that two answers differing in one filter never differ by a small
group. Suppressed rows keep their dimensions, lose their measures, and are marked.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from .base import InvalidFilter


def check_k(k: int) -> int:
    if not isinstance(k, int) or k < 2:
        raise InvalidFilter("k must be an integer of at least 2", field="k")
    return k


def small(column: str | pl.Expr, k: int) -> pl.Expr:
    expr = pl.col(column) if isinstance(column, str) else column
    return (expr > 0) & (expr < k)


def protect(
    frame: pl.DataFrame,
    *,
    dims: Sequence[str],
    count: str,
    k: int,
    unsafe: pl.Expr | None = None,
    lines: Sequence[str] | None = None,
    unsafe_cells: pl.DataFrame | None = None,
    keep: Sequence[str] = (),
) -> pl.DataFrame:
    """Mark and blank the cells to hide.

    `count` is the column counting people (the primary rule); `unsafe` adds rows to hide
    (e.g. a small numerator); `unsafe_cells` is a frame of dims flagged by the filter
    differencing check; `lines` the dims along which totals exist (default: all dims).
    `keep` names measures that are not about people and stay visible.
    """
    flag = small(count, k)
    if unsafe is not None:
        flag = flag | unsafe
    out = frame.with_columns(flag.fill_null(False).alias("suppressed"))
    if unsafe_cells is not None and unsafe_cells.height and dims:
        marked = (
            unsafe_cells.select(list(dims)).unique().with_columns(pl.lit(True).alias("_unsafe"))
        )
        out = (
            out.join(marked, on=list(dims), how="left", nulls_equal=True)
            .with_columns(
                (pl.col("suppressed") | pl.col("_unsafe").fill_null(False)).alias("suppressed")
            )
            .drop("_unsafe")
        )
    out = _secondary(
        out, dims=list(dims), lines=list(lines if lines is not None else dims), count=count, k=k
    )
    measures = [c for c in out.columns if c not in dims and c != "suppressed" and c not in keep]
    return out.with_columns(
        [pl.when(pl.col("suppressed")).then(None).otherwise(pl.col(c)).alias(c) for c in measures]
    )


def _secondary(
    frame: pl.DataFrame, *, dims: list[str], lines: list[str], count: str, k: int
) -> pl.DataFrame:
    """In every line holding a hidden cell, hide more (smallest first) until the hidden cells
    are at least two and add up to at least k, or nothing non-zero is left to hide."""
    if not lines or frame.height == 0:
        return frame
    rows = frame.with_row_index("_i")
    hidden = set(rows.filter(pl.col("suppressed"))["_i"].to_list())
    counts = dict(zip(rows["_i"].to_list(), rows[count].fill_null(0).to_list(), strict=True))
    groups_by_line = []
    for line in lines:
        others = [d for d in dims if d != line]
        if others:
            parts = rows.group_by(others, maintain_order=True).agg(pl.col("_i"))["_i"].to_list()
        else:
            parts = [rows["_i"].to_list()]
        groups_by_line.extend(parts)
    changed = True
    while changed:
        changed = False
        for members in groups_by_line:
            inside = [i for i in members if i in hidden]
            if not inside:
                continue
            total = sum(counts[i] for i in inside)
            candidates = sorted(
                (counts[i], i) for i in members if i not in hidden and counts[i] > 0
            )
            while candidates and (len(inside) < 2 or total < k):
                value, index = candidates.pop(0)
                hidden.add(index)
                inside.append(index)
                total += value
                changed = True
    return rows.with_columns(pl.col("_i").is_in(sorted(hidden)).alias("suppressed")).drop("_i")
