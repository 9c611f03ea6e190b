"""Sustained employment with attrition made visible, its logistic model, and dose–response.

Follow-ups lose many women (half by 24 months). So beside the rate among the women reached,
every checkpoint shows the worst case (every lost woman out of work), the best case (every lost
woman in work) and an inverse-probability-weighted rate: a logistic model (statsmodels) of being
reached, given the baseline covariates and generation, weights each reached
woman by 1 / P(reached); the rate and its robust (HC1) interval come from a weighted regression
on a constant. Counts are protected; model figures follow `impact_publish` (ADR 0016).
"""

from __future__ import annotations

import warnings

import numpy as np
import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .disclosure import check_k, small, suppress
from .impact_covariates import design, finite
from .impact_data import check_model_filters, fitted, person_rows, whole_lineage
from .impact_definitions import DEFAULT_DEFINITION, SUSTAINED_MONTHS, EmploymentDefinition
from .impact_influence import glm_influence, wls_influence
from .impact_noise import NOISE_METHOD, Fit, population_key, publish
from .impact_paths import EMPLOYED, paths_source
from .impact_publish import empty, level_counts, min_model_n, rows_frame, withhold
from .reader import AnalyticsReader
from .sql import protected, validate
from .stats import wilson
from .tabulate import Measure

CLOSED = "last_status = 'closed'"


def _measures(m: int) -> list[Measure]:
    col = f"last_employment_{m}"
    return [
        Measure("due", cond=f"{CLOSED} AND last_due_{m}"),
        Measure("reached", cond=f"{CLOSED} AND {col} IS NOT NULL AND {col} <> 'lost'"),
        Measure("employed", cond=f"{CLOSED} AND {col} IN {EMPLOYED}"),
    ]


@memoised
@fitted
def sustained_employment(
    reader: AnalyticsReader,
    filters: Filters = Filters(),
    k: int = DEFAULT_K,
    definition: EmploymentDefinition = DEFAULT_DEFINITION,
) -> QueryResult:
    """Columns: months, due, reached, employed, rate, ci_low, ci_high, worst_case, best_case,
    ipw_rate, ipw_low, ipw_high, method, suppressed. Per woman's path: employed at the 6, 12
    and 24-month follow-ups after the path's closure."""
    check_k(k)
    position = validate(reader, filters)
    source = paths_source(definition)
    parts = []
    for m in SUSTAINED_MONTHS:
        cells = protected(reader, source, [], _measures(m), filters)
        cells = cells.with_columns(
            pl.lit(m).alias("months"), pl.min_horizontal("reached", "due").alias("reached")
        ).with_columns(pl.min_horizontal("employed", "reached").alias("employed"))
        parts.append(cells)
    frame = pl.concat(parts, how="vertical_relaxed")
    frame = suppress(
        frame,
        dims=["months"],
        measures=[Measure(c) for c in ("due", "reached", "employed")],
        k=k,
        unsafe=small(pl.col("reached") - pl.col("employed"), k),
    )
    due, reached = pl.col("due").cast(pl.Float64), pl.col("reached")
    frame = frame.with_columns(wilson("employed", "reached")).with_columns(
        (pl.col("employed") / due).round(3).alias("worst_case"),
        ((pl.col("employed") + due - reached) / due).round(3).alias("best_case"),
        pl.col("rate").round(3),
        pl.col("ci_low").round(3),
        pl.col("ci_high").round(3),
    )
    # a fitted rate: noise of one woman only (ADR 0020), so on the whole lineage only
    ipw = _ipw_rates(reader, filters, k, source) if whole_lineage(filters) else {}
    frame = frame.with_columns(
        pl.col("months")
        .replace_strict(ipw, default=None, return_dtype=pl.List(pl.Float64))
        .alias("_ipw")
    ).with_columns(
        pl.when(pl.col("suppressed")).then(None).otherwise(pl.col("_ipw").list.get(i)).alias(name)
        for i, name in enumerate(("ipw_rate", "ipw_low", "ipw_high"))
    )
    method = (
        "rate among women reached (Wilson 95%); bounds: lost = not employed / employed; IPW: "
        "logistic model of being reached (statsmodels), robust HC1 interval; IPW on the "
        "whole lineage only"
    )
    frame = frame.with_columns(pl.lit(method).alias("method")).select(
        "months",
        "due",
        "reached",
        "employed",
        "rate",
        "ci_low",
        "ci_high",
        "worst_case",
        "best_case",
        "ipw_rate",
        "ipw_low",
        "ipw_high",
        "method",
        "suppressed",
    )
    return QueryResult(frame, position, k, "sustained_employment")


def _ipw_rates(
    reader: AnalyticsReader, filters: Filters, k: int, source: str
) -> dict[int, list[float]]:
    import statsmodels.api as sm

    out: dict[int, list[float]] = {}
    for m in SUSTAINED_MONTHS:
        col = f"last_employment_{m}"
        rows = person_rows(reader, source, filters, extra=f"{CLOSED} AND last_due_{m}")
        if rows.height < min_model_n(k):
            continue
        rows = rows.with_columns(
            (pl.col(col).is_not_null() & (pl.col(col) != "lost")).cast(pl.Int64).alias("r"),
            pl.col(col).is_in(["employed", "self_employed"]).cast(pl.Float64).alias("y"),
            pl.col("generation").cast(pl.String),
        )
        frame, _, _ = design(rows, "r", k, focus="generation", keep=("y", "person_key"))
        frame = finite(frame)
        women = frame.pop("person_key").to_numpy()
        x = sm.add_constant(frame.drop(columns=["r", "y"]).astype(float), has_constant="add")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = sm.GLM(frame["r"], x, family=sm.families.Binomial()).fit().predict(x)
            seen = frame["r"].to_numpy() == 1
            w = 1.0 / np.clip(p.to_numpy()[seen], 0.02, 1.0)
            ones = np.ones((int(seen.sum()), 1))
            fit = sm.WLS(frame["y"].to_numpy()[seen], ones, weights=w).fit(cov_type="HC1")
        # the rate moves by her weight's share when her outcome flips or she is reached
        influence = float(wls_influence(ones, w, women[seen])[0])
        rate = Fit(
            f"ipw_{m}",
            "",
            "",
            float(fit.params[0]),
            float(fit.bse[0]),
            influence,
            None,
            None,
            "",
            lower=0.0,
            upper=1.0,
        )
        published = publish([rate], reader.protection, population_key(rows))[0]
        if not published[-1]:  # withheld when one woman dominates the weighted rate
            est, low, high = (float(v) for v in published[3:6])  # type: ignore[arg-type]
            out[m] = [round(est, 3), round(low, 3), round(high, 3)]
    return out


@memoised
@fitted
def sustained_employment_model(
    reader: AnalyticsReader,
    filters: Filters = Filters(),
    k: int = DEFAULT_K,
    definition: EmploymentDefinition = DEFAULT_DEFINITION,
) -> QueryResult:
    """Columns as cox_employment's: odds ratios of being employed at the 12-month follow-up
    (among women reached), by generation (reference Billan) and by programme, adjusted for
    the baseline covariates and months worked before (statsmodels logistic GLM)."""
    import statsmodels.api as sm

    check_k(k)
    check_model_filters(filters)
    position = validate(reader, filters)
    source = paths_source(definition)
    col = "last_employment_12"
    rows = person_rows(
        reader, source, filters, extra=f"{CLOSED} AND {col} IS NOT NULL AND {col} <> 'lost'"
    ).with_columns(
        pl.col(col).is_in(["employed", "self_employed"]).cast(pl.Int64).alias("y"),
        pl.col("generation").cast(pl.String),
    )
    if rows.height < min_model_n(k):
        return QueryResult(empty(), position, k, "sustained_employment_model")
    fits: list[Fit] = []
    for focus, reference in (("generation", "1"), ("programme", "BILLAN")):
        frame, _, focus_columns = design(
            rows,
            "y",
            k,
            focus=focus,
            focus_reference=reference,
            numeric=("prior_work_months",),
            keep=("person_key",),
        )
        frame = finite(frame)
        women = frame["person_key"].to_numpy()
        x = sm.add_constant(
            frame.drop(columns=["y", "person_key"]).astype(float), has_constant="add"
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = sm.GLM(frame["y"], x, family=sm.families.Binomial()).fit()
        influence = dict(zip(x.columns, glm_influence(fit, x.to_numpy(), women), strict=True))
        counts = protected(
            reader,
            source,
            [focus],
            [
                Measure("n", cond=f"{CLOSED} AND {col} IS NOT NULL AND {col} <> 'lost'"),
                Measure("events", cond=f"{CLOSED} AND {col} IN {EMPLOYED}"),
            ],
            filters,
        )
        by_level = level_counts(counts, focus, k)
        for term in focus_columns:
            level = term.partition("=")[2]
            n, events = by_level.get(level.split(" vs ")[0], (None, None))
            fits.append(
                Fit(
                    f"odds_ratio_employed_12_by_{focus}",
                    focus,
                    level,
                    float(fit.params[term]),
                    float(fit.bse[term]),
                    float(influence[term]),
                    n,
                    events,
                    "logistic GLM (statsmodels), women reached at 12 months, adjusted for "
                    f"baseline covariates and prior work; {definition.describe()}; " + NOISE_METHOD,
                    exp=True,
                )
            )
    out = publish(fits, reader.protection, population_key(rows))
    published = withhold(rows_frame(out), k) if out else empty()
    return QueryResult(published, position, k, "sustained_employment_model")
