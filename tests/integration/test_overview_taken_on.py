"""The overview's cases and women are those taken on, as in the microdata release."""

from __future__ import annotations

import polars as pl

import projections.queries as q
from infra.settings import Settings
from projections.queries import AnalyticsReader, Filters
from projections.queries.protection import Protection


def test_overview_counts_cases_taken_on_not_every_referral(small_analytics: Settings) -> None:
    reader = AnalyticsReader.beside(small_analytics.duckdb_path, Protection(enabled=False))
    try:
        truth = reader.frame(
            "SELECT count(*) AS referrals, "
            "count(*) FILTER (WHERE status <> 'not_taken_on') AS taken_on FROM case_facts"
        )[0].row(0, named=True)
        totals = q.overview_totals(reader, Filters(), 2).frame
        shown = dict(zip(totals["metric"], totals["n"], strict=True))
        referred = int(q.referrals_by_year(reader, Filters(), 2).frame["n"].drop_nulls().sum())
    finally:
        reader.close()
    assert truth["taken_on"] < truth["referrals"]  # the lineage has a comparison group
    assert shown["cases"] == truth["taken_on"]
    assert referred == truth["referrals"]  # the referrals chart still counts every referral
    assert shown["women_supported"] is not None and shown["women_supported"] <= shown["cases"]
    assert pl.Series(list(shown.values())).drop_nulls().min() >= 0  # type: ignore[operator]


def test_published_women_and_case_states_never_outnumber_cases(small_analytics: Settings) -> None:
    """Each is protected apart; tiles saying 168 women and 160 cases, or 169 closed of 149
    cases, were read on `small`."""
    for salt in (f"tiles-{i}" for i in range(12)):
        reader = AnalyticsReader.beside(small_analytics.duckdb_path, Protection(salt=salt))
        try:
            for filters in (Filters(), Filters(household_types=("alone",))):
                totals = q.overview_totals(reader, filters, 5).frame
                shown = dict(zip(totals["metric"], totals["n"], strict=True))
                for part in ("women_supported", "active_cases", "closed_cases"):
                    if shown[part] is not None and shown["cases"] is not None:
                        assert shown[part] <= shown["cases"], (salt, part, shown)
        finally:
            reader.close()
