"""Descriptive impact tables on protected counts: job quality, autonomy beyond work, distance
travelled at fixed horizons, and employment by dose of support (ADR 0016).

All are tabulations (protection, then suppression), so they take every dashboard filter.
"""

from __future__ import annotations

import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .disclosure import check_k, small, suppress
from .impact_definitions import DEFAULT_DEFINITION, HORIZONS_MONTHS, EmploymentDefinition
from .impact_paths import SUPPORT_KINDS, paths_source
from .reader import AnalyticsReader
from .sql import protected, validate
from .stats import wilson
from .tabulate import Measure

HOURS_BANDS = (
    "CASE WHEN weekly_hours < 18 THEN '<18' WHEN weekly_hours < 30 THEN '18-29' ELSE '30+' END"
)


@memoised
def job_quality(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: contract_kind, hours_band, jobs, suppressed. Every job started (any kind),
    by contract kind and weekly hours (<18, 18–29, 30+): what the definition keeps or leaves."""
    check_k(k)
    position = validate(reader, filters)
    source = (
        f"(SELECT *, {HOURS_BANDS} AS hours_band FROM outcomes WHERE kind = 'job_started') AS jq"
    )
    cells = protected(
        reader,
        source,
        ["contract_kind", "hours_band"],
        [Measure("jobs")],
        filters,
        contributor="case_key",
    )
    frame = suppress(cells, dims=["contract_kind", "hours_band"], measures=[Measure("jobs")], k=k)
    return QueryResult(frame, position, k, "job_quality")


@memoised
def autonomy(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: checkpoint (intake|6|12|24), aspect (income|housing), value, n, suppressed.
    Per woman's path: her income source and housing at the first intake and at the follow-ups
    after the path's closure (women reached)."""
    check_k(k)
    position = validate(reader, filters)
    source = paths_source(DEFAULT_DEFINITION)
    parts = []
    for checkpoint in ("intake", "6", "12", "24"):
        for aspect, column in (("income", "income"), ("housing", "housing")):
            col = f"{column}_intake" if checkpoint == "intake" else f"last_{column}_{checkpoint}"
            view = f"(SELECT *, {col} AS value FROM {source} WHERE {col} IS NOT NULL) AS av"
            cells = protected(reader, view, ["value"], [Measure("n")], filters)
            parts.append(
                cells.with_columns(
                    pl.lit(checkpoint).alias("checkpoint"), pl.lit(aspect).alias("aspect")
                )
            )
    frame = pl.concat(parts, how="vertical_relaxed")
    frame = suppress(frame, dims=["checkpoint", "aspect", "value"], measures=[Measure("n")], k=k)
    return QueryResult(frame, position, k, "autonomy")


@memoised
def distance_at_horizons(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: horizon_months, domain, reassessed, mean_change, not_reassessed, suppressed.

    Per case (a carry-over restarts the baseline): the change from the intake score to the last
    score within 6 / 12 months of intake, among cases reassessed by then; cases the horizon has
    reached but that were never reassessed are counted apart, never as zero change."""
    check_k(k)
    position = validate(reader, filters)
    parts = []
    for months in HORIZONS_MONTHS:
        reached = f"(f.closed_date IS NOT NULL OR f.censor_days >= {round(months * 30.4375)})"
        source = (
            f"(SELECT s.*, f.person_key, s.at_{months} - s.baseline AS change, "
            f"s.at_{months} IS NOT NULL AS seen FROM case_scores s JOIN case_facts f "
            f"USING (case_key) WHERE {reached}) AS dh"
        )
        cells = protected(
            reader,
            source,
            ["domain"],
            [
                Measure("reassessed", cond="seen"),
                Measure(
                    "change_sum",
                    kind="sum",
                    cond="seen",
                    value="change",
                    integer=False,
                    nonneg=False,
                ),
                Measure("not_reassessed", cond="NOT seen"),
            ],
            filters,
        )
        parts.append(cells.with_columns(pl.lit(months).alias("horizon_months")))
    frame = pl.concat(parts, how="vertical_relaxed")
    measures = [
        Measure("reassessed"),
        Measure("change_sum", kind="sum", nonneg=False),
        Measure("not_reassessed"),
    ]
    frame = suppress(frame, dims=["horizon_months", "domain"], measures=measures, k=k)
    frame = frame.with_columns(
        (pl.col("change_sum") / pl.col("reassessed")).round(2).alias("mean_change")
    ).select(
        "horizon_months", "domain", "reassessed", "mean_change", "not_reassessed", "suppressed"
    )
    return QueryResult(frame, position, k, "distance_at_horizons")


BANDS = (
    "CASE WHEN support_hours < 10 THEN '0-9' WHEN support_hours < 25 THEN '10-24' "
    "WHEN support_hours < 50 THEN '25-49' ELSE '50+' END"
)
ELIGIBLE = "event IS NOT NULL AND (days >= 365 OR event IN ('employment', 'competing'))"


@memoised
def dose_response(
    reader: AnalyticsReader,
    filters: Filters = Filters(),
    k: int = DEFAULT_K,
    definition: EmploymentDefinition = DEFAULT_DEFINITION,
) -> QueryResult:
    """Columns: dimension (hours_band | kind), level, n, employed, rate, ci_low, ci_high,
    method, suppressed. Employment within 12 months of the first intake (women followed that
    long, or who found work or left before), by hours of support and by kind received.
    Descriptive: a woman who finds work early receives fewer hours; the adjusted slope per
    monthly session of job accompaniment is in cox_employment."""
    check_k(k)
    position = validate(reader, filters)
    source = paths_source(definition)
    measures = [
        Measure("n"),
        Measure("employed", cond="event = 'employment' AND days <= 365"),
    ]
    parts = []
    view = f"(SELECT *, {BANDS} AS level FROM {source} WHERE {ELIGIBLE}) AS dr"
    parts.append(
        protected(reader, view, ["level"], measures, filters).with_columns(
            pl.lit("hours_band").alias("dimension")
        )
    )
    for kind in SUPPORT_KINDS:
        view = (
            f"(SELECT *, CASE WHEN n_{kind} > 0 THEN '{kind}' ELSE 'not_{kind}' END AS level "
            f"FROM {source} WHERE {ELIGIBLE}) AS dk"
        )
        parts.append(
            protected(reader, view, ["level"], measures, filters).with_columns(
                pl.lit("kind").alias("dimension")
            )
        )
    frame = pl.concat(parts, how="vertical_relaxed").with_columns(
        pl.min_horizontal("employed", "n").alias("employed")
    )
    frame = suppress(
        frame,
        dims=["dimension", "level"],
        measures=[Measure("n"), Measure("employed")],
        k=k,
        unsafe=small(pl.col("n") - pl.col("employed"), k),
    )
    method = (
        f"share employed within 12 months of first intake (Wilson 95%); {definition.describe()}"
    )
    frame = (
        frame.with_columns(wilson("employed", "n"))
        .with_columns(pl.col(c).round(3) for c in ("rate", "ci_low", "ci_high"))
        .with_columns(pl.lit(method).alias("method"))
        .select(
            "dimension",
            "level",
            "n",
            "employed",
            "rate",
            "ci_low",
            "ci_high",
            "method",
            "suppressed",
        )
    )
    return QueryResult(frame, position, k, "dose_response")
