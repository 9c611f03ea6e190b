"""The query layer on the simulator's small lineage: suppression, differencing, KM, export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from lifelines import KaplanMeierFitter

import projections.queries as q
from infra.analytics.runner import rebuild
from infra.settings import Settings
from projections.queries import AnalyticsReader, Filters

from .test_projection_data import seed_small

COUNTS = {"n", "women", "cases", "due"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = seed_small(tmp_path_factory.mktemp("queries") / "var")
    rebuild(settings, progress=False)
    return settings


@pytest.fixture
def reader(seeded: Settings) -> Iterator[AnalyticsReader]:
    r = AnalyticsReader.beside(seeded.duckdb_path)
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


def test_secondary_suppression_leaves_no_lonely_hidden_cell(reader: AnalyticsReader) -> None:
    k = 10
    table = q.referrals_by_year(reader, Filters(), k).frame
    truth = raw(reader, "SELECT year, programme, count(*) AS true_n FROM case_facts GROUP BY ALL")
    joined = table.join(truth, on=["year", "programme"])
    assert joined.height == table.height and joined["suppressed"].sum() >= 2
    for line in ("year", "programme"):
        for _, part in joined.group_by(line):
            hidden = part.filter(pl.col("suppressed"))
            if hidden.height == 0:
                continue
            others = part.filter(~pl.col("suppressed") & (pl.col("true_n") > 0))
            assert hidden.height >= 2 or others.height == 0
            assert hidden["true_n"].sum() >= k or others.height == 0
    total = q.overview_totals(reader, Filters(), k).frame.filter(pl.col("metric") == "cases")
    recovered = int(total["n"][0]) - int(table["n"].drop_nulls().sum())
    assert recovered == 0 or recovered >= k  # the hidden cells never add up to a small group


def _smallest_band(reader: AnalyticsReader) -> tuple[str, int, list[str]]:
    bands = raw(
        reader, "SELECT age_band, count(*) AS n FROM case_facts GROUP BY ALL ORDER BY n, age_band"
    )
    band, n = bands.row(0)
    return band, int(n), [b for b in bands["age_band"].to_list() if b != band]


def test_differencing_attack_on_totals_fails(reader: AnalyticsReader) -> None:
    band, n, others = _smallest_band(reader)
    k = max(2, n + 1)  # the band is a small group at this k
    everyone = q.overview_totals(reader, Filters(), k).frame
    cases = dict(zip(everyone["metric"], everyone["n"], strict=True))["cases"]
    assert cases is not None and cases > n  # the total is shown...
    rest = q.overview_totals(reader, Filters(age_bands=tuple(others)), k).frame
    rest_cases = dict(zip(rest["metric"], rest["n"], strict=True))["cases"]
    assert rest_cases is None  # ...so "everyone but this band" must not be
    alone = q.overview_totals(reader, Filters(age_bands=(band,)), k).frame
    assert alone.filter(pl.col("metric") == "cases")["suppressed"][0]


def test_differencing_attack_on_tables_fails(reader: AnalyticsReader) -> None:
    k = 5
    for dimension in ("age_bands", "origin_regions", "household_types"):
        column = {
            "age_bands": "age_band",
            "origin_regions": "origin_region",
            "household_types": "household_type",
        }[dimension]
        categories = raw(reader, f"SELECT DISTINCT {column} AS c FROM case_facts")["c"]
        full = q.referrals_by_year(reader, Filters(), k).frame
        for left_out in categories.to_list():
            rest = tuple(c for c in categories.to_list() if c != left_out)
            part = q.referrals_by_year(reader, Filters(**{dimension: rest}), k).frame
            both = full.join(part, on=["year", "programme"], suffix="_part")
            shown = both.filter(pl.col("n").is_not_null() & pl.col("n_part").is_not_null())
            gaps = (shown["n"] - shown["n_part"]).to_list()
            assert all(g == 0 or g >= k for g in gaps), (dimension, left_out, gaps)


def test_kaplan_meier_equals_lifelines_on_the_same_frame(reader: AnalyticsReader) -> None:
    k = 5
    result = q.time_to_first_job(reader, Filters(), k).frame
    visible = result.filter(~pl.col("suppressed"))
    assert visible.height > 5
    frame = raw(
        reader,
        "SELECT generation, days_to_first_job IS NOT NULL AS observed, "
        "greatest(coalesce(days_to_first_job, duration_days, date_diff('day', "
        "intake_month, (SELECT max(business_date) FROM projection_status))), 0)"
        " AS duration FROM case_facts WHERE intake_month IS NOT NULL",
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


def test_microdata_export_is_k_anonymous_and_keyless(reader: AnalyticsReader) -> None:
    k = 5
    result = q.microdata_export(reader, Filters(), k)
    frame = result.frame
    assert frame.height > 0 and not {"case_key", "person_key", "zone"} & set(frame.columns)
    sizes = frame.group_by(q.export.QUASI).len()
    assert (sizes["len"] >= k).all()
    total = raw(reader, "SELECT count(*) AS n FROM case_facts")["n"][0]
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
