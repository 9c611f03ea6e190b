"""Activities page: activity mix, referrals on to services, groups, the listening space."""

from __future__ import annotations

import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .reader import AnalyticsReader
from .sql import counts, validate, where
from .tabulate import Measure


@memoised
def activity_mix(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: year, kind, women, activities, hours, suppressed."""
    return counts(
        "activity_mix",
        reader,
        "activity_months",
        ["year", "kind"],
        [
            Measure("women", "people"),
            Measure("activities", "sum", value="activities"),
            Measure("hours", "sum", value="hours", integer=False),
        ],
        filters,
        k,
    )


@memoised
def service_referrals(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: year, service, n (referrals), women, suppressed."""
    return counts(
        "service_referrals",
        reader,
        "service_referrals",
        ["year", "service"],
        [Measure("n"), Measure("women", "people")],
        filters,
        k,
    )


@memoised
def listening_space(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: year, programme, interviews, women, hours, suppressed."""
    return counts(
        "listening_space",
        reader,
        "activity_months",
        ["year", "programme"],
        [
            Measure("interviews", "sum", value="activities"),
            Measure("women", "people"),
            Measure("hours", "sum", value="hours", integer=False),
        ],
        filters,
        k,
        extra="kind = 'listening_interview'",
    )


@memoised
def groups(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns:

    year, programme, group_kind, groups, sessions, attendances, women, hours, suppressed.
    Sessions, groups and hours describe the groups (always shown); attendances and women count
    consenting women and are suppressed below k.
    """
    people = counts(
        "groups",
        reader,
        "(SELECT a.*, g.group_kind FROM activity_months a JOIN (SELECT DISTINCT "
        "group_key, group_kind FROM group_sessions) g USING (group_key)) AS att",
        ["year", "programme", "group_kind"],
        [Measure("attendances", "sum", value="activities"), Measure("women", "people")],
        filters,
        k,
    )
    clause, params = where(filters, columns=("programme", "territory", "year"))
    sessions, _ = reader.frame(
        "SELECT year, programme, group_kind, count(DISTINCT group_key) AS groups, "
        f"count(*) AS sessions, sum(hours) AS hours FROM group_sessions{clause} "
        "GROUP BY ALL",
        params,
    )
    seen = people.frame.with_columns(pl.lit(True).alias("_seen"))
    frame = sessions.join(seen, on=["year", "programme", "group_kind"], how="left")
    nobody = pl.col("_seen").is_null()
    frame = (
        frame.with_columns(
            pl.when(nobody).then(0).otherwise(pl.col("attendances")).alias("attendances"),
            pl.when(nobody).then(0).otherwise(pl.col("women")).alias("women"),
            pl.col("suppressed").fill_null(False),
        )
        .select(
            "year",
            "programme",
            "group_kind",
            "groups",
            "sessions",
            "attendances",
            "women",
            "hours",
            "suppressed",
        )
        .sort("year", "programme", "group_kind")
    )
    validate(reader, filters)
    return QueryResult(frame, people.position, k, "groups")
