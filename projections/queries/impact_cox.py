"""Cox models of a first job on the path's clock, with the proportional-hazards check.

Fitted on person rows inside the query layer (impact_data); only hazard ratios, their intervals
and the check leave, under the rules of `impact_publish` (ADR 0016).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .disclosure import check_k
from .impact_covariates import design, finite
from .impact_data import check_model_filters, fitted, person_rows
from .impact_definitions import DEFAULT_DEFINITION, EmploymentDefinition
from .impact_influence import cox_influence, ph_terms
from .impact_noise import NOISE_METHOD, Fit, noisy_statistic, population_key, publish
from .impact_paths import case_intervals_source, paths_source
from .impact_publish import empty, level_counts, min_model_n, rows_frame, withhold
from .reader import AnalyticsReader
from .sql import protected, validate
from .tabulate import Measure

if TYPE_CHECKING:
    import pandas as pd
    from lifelines import CoxPHFitter

COX_NUMERIC = ("prior_work_months", "sessions_per_month")
RIDGE = 0.1


def _ph_check(
    reader: AnalyticsReader,
    filters: Filters,
    definition: EmploymentDefinition,
    focus: str,
    reference: str,
    k: int,
) -> tuple[dict[str, tuple[float, float]], str]:
    """The proportional-hazards test on the per-path model (same terms, no delayed entry):
    per term its signed z and one woman's influence on it (impact_influence.ph_terms), and
    the digest of the rows it was fitted on (the noise's key)."""
    from lifelines.exceptions import ConvergenceError

    rows = person_rows(reader, paths_source(definition), filters, extra="event IS NOT NULL")
    rows = rows.with_columns(
        pl.col("job_day").is_not_null().cast(pl.Int64).alias("in_programme_job"),
        (pl.coalesce("job_day", "end_date") - pl.col("start_date"))
        .dt.total_days()
        .alias("duration"),
    ).filter(pl.col("duration") > 0)
    frame, _, _ = design(
        rows,
        "in_programme_job",
        k,
        focus=focus,
        focus_reference=reference,
        numeric=COX_NUMERIC,
        keep=("duration",),
    )
    frame = finite(frame)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            cph = CoxPHFitter_().fit(frame, "duration", "in_programme_job")
        except ConvergenceError:
            cph = CoxPHFitter_(penalizer=RIDGE).fit(frame, "duration", "in_programme_job")
        return ph_terms(cph, frame), population_key(rows)


def CoxPHFitter_(penalizer: float = 0.0) -> CoxPHFitter:
    from lifelines import CoxPHFitter

    return CoxPHFitter(penalizer=penalizer)


def _fit_cox(frame: pd.DataFrame, penalizer: float) -> CoxPHFitter:
    from lifelines import CoxPHFitter

    return CoxPHFitter(penalizer=penalizer).fit(
        frame,
        duration_col="stop_days",
        event_col="event",
        entry_col="entry_days",
        cluster_col="path_key",
        robust=True,
    )


@memoised
@fitted
def cox_employment(
    reader: AnalyticsReader,
    filters: Filters = Filters(),
    k: int = DEFAULT_K,
    definition: EmploymentDefinition = DEFAULT_DEFINITION,
) -> QueryResult:
    """Columns: estimand, term, level, estimate (hazard ratio, or the PH test's statistic),
    ci_low, ci_high, p_value, n, events, method, suppressed.

    Cox PH (lifelines) of a first job while in the programme, on the path's clock (counting
    process: the generation changes at a carry-over), adjusted for the baseline covariates,
    months worked before and job-accompaniment sessions a month (the dose); robust errors by
    path. Two models: by generation (reference Billan) and by programme (reference BILLAN).
    The proportional-hazards check (Schoenfeld residuals, rank time) is reported per term.
    """
    check_k(k)
    check_model_filters(filters)
    position = validate(reader, filters)
    source = case_intervals_source(definition)
    rows = person_rows(reader, source, filters, extra="stop_days > entry_days")
    out: list[tuple[object, ...]] = []
    for focus, reference in (("generation", "1"), ("programme", "BILLAN")):
        out += _cox_rows(reader, rows, focus, reference, filters, k, definition, source)
    frame = withhold(rows_frame(out), k) if out else empty()
    return QueryResult(frame, position, k, "cox_employment")


def _cox_rows(
    reader: AnalyticsReader,
    rows: pl.DataFrame,
    focus: str,
    reference: str,
    filters: Filters,
    k: int,
    definition: EmploymentDefinition,
    source: str,
) -> list[tuple[object, ...]]:
    from lifelines.exceptions import ConvergenceError

    paths = rows["path_key"].n_unique() if rows.height else 0
    if paths < min_model_n(k):
        return []
    frame, _, focus_columns = design(
        rows.with_columns(pl.col("event").cast(pl.Int64)),
        "event",
        k,
        focus=focus,
        focus_reference=reference,
        numeric=COX_NUMERIC,
        keep=("entry_days", "stop_days", "path_key", "person_key"),
    )
    frame = finite(frame.drop(columns=["path_key", "person_key"])).join(
        frame[["path_key", "person_key"]]
    )
    women = frame.pop("person_key").to_numpy()
    penalizer = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            cph = _fit_cox(frame, penalizer)
        except ConvergenceError:  # few events for many levels: a light ridge, and say so
            penalizer = RIDGE
            cph = _fit_cox(frame, penalizer)
        influence = dict(
            zip(
                cph.params_.index,
                cox_influence(
                    cph, frame, women, entry="entry_days", stop="stop_days", event="event"
                ),
                strict=True,
            )
        )
        ph, ph_key = _ph_check(reader, filters, definition, focus, reference, k)
    counts = protected(
        reader,
        f"(SELECT * FROM {source} WHERE stop_days > entry_days) AS ci",
        [focus],
        [Measure("n", kind="people"), Measure("events", cond="event")],
        filters,
    )
    by_level = level_counts(counts, focus, k)
    method = (
        "Cox PH (lifelines), counting process from first intake, robust SE by path; adjusted "
        f"for baseline covariates, prior work, job-accompaniment dose; {definition.describe()}"
        + (f"; ridge penaliser {RIDGE} (unpenalised fit did not converge)" if penalizer else "")
        + "; "
        + NOISE_METHOD
    )
    summary = cph.summary
    terms = (
        [*focus_columns, *(c for c in COX_NUMERIC if c in summary.index)]
        if focus == "generation"
        else focus_columns
    )
    protection = reader.protection
    population = population_key(rows)
    out: list[tuple[object, ...]] = []
    for term in terms:
        column, _, level = term.partition("=")
        key = level.split(" vs ")[0]  # "2 vs 4" when the asked reference was pooled
        n, events = by_level.get(key, (None, None)) if level else (paths, None)
        fit = Fit(
            f"hazard_ratio_by_{focus}",
            column,
            level or "per unit",
            float(summary.loc[term, "coef"]),
            float(summary.loc[term, "se(coef)"]),
            float(influence[term]),
            n,
            events,
            method,
            exp=True,
        )
        out += publish([fit], protection, population)
        statistic = p_value = None
        hidden = False
        if term in ph:
            z, z_influence = ph[term]
            name = (f"ph_check_{focus}", column, level)
            statistic, p_value = noisy_statistic(protection, ph_key, name, z, z_influence)
            hidden = statistic is None
        out.append(
            (
                f"ph_check_{focus}",
                column,
                level or "per unit",
                statistic,
                None,
                None,
                p_value,
                n,
                events,
                "Schoenfeld residuals vs rank of time (lifelines proportional_hazard_test) on "
                "the per-path model (covariates at first intake): lifelines has no residuals "
                "with delayed entry; " + NOISE_METHOD,
                hidden,
            )
        )
    return out
