"""The query layer on the simulator's small lineage: suppression, differencing, KM, export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from lifelines import KaplanMeierFitter

import projections.queries as q
from infra.settings import Settings
from projections.queries import AnalyticsReader, Filters
from projections.queries.protection import Protection

COUNTS = {"n", "women", "cases", "due"}


@pytest.fixture
def reader(small_analytics: Settings) -> Iterator[AnalyticsReader]:
    r = AnalyticsReader.beside(small_analytics.duckdb_path)
    yield r
    r.close()


def raw(reader: AnalyticsReader, sql: str) -> pl.DataFrame:
    return reader.frame(sql)[0]


def test_every_people_query_marks_and_blanks_small_cells(reader: AnalyticsReader) -> None:
    shown = hidden = 0
    head = reader.position
    for name, query in q.QUERIES.items():
        result = query(reader, Filters(), 10)
        assert result.position == head and result.k == 10, name
        frame = result.frame
        assert "suppressed" in frame.columns, name
        measures = [c for c in frame.columns if c in COUNTS | {"rate", "survival", "hours"}]
        dims = {
            "year",
            "programme",
            "generation",
            "group_kind",
            "kind",
            "service",
            "domain",
            "cohort_year",
            "checkpoint",
            "metric",
            "entry",
            "exit",
            "reason",
            "from_programme",
            "to_programme",
            "timeline_days",
            "groups",
            "sessions",
            # the impact queries' dimensions (ADR 0016)
            "months",
            "dimension",
            "level",
            "contract_kind",
            "hours_band",
            "aspect",
            "value",
            "horizon_months",
        }
        for row in frame.filter(pl.col("suppressed")).iter_rows(named=True):
            assert all(row[c] is None for c in measures if c != "hours" or name != "groups"), name
            assert any(row[c] is not None for c in row if c in dims), name
        for column in COUNTS & set(frame.columns):
            visible = frame.filter(~pl.col("suppressed"))[column].drop_nulls()
            assert ((visible == 0) | (visible >= 10)).all(), (name, column)
        hidden += result.suppressed_cells
        shown += frame.filter(~pl.col("suppressed")).height
    assert hidden > 0 and shown > 0


def test_hidden_cells_recomputed_from_totals_are_protected_values(
    small_analytics: Settings,
) -> None:
    """Total minus the visible cells gives the hidden cells' *protected* sum: under another
    secret salt the same arithmetic gives another number, so nothing true is recovered."""
    k = 10
    derived = []
    for salt in ("salt-a", "salt-b", "salt-c"):
        reader = _reader(small_analytics, salt)
        table = q.referrals_by_year(reader, Filters(), k).frame
        total = q.overview_totals(reader, Filters(), k).frame
        cases = int(total.filter(pl.col("metric") == "cases")["n"][0])
        assert table["suppressed"].sum() >= 2
        derived.append(cases - int(table["n"].drop_nulls().sum()))
    assert len(set(derived)) > 1, derived


def _reader(settings: Settings, salt: str | None) -> AnalyticsReader:
    protection = Protection(enabled=False) if salt is None else Protection(salt=salt)
    return AnalyticsReader.beside(settings.duckdb_path, protection)


def test_filters_select_whole_protected_cells(small_analytics: Settings) -> None:
    """A programme or year filter returns exactly the unfiltered table's cells (same noise):
    asking again, or narrower, gives nothing new."""
    reader = _reader(small_analytics, "salt-a")
    k = 2
    full = q.referrals_by_year(reader, Filters(), k).frame
    for programme in full["programme"].unique().to_list():
        part = q.referrals_by_year(reader, Filters(programmes=(programme,)), k).frame
        assert part.equals(full.filter(pl.col("programme") == programme))
    years = q.referrals_by_year(reader, Filters(years=(2010, 2012)), k).frame
    assert years.equals(full.filter(pl.col("year").is_between(2010, 2012)))


def test_the_same_women_get_the_same_noise_in_every_query(small_analytics: Settings) -> None:
    """Closed cases counted by year, by programme or overall are sums of the same protected
    cells, so their totals agree exactly."""
    from projections.queries.sql import protected
    from projections.queries.tabulate import Measure

    reader = _reader(small_analytics, "salt-b")
    closed = Measure("closed", cond="status = 'closed'")
    by_year = protected(reader, "case_facts", ["year"], [closed], Filters())
    by_programme = protected(reader, "case_facts", ["programme", "generation"], [closed], Filters())
    overall = protected(reader, "case_facts", [], [closed], Filters())
    assert by_year["closed"].sum() == by_programme["closed"].sum() == overall["closed"][0]
    assert overall["_closed_n"][0] > 0


def test_differencing_on_profile_filters_recovers_nothing_exactly(
    small_analytics: Settings,
) -> None:
    """Leave one category out of each profile filter and subtract: the gap is a protected
    value that changes with the secret salt, never the truth under every salt."""
    k = 10
    readers = [_reader(small_analytics, s) for s in ("salt-a", "salt-b", "salt-c")]
    exact = tried = 0
    for dimension, column in (
        ("age_bands", "age_band"),
        ("origin_regions", "origin_region"),
        ("household_types", "household_type"),
    ):
        categories = raw(readers[0], f"SELECT DISTINCT {column} AS c FROM case_facts")["c"]
        values = [c for c in categories.to_list() if c is not None]
        for left_out in values:
            rest = tuple(c for c in values if c != left_out)
            truth = raw(
                readers[0],
                f"SELECT count(*) AS n FROM case_facts WHERE {column} = '{left_out}'",
            )["n"][0]
            gaps = []
            for reader in readers:
                full = q.overview_totals(reader, Filters(**{dimension: tuple(values)}), 2).frame
                part = q.overview_totals(reader, Filters(**{dimension: rest}), 2).frame
                a = full.filter(pl.col("metric") == "cases")["n"][0]
                b = part.filter(pl.col("metric") == "cases")["n"][0]
                gaps.append(None if a is None or b is None else a - b)
            tried += 1
            if 0 < truth < k and all(g == truth for g in gaps):
                exact += 1
    assert tried > 10 and exact == 0


def test_kaplan_meier_equals_lifelines_when_protection_is_off(small_analytics: Settings) -> None:
    k = 5
    reader = _reader(small_analytics, None)
    result = q.time_to_first_job(reader, Filters(), k).frame
    visible = result.filter(~pl.col("suppressed"))
    assert visible.height > 5
    frame = raw(
        reader,
        "SELECT generation, days_to_first_job IS NOT NULL AS observed, "
        "ceil(greatest(coalesce(days_to_first_job, date_diff('day', intake_date, "
        "coalesce(closed_date, (SELECT max(business_date) FROM projection_status)))), 0) / 30)"
        " * 30 AS duration FROM case_facts WHERE intake_date IS NOT NULL",
    )
    for generation in visible["generation"].unique().to_list():
        part = frame.filter(pl.col("generation") == generation)
        kmf = KaplanMeierFitter().fit(part["duration"].to_numpy(), part["observed"].to_numpy())
        rows = visible.filter(pl.col("generation") == generation)
        times = rows["timeline_days"].to_numpy()
        expected = kmf.survival_function_at_times(times).to_numpy()
        assert np.allclose(rows["survival"].to_numpy(), expected)
        band = kmf.confidence_interval_survival_function_
        at = np.searchsorted(band.index.to_numpy(), times, side="right") - 1
        assert np.allclose(rows["ci_low"].to_numpy(), band.iloc[at, 0].to_numpy())
        assert (rows["at_risk"] >= k).all()
        assert rows["n"][0] == part.height
    # A sanity bound on tiny curves (about 30 women a generation at k = 5). The noise is keyed
    # by the store's own pseudonyms, so one salt's error differs from store to store (0.06 to
    # 0.20 mean |gap| over 30 salts on `small`): the bound is on the median over twelve salts.
    # The accuracy on realistic data is measured by bench/bench_disclosure.py.
    means = []
    for salt in (f"salt-{i}" for i in range(12)):
        noisy = q.time_to_first_job(_reader(small_analytics, salt), Filters(), k).frame
        joined = noisy.join(result, on=["generation", "timeline_days"], suffix="_true")
        both = joined.filter(
            pl.col("survival").is_not_null() & pl.col("survival_true").is_not_null()
        )
        assert both.height > 5
        assert both["survival"].is_between(0, 1).all()
        means.append(float((both["survival"] - both["survival_true"]).abs().mean()))
    assert float(np.median(means)) < 0.16, means


def test_microdata_export_is_k_anonymous_and_keyless(reader: AnalyticsReader) -> None:
    k = 5
    result = q.microdata_export(reader, Filters(), k)
    frame = result.frame
    assert frame.height > 0 and not {"case_key", "person_key", "zone"} & set(frame.columns)
    sizes = frame.group_by(q.export.QUASI).len()
    assert (sizes["len"] >= k).all()
    total = raw(reader, "SELECT count(*) AS n FROM case_facts WHERE status <> 'not_taken_on'")
    total = total["n"][0]  # the release covers the cases taken on (ADR 0011, ADR 0016)
    assert frame.height + result.notes["removed"] == total


def test_filters_and_errors(reader: AnalyticsReader, tmp_path: Path) -> None:
    emp = q.referrals_by_year(reader, Filters(programmes=("EMP",)), 2).frame
    assert set(emp["programme"]) == {"EMP"}
    years = q.activity_mix(reader, Filters(years=(2012, 2013)), 2).frame
    assert set(years["year"]) <= {2012, 2013}
    with pytest.raises(q.InvalidFilter) as bad:
        q.overview_totals(reader, Filters(programmes=("NOPE",)))
    assert bad.value.field == "programmes" and bad.value.status == 422
    with pytest.raises(q.InvalidFilter):
        Filters(age_bands=("30-39",))
    with pytest.raises(q.InvalidFilter):
        Filters(origin_regions=("atlantis",))
    with pytest.raises(q.InvalidFilter):
        Filters(years=(2015, 2010))
    with pytest.raises(q.InvalidFilter):
        q.overview_totals(reader, Filters(), 1)
    with pytest.raises(q.ProjectionBehind) as behind:
        q.overview_totals(reader, Filters(as_of_position=reader.position + 1))
    assert behind.value.wanted == reader.position + 1
    with pytest.raises(q.AnalyticsUnavailable):
        q.overview_totals(AnalyticsReader(tmp_path / "none.duckdb"))


def test_labels_and_other_pages(reader: AnalyticsReader) -> None:
    flows = q.with_labels(q.entry_exit_flows(reader, Filters(), 2).frame, "en")
    assert "entry_label" in flows.columns and "Employed" in set(flows["exit_label"])
    assert q.label("reason", "dropped_out") == "Abbandono"
    lineage = q.programmes(reader).frame
    assert lineage.filter(pl.col("code") == "BILLAN2")["predecessor"][0] == "BILLAN"
    assert q.network_growth(reader).frame["nodes"].max() > 0
    nodes = q.network_nodes(reader).frame
    edges = q.network_edges(reader).frame
    assert set(edges["source"]) | set(edges["target"]) <= set(nodes["node_id"])
    status = q.projection_status(reader).frame
    assert status["lag"][0] == 0 and status["position"][0] == reader.position
    report = q.suppression_report(reader, Filters(), 10).frame
    assert set(report["query"]) == set(q.QUERIES)
    complete = q.completeness(reader, Filters(), 10).frame
    assert complete.filter(pl.col("field") == "intake_month")["share"][0] > 0.5
