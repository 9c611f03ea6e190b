"""Design matrices for the impact models: baseline covariates as dummies, sparse levels pooled.

The baseline set of issue 14: age (band middle, in decades), origin region, household,
education, permit, employment at intake, Italian level, and months worked in the 24 before the
referral (unknown → 0 with an indicator, so women recorded before that question was asked stay
in the models).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import polars as pl

from .impact_publish import POOLED, pool_sparse

CATEGORICAL = (
    "origin_region",
    "household_type",
    "education",
    "permit",
    "employment_intake",
    "italian_level",
)


def design(
    rows: pl.DataFrame,
    outcome: str,
    k: int,
    *,
    focus: str | None = None,
    focus_reference: str | None = None,
    numeric: Sequence[str] = (),
    keep: Sequence[str] = (),
) -> tuple[pd.DataFrame, dict[str, list[str]], list[str]]:
    """A pandas frame of dummies (reference = most common level; `focus_reference` for the
    focus term) plus `numeric` and `keep` columns; the pooled levels; the focus dummies."""
    categorical = [c for c in (focus, *CATEGORICAL) if c is not None and c in rows.columns]
    frame = rows.with_columns(
        pl.col(c).cast(pl.String).fill_null("unknown") for c in categorical
    ).with_columns(pl.col(outcome).cast(pl.Int64))
    frame = _age(_prior_work(frame))
    frame, pooled = pool_sparse(frame, categorical, outcome, k)
    parts: list[pd.DataFrame] = []
    focus_columns: list[str] = []
    for column in categorical:
        counts = frame[column].value_counts().sort(["count", column], descending=[True, False])
        levels = counts[column].to_list()
        if len(levels) < 2:
            continue
        reference = focus_reference if column == focus else None
        moved = reference is not None and reference not in levels  # the asked reference pooled
        if reference not in levels:
            reference = next((lv for lv in levels if lv != POOLED), levels[0])
        for level in levels:
            if level == reference:
                continue
            # a focus term against another reference than the one asked says so in its name
            name = f"{column}={level}" + (f" vs {reference}" if moved else "")
            parts.append(pd.DataFrame({name: (frame[column] == level).to_numpy().astype(float)}))
            if column == focus and level != POOLED:
                focus_columns.append(name)
    numeric = [*numeric, "age_decades"] if "age_decades" in frame.columns else list(numeric)
    extra = [*numeric, "prior_work_unknown", outcome, *keep]
    base = frame.select([c for c in dict.fromkeys(extra) if c in frame.columns]).to_pandas()
    out = pd.concat([base, *parts], axis=1)
    covariates = [*numeric, "prior_work_unknown", *(c for p in parts for c in p.columns)]
    dropped = _dependent(out, [c for c in covariates if c in out.columns], first=focus_columns)
    out = out.drop(columns=dropped)
    return out, pooled, [c for c in focus_columns if c not in dropped]


def _dependent(frame: pd.DataFrame, columns: list[str], first: list[str]) -> list[str]:
    """Columns that are constant or a linear combination of earlier ones (focus terms first),
    e.g. an EU-citizen permit that is exactly the EU origin region: a model cannot fit both.
    One QR decomposition: a column adds nothing when its diagonal entry of R vanishes."""
    order = [*first, *(c for c in columns if c not in first)]
    if not order:
        return []
    matrix = np.hstack([np.ones((len(frame), 1)), frame[order].to_numpy(dtype=float)])
    kept: list[int] = [0]
    dropped: list[str] = []
    for i, column in enumerate(order, start=1):
        _, r = np.linalg.qr(matrix[:, [*kept, i]])
        if abs(r[-1, -1]) > 1e-8 * max(1.0, float(np.abs(matrix[:, i]).max())):
            kept.append(i)
        else:
            dropped.append(column)
    return dropped


def _age(frame: pl.DataFrame) -> pl.DataFrame:
    """Age as the middle of her 5-year band, in decades (one parameter, not eleven)."""
    if "age_band" not in frame.columns:
        return frame
    low = pl.col("age_band").str.extract(r"(\d+)").cast(pl.Float64)
    middle = pl.when(pl.col("age_band").str.starts_with("<")).then(low - 2).otherwise(low + 2)
    return frame.with_columns((middle / 10).fill_null(3.6).alias("age_decades"))


def _prior_work(frame: pl.DataFrame) -> pl.DataFrame:
    if "prior_work_months" not in frame.columns:
        return frame
    return frame.with_columns(
        pl.col("prior_work_months").is_null().cast(pl.Float64).alias("prior_work_unknown"),
        pl.col("prior_work_months").fill_null(0).cast(pl.Float64).alias("prior_work_months"),
    )


def finite(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with every numeric value finite (a model refuses NaN and infinities)."""
    numeric = frame.select_dtypes(include=[np.number])
    return frame.loc[np.isfinite(numeric.to_numpy()).all(axis=1)]
