"""Analytics and exports over HTTP, from a real projection: suppressed, pseudonymised, no PII."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from projections.queries import QUERIES, AnalyticsReader, Filters, Protection
from tests.e2e.conftest import PERSON, ApiServer, open_case, start_api
from tests.e2e.test_schemathesis import project

PERSONAL = [v for v in PERSON["personal"].values() if isinstance(v, str)]  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    server = start_api(tmp_path_factory.mktemp("analytics") / "var", PERCORSI_SUPPRESSION_K="2")
    try:
        for programme in ("EMP", "EMP", "EMP", "LESFEMMES", "LESFEMMES"):
            open_case(server, programme=programme, analytics=True)
        open_case(server, user="coordinator", programme="SOSTENGO", analytics=True)
        project(server.settings.resolved_data_dir)
        yield server
    finally:
        server.stop()


def _layer(served: ApiServer, query: str, filters: Filters, enabled: bool = True) -> pl.DataFrame:
    """What the query layer publishes (or, with protection off, what it protects) on the
    snapshot the server reads: the API must serve exactly the former (ADR 0012)."""
    reader = AnalyticsReader.beside(served.settings.duckdb_path, Protection(enabled=enabled))
    try:
        return QUERIES[query](reader, filters, 2).frame
    finally:
        reader.close()


def _rows(body: dict[str, object]) -> list[dict[str, object]]:
    rows = body["rows"]
    assert isinstance(rows, list)
    return [{k: r[k] for k in ("metric", "n", "suppressed")} for r in rows]


def test_overview_counts_what_was_recorded(served: ApiServer) -> None:
    answer = served.client("manager").get("/v1/analytics/overview_totals", params={"lang": "en"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["k"] == 2 and body["position"] > 0
    published = _layer(served, "overview_totals", Filters())
    assert _rows(body) == published.to_dicts()
    plain = _layer(served, "overview_totals", Filters(), enabled=False)
    true = dict(zip(plain["metric"], plain["n"], strict=True))
    assert true["cases"] == 6 and true["women_supported"] == 6
    cases = next(r for r in body["rows"] if r["metric"] == "cases")
    # Six cases spread over three programme microcells: the published figure is their
    # protected sum, so it may fall under k (then it is suppressed, never shown) and is
    # otherwise within 4 sigma of the truth (sigma 2 per microcell, sqrt(3) microcells).
    assert (cases["n"] is None) == cases["suppressed"]
    assert cases["suppressed"] or 2 <= cases["n"] <= 6 + 14


def test_a_small_cell_is_marked_not_shown(served: ApiServer) -> None:
    body = (
        served.client("evaluator")
        .get("/v1/analytics/overview_totals", params={"programmes": ["SOSTENGO"]})
        .json()
    )
    assert (
        _rows(body)
        == _layer(served, "overview_totals", Filters(programmes=("SOSTENGO",))).to_dicts()
    )
    for row in body["rows"]:
        assert (row["n"] is None) == row["suppressed"]
        assert row["n"] is None or row["n"] == 0 or row["n"] >= 2  # nothing under k shown


def test_bad_filters_and_unbuilt_positions_are_problems(served: ApiServer) -> None:
    client = served.client("evaluator")
    bad = client.get("/v1/analytics/overview_totals", params={"age_bands": ["Fatima"]})
    assert bad.status_code == 422 and bad.json()["field"] in ("age_bands", "age_bands.0")
    assert "Fatima" not in bad.text
    ahead = client.get("/v1/analytics/overview_totals", params={"as_of_position": 10**9})
    assert ahead.status_code == 409 and ahead.json()["code"] == "projection_behind"


def test_exports_are_csv_and_parquet_without_personal_data(served: ApiServer) -> None:
    client = served.client("evaluator")
    csv = client.get("/v1/exports/aggregates/referrals_by_year", params={"format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "year,programme,n,suppressed" in csv.text.splitlines()[0].replace("\r", "")
    parquet = client.get("/v1/exports/aggregates/referrals_by_year", params={"format": "parquet"})
    frame = pl.read_parquet(io.BytesIO(parquet.content))
    assert frame.equals(_layer(served, "referrals_by_year", Filters()), null_equal=True)
    true = _layer(served, "referrals_by_year", Filters(), enabled=False)
    assert true.filter(pl.col("programme") == "EMP")["n"].to_list() == [3]
    micro = client.get("/v1/exports/microdata", params={"format": "parquet"})
    assert micro.status_code == 200
    rows = pl.read_parquet(io.BytesIO(micro.content))
    assert "case_key" not in rows.columns and rows.height <= 6
    for payload in (
        csv.content,
        parquet.content,
        micro.content,
        client.get("/v1/exports/microdata").content,
    ):
        assert not any(value.encode() in payload for value in PERSONAL)
    assert served.client("manager").get("/v1/exports/microdata").status_code == 403


def test_the_served_app_is_the_one_documented(served: ApiServer, tmp_path: Path) -> None:
    spec = served.client().get("/openapi.json").json()
    assert spec["info"]["title"] == "Percorsi API"
    assert served.client().get("/docs").status_code == 200


def test_status_reports_the_installations_k_and_filters_name_their_vocabulary(
    served: ApiServer,
) -> None:
    status = served.client("evaluator").get("/v1/analytics/status")
    assert status.status_code == 200 and status.json()["k"] == 2  # PERCORSI_SUPPRESSION_K
    bogus = served.client("evaluator").get(
        "/v1/analytics/overview_totals", params={"age_bands": "ancient"}
    )
    assert bogus.status_code == 422 and bogus.json()["field"].startswith("age_bands")
    assert "ancient" not in bogus.text
