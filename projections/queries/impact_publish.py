"""What a fitted model may publish (ADR 0016): the rules every impact query applies.

* a model is fitted only on at least `min_model_n(k)` women, else nothing is published;
* a categorical level with fewer than k women (or 3 % of the rows), k events or k non-events is
  pooled into `other` before fitting, and the pooled level's coefficient is not published;
* every fitted figure carries keyed noise of two single-woman influences, and one that a single
  woman dominates is withheld (impact_noise.py, ADR 0020); estimates and bounds are then
  rounded to 3 decimals;
* every row carries the method and the protected n (and events) of its level, from `tabulate`,
  and a level whose protected n is under k is suppressed like any other cell.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from .disclosure import small, suppress
from .tabulate import Measure

POOLED = "other"
SCHEMA = {
    "estimand": pl.String,
    "term": pl.String,
    "level": pl.String,
    "estimate": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "p_value": pl.Float64,
    "n": pl.Int64,
    "events": pl.Int64,
    "method": pl.String,
    "suppressed": pl.Boolean,
}
"""The frame of every model query: one row per published figure."""


def min_model_n(k: int) -> int:
    """The fewest women a published model may be fitted on."""
    return max(5 * k, 50)


def pool_sparse(
    frame: pl.DataFrame, columns: Sequence[str], outcome: str, k: int
) -> tuple[pl.DataFrame, dict[str, list[str]]]:
    """Pool levels with fewer than k rows, k events or k non-events into `other`.

    Returns the frame and, per column, the levels pooled (never published on their own).
    """
    pooled: dict[str, list[str]] = {}
    floor = max(k, round(0.03 * frame.height))  # few parameters per event in large models too
    for column in columns:
        stats = frame.group_by(column).agg(
            pl.len().alias("n"), pl.col(outcome).cast(pl.Int64).sum().alias("e")
        )
        sparse = stats.filter(
            (pl.col("n") < floor) | (pl.col("e") < k) | (pl.col("n") - pl.col("e") < k)
        )[column].to_list()
        pooled[column] = [str(s) for s in sparse]
        if sparse:
            frame = frame.with_columns(
                pl.when(pl.col(column).is_in(sparse))
                .then(pl.lit(POOLED))
                .otherwise(pl.col(column))
                .alias(column)
            )
    return frame, pooled


def rows_frame(rows: list[tuple[object, ...]]) -> pl.DataFrame:
    """Model rows in SCHEMA order, rounded: 2 decimals for ratios, 3 for probabilities."""
    frame = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    return frame.with_columns(
        pl.col(c).round(3) for c in ("estimate", "ci_low", "ci_high", "p_value")
    )


def withhold(frame: pl.DataFrame, k: int) -> pl.DataFrame:
    """Blank every figure of a row whose protected n is under k, or that is already marked."""
    hide = pl.col("suppressed") | (pl.col("n").is_not_null() & (pl.col("n") < k))
    measures = ("estimate", "ci_low", "ci_high", "p_value", "n", "events")
    return frame.with_columns(hide.alias("suppressed")).with_columns(
        pl.when(pl.col("suppressed")).then(None).otherwise(pl.col(c)).alias(c) for c in measures
    )


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


def level_counts(cells: pl.DataFrame, dim: str, k: int) -> dict[str, tuple[int | None, int | None]]:
    """Protected n and events per level, floored at 0 and suppressed under k (disclosure.py)."""
    shown = suppress(
        cells,
        dims=[dim],
        measures=[Measure("n"), Measure("events")],
        k=k,
        unsafe=small(pl.col("n") - pl.col("events"), k),
    )
    return {str(r[dim]): (r["n"], r["events"]) for r in shown.iter_rows(named=True)}
