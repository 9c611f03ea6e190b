"""The comparison the data can give: women referred but not taken on vs women taken on.

Outcome: in work at the 12-month follow-up after the referral (not taken on) or the path
(taken on) ended, among the women reached. Pre/post: `pre` = worked at least 12 of the 24
months before the referral. The women taken on are weighted to nothing; the women not taken on
are weighted by the odds of being taken on (ATT weights from a statsmodels logistic propensity
model on the baseline covariates, months worked before and the referral year), so that both
groups have the same observed profile. Differences come from weighted least squares with
robust (HC1) intervals. What this can and cannot claim is in ADR 0016: selection on what was
not recorded (motivation, a job offer in hand) is not removed by any weighting.
"""

from __future__ import annotations

import warnings

import numpy as np
import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .disclosure import check_k
from .impact_covariates import design, finite
from .impact_data import check_model_filters, fitted, person_rows
from .impact_definitions import DEFAULT_DEFINITION, EmploymentDefinition
from .impact_influence import wls_influence
from .impact_noise import NOISE_METHOD, Fit, population_key, publish
from .impact_paths import EMPLOYED, paths_source
from .impact_publish import empty, level_counts, min_model_n, rows_frame, withhold
from .reader import AnalyticsReader
from .sql import protected, validate
from .tabulate import Measure

_COLUMNS = (
    "person_key, programme, territory, year, age_band, origin_region, household_type, "
    "education, italian_level, permit, prior_work_months, employment_intake"
)


def comparison_source(definition: EmploymentDefinition) -> str:
    """One row per woman taken on (her path) or not taken on (her referral)."""
    return (
        f"(SELECT 'enrolled' AS arm, {_COLUMNS}, last_employment_12 AS employment_12 "
        f"FROM {paths_source(definition)} WHERE last_status = 'closed' "
        f"UNION ALL SELECT 'not_enrolled' AS arm, {_COLUMNS}, employment_12 "
        "FROM case_facts WHERE status = 'not_taken_on') AS cmp"
    )


MAX_ATT_WEIGHT = 10.0
"""A woman not taken on weighs at most 10 (propensity clipped at 10/11): with the former clip at
0.98 (weight 49) one woman moved the weighted difference by nearly its standard error, which
both made it fragile and left it dominated by her (ADR 0020; truncation as in Cole & Hernán)."""
REACHED = "employment_12 IS NOT NULL AND employment_12 <> 'lost'"


@memoised
@fitted
def comparison_group(
    reader: AnalyticsReader,
    filters: Filters = Filters(),
    k: int = DEFAULT_K,
    definition: EmploymentDefinition = DEFAULT_DEFINITION,
) -> QueryResult:
    """Columns as cox_employment's. Estimands: employed_12 by arm (protected counts, rate),
    risk difference taken on − not taken on (unweighted and ATT-weighted), weighted
    difference-in-differences against `pre`, and the standardised difference in months worked
    before, unweighted and weighted (balance)."""
    import statsmodels.api as sm

    check_k(k)
    check_model_filters(filters)
    position = validate(reader, filters)
    source = comparison_source(definition)
    counts = protected(
        reader,
        source,
        ["arm"],
        [Measure("n", cond=REACHED), Measure("events", cond=f"employment_12 IN {EMPLOYED}")],
        filters,
    )
    by_arm = level_counts(counts, "arm", k)
    rows = person_rows(reader, source, filters, extra=REACHED).with_columns(
        (pl.col("arm") == "enrolled").cast(pl.Int64).alias("enrolled"),
        pl.col("employment_12").is_in(["employed", "self_employed"]).cast(pl.Float64).alias("y"),
        (pl.col("prior_work_months").fill_null(0) >= 12).cast(pl.Float64).alias("pre"),
        pl.col("year").cast(pl.Float64).alias("referral_year"),
    )
    arms = rows["enrolled"].value_counts()
    smallest = int(arms["count"].cast(pl.Int64).min() or 0) if arms.height else 0  # type: ignore[arg-type]
    if rows.height < min_model_n(k) or arms.height < 2 or smallest < k:
        return QueryResult(empty(), position, k, "comparison_group")
    frame, _, _ = design(
        rows,
        "enrolled",
        k,
        numeric=("prior_work_months", "referral_year"),
        keep=("y", "pre", "person_key"),
    )
    frame = finite(frame)
    women = frame["person_key"].to_numpy()
    x = sm.add_constant(frame.drop(columns=["enrolled", "y", "pre", "person_key"]).astype(float))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = np.clip(
            sm.GLM(frame["enrolled"], x, family=sm.families.Binomial()).fit().predict(x),
            0.02,
            MAX_ATT_WEIGHT / (1 + MAX_ATT_WEIGHT),
        )
    treated = frame["enrolled"].to_numpy() == 1
    weights = np.where(treated, 1.0, p / (1 - p))
    method = (
        "taken on vs referred but not taken on, employed at the 12-month follow-up (women "
        "reached); ATT weights from a logistic propensity model (statsmodels); WLS, HC1 95% CI; "
        + NOISE_METHOD
    )
    out: list[tuple[object, ...]] = []
    for arm, (n, events) in sorted(by_arm.items()):
        rate = min(events / n, 1.0) if n and events is not None else None
        hidden = n is None
        out.append(("employed_12", "arm", arm, rate, None, None, None, n, events, method, hidden))
    total = sum(v[0] or 0 for v in by_arm.values())
    fits: list[Fit] = []
    design_x = np.column_stack([np.ones(len(frame)), treated.astype(float)])
    for name, y, w, units in (
        ("risk_difference_unweighted", frame["y"], np.ones(len(frame)), 1.0),
        ("risk_difference_weighted", frame["y"], weights, 1.0),
        # y − pre moves by up to 2 when her row enters or leaves
        ("difference_in_differences_weighted", frame["y"] - frame["pre"], weights, 2.0),
    ):
        coef, se = _wls(y.to_numpy(), design_x, w)
        influence = units * float(wls_influence(design_x, w, women)[1])
        fits.append(Fit(name, "arm", "enrolled", coef, se, influence, total, None, method))
    for label, w in (("unweighted", np.ones(len(frame))), ("weighted", weights)):
        smd, influence = _smd(frame["prior_work_months"].to_numpy(), treated, w)
        fits.append(
            Fit(
                f"balance_prior_work_smd_{label}",
                "prior_work_months",
                "enrolled",
                smd,
                None,
                influence,
                total,
                None,
                "standardised mean difference; " + NOISE_METHOD,
            )
        )
    out += publish(fits, reader.protection, population_key(rows))
    return QueryResult(withhold(rows_frame(out), k), position, k, "comparison_group")


def _wls(y: np.ndarray, x: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    """The difference's coefficient and its robust (HC1) standard error."""
    import statsmodels.api as sm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = sm.WLS(y, x, weights=weights).fit(cov_type="HC1")
    return float(model.params[1]), float(model.bse[1])


def _smd(values: np.ndarray, treated: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    """Weighted standardised mean difference (pooled unweighted SD), a balance diagnostic, and
    the largest change of it one woman's leaving makes (her arm's weighted mean, exactly)."""
    a, b = values[treated], values[~treated]
    mean_a = np.average(a, weights=weights[treated])
    mean_b = np.average(b, weights=weights[~treated])
    sd = np.sqrt((a.var() + b.var()) / 2) or 1.0
    influence = 0.0
    for arm, mean in ((treated, mean_a), (~treated, mean_b)):
        w, v = weights[arm], values[arm]
        rest = np.clip(w.sum() - w, 1e-9, None)
        influence = max(influence, float((w * np.abs(v - mean) / rest).max(initial=0.0)))
    return float((mean_a - mean_b) / sd), influence / sd
