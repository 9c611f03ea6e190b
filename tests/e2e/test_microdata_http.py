"""Microdata over HTTP and the CLI on the `small` lineage: no key, fresh order, refused cuts."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from infra.analytics.runner import rebuild
from projections.queries.export import QUASI
from tests.e2e.conftest import ApiServer, start_api
from tests.integration.test_projection_data import cli, seed_small


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    settings = seed_small(tmp_path_factory.mktemp("microdata-http") / "var")
    rebuild(settings, progress=False)
    server = start_api(settings.data_dir, PERCORSI_SUPPRESSION_K="10")
    try:
        yield server
    finally:
        server.stop()


def download(server: ApiServer, **params: list[str]) -> pl.DataFrame:
    answer = server.client("evaluator").get("/v1/exports/microdata", params=params)
    assert answer.status_code == 200, answer.text
    return pl.read_csv(io.BytesIO(answer.content), infer_schema=False)


def test_two_downloads_share_no_key_and_no_order(served: ApiServer) -> None:
    first, second = download(served), download(served)
    assert "case_key" not in first.columns and first.columns[: len(QUASI)] == QUASI
    assert first.height > 150
    assert first.sort(pl.all()).equals(second.sort(pl.all()))
    assert not first.equals(second)
    sizes = first.group_by(QUASI).len()
    assert (sizes["len"] >= 10).all()


def test_a_filter_selects_whole_released_groups_or_is_refused(served: ApiServer) -> None:
    everything = download(served)
    emp = download(served, programmes=["EMP"])
    assert emp.height > 0 and set(emp["programme"]) == {"EMP"}
    assert emp.height == everything.filter(pl.col("programme") == "EMP").height
    refused = served.client("evaluator").get(
        "/v1/exports/microdata", params={"age_bands": ["30-34"]}
    )
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["code"] == "invalid_filter" and body["field"] == "age_bands"
    assert "microdata release" in body["detail"] and "drop" in body["detail"]


def test_cli_export_writes_the_release_and_refuses_a_cut(served: ApiServer, tmp_path: Path) -> None:
    out = tmp_path / "micro.csv"
    done = cli(served.settings, "export", "--out", str(out), "--programme", "EMP")
    assert done.returncode == 0, done.stderr
    assert "removed from the release" in done.stdout
    frame = pl.read_csv(out, infer_schema=False)
    assert set(frame["programme"]) == {"EMP"} and "case_key" not in frame.columns
    cut = cli(served.settings, "export", "--out", str(tmp_path / "x.csv"), "--year-from", "2012")
    assert cut.returncode == 2 and "invalid_filter" in cut.stderr
    assert not (tmp_path / "x.csv").exists()
