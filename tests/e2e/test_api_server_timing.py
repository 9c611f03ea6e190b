"""Server-Timing on a real uvicorn process: where a command's time went, only when asked for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.bench_api import server_phases
from tests.e2e.conftest import ApiServer, key, open_case, start_api


@pytest.fixture(scope="module")
def timed_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    server = start_api(tmp_path_factory.mktemp("timed") / "var", PERCORSI_API_SERVER_TIMING="1")
    yield server
    server.stop()


def test_a_command_reports_parse_auth_service_queue_commit_and_serialise(
    timed_api: ApiServer,
) -> None:
    case = open_case(timed_api)
    answer = timed_api.client("caseworker").post(
        f"/v1/cases/{case['case_id']}/activities",
        headers=key(),
        json={"occurred_on": "2018-04-02", "kind": "orientation", "hours": 1},
    )
    assert answer.status_code == 200, answer.text
    phases = server_phases(answer.headers.get("server-timing"))
    assert set(phases) == {"parse", "auth", "service", "queue", "commit", "serialise", "total"}
    assert phases["commit"] > 0 and phases["service"] > 0
    parts = sum(v for k, v in phases.items() if k != "total")
    assert parts <= phases["total"] * 1.01 + 0.01  # phases do not overlap


def test_without_the_setting_no_timing_leaves_the_server(api: ApiServer, tmp_path: Path) -> None:
    answer = api.client("caseworker").get("/health")
    assert answer.status_code == 200 and "server-timing" not in answer.headers
