"""As-of analytics over real HTTP (ADR 0010): `as_of_position` is answered at exactly that
position or refused; `as_of_date` is a business date. The snapshots the server builds are
checked against an independent recomputation from the events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from domain.shared.case_vocabulary import ConsentScope
from infra.bootstrap import build
from infra.secrets import pseudonym_secret
from projections.anonymise import Pseudonymiser
from projections.queries import AnalyticsReader, Filters, Protection, overview_totals, snapshot_path
from tests.casework import register_woman, take_in_charge
from tests.e2e.conftest import ApiServer, open_case, start_api
from tests.e2e.test_schemathesis import project
from tests.helpers import meta
from tests.integration.asof_support import expected_facts, snapshot_facts

LATER = date(2019, 5, 6)  # the second wave's business date


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ApiServer, int]]:
    """Three women in March 2018 through the API, then (recorded later) three in May 2019."""
    server = start_api(tmp_path_factory.mktemp("asof") / "var", PERCORSI_SUPPRESSION_K="2")
    try:
        for _ in range(3):
            open_case(server, programme="EMP", analytics=True)
        first_wave = server.head()
        runtime = build(server.settings)
        try:
            app = runtime.app
            for _ in range(3):
                case_id = take_in_charge(app, register_woman(app, LATER), "EMP", LATER)
                app.give_consent(meta(), case_id, occurred_on=LATER, scope=ConsentScope.ANALYTICS)
        finally:
            runtime.close()
        project(server.settings.resolved_data_dir)
        yield server, first_wave
    finally:
        server.stop()


def _cases(body: dict[str, object]) -> object:
    rows = body["rows"]
    assert isinstance(rows, list)
    return next(r for r in rows if r["metric"] == "cases")["n"]


def _true_cases(server: ApiServer, body: dict[str, object], name: str | None) -> int:
    """The API's figure is exactly the query layer's protected figure on that snapshot
    (ADR 0012); what it protects, read with protection off, is returned for the test."""
    folder = server.settings.resolved_data_dir
    path = snapshot_path(folder / "analytics.duckdb" if name is None else folder / "asof" / name)
    figures = []
    for protection in (Protection(), Protection(enabled=False)):
        reader = AnalyticsReader(path, protection)
        try:
            frame = overview_totals(reader, Filters(), 2).frame
        finally:
            reader.close()
        figures.append(frame.filter(frame["metric"] == "cases")["n"][0])
    assert _cases(body) == figures[0]
    return int(figures[1] or 0)


def _check_snapshot(server: ApiServer, name: str, position: int, day: date | None) -> None:
    """The snapshot the server built equals a recomputation from the events."""
    path = server.settings.resolved_data_dir / "asof" / f"{name}.duckdb"
    reader = AnalyticsReader(snapshot_path(path))
    runtime = build(server.settings)
    try:
        keys = Pseudonymiser(pseudonym_secret(server.settings))
        got = snapshot_facts(reader)
        assert got == expected_facts(runtime, keys, position, day)
        assert len(got) == 3
    finally:
        reader.close()
        runtime.close()


def test_an_earlier_position_is_answered_at_exactly_that_position(
    served: tuple[ApiServer, int],
) -> None:
    server, first_wave = served
    client = server.client("evaluator")
    live = client.get("/v1/analytics/overview_totals").json()
    head = server.head()
    assert live["position"] == head > first_wave
    assert _true_cases(server, live, None) == 6

    earlier = client.get("/v1/analytics/overview_totals", params={"as_of_position": first_wave})
    assert earlier.status_code == 200, earlier.text
    body = earlier.json()
    assert body["position"] == first_wave and body["as_of_date"] is None
    assert _true_cases(server, body, f"analytics-at-{first_wave}.duckdb") == 3
    _check_snapshot(server, f"analytics-at-{first_wave}", first_wave, None)

    exact = client.get("/v1/analytics/overview_totals", params={"as_of_position": head})
    assert exact.status_code == 200 and exact.json()["position"] == head
    aggregate = client.get(
        "/v1/exports/aggregates/overview_totals", params={"as_of_position": first_wave}
    )
    assert aggregate.status_code == 200 and aggregate.headers["X-Log-Position"] == str(first_wave)


def test_a_position_after_the_snapshot_is_refused_as_a_problem(
    served: tuple[ApiServer, int],
) -> None:
    server, _ = served
    head = server.head()
    ahead = server.client("evaluator").get(
        "/v1/analytics/overview_totals", params={"as_of_position": head + 1}
    )
    assert ahead.status_code == 409
    assert ahead.headers["content-type"].startswith("application/problem+json")
    problem = ahead.json()
    assert problem["code"] == "projection_behind" and problem["field"] == "as_of_position"
    assert str(head + 1) in problem["detail"]


def test_as_of_a_business_date(served: tuple[ApiServer, int]) -> None:
    server, first_wave = served
    client = server.client("manager")
    head = server.head()
    answer = client.get("/v1/analytics/overview_totals", params={"as_of_date": "2018-12-31"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["as_of_date"] == "2018-12-31" and body["position"] == head
    on = f"analytics-at-{head}-on-2018-12-31.duckdb"
    assert _true_cases(server, body, on) == 3  # the second wave had not happened yet
    _check_snapshot(server, f"analytics-at-{head}-on-2018-12-31", head, date(2018, 12, 31))

    both = client.get(
        "/v1/analytics/overview_totals",
        params={"as_of_date": "2019-12-31", "as_of_position": first_wave},
    ).json()
    assert both["position"] == first_wave
    assert _true_cases(server, both, f"analytics-at-{first_wave}-on-2019-12-31.duckdb") == 3
    before = client.get("/v1/analytics/overview_totals", params={"as_of_date": "2010-01-01"})
    assert before.status_code == 200 and _cases(before.json()) == 0  # nobody: an exact zero
    for wrong in ("31/12/2018", "0", "2018-02-30"):
        bad = client.get("/v1/analytics/overview_totals", params={"as_of_date": wrong})
        assert bad.status_code == 422 and bad.json()["field"] == "as_of_date", wrong
        assert bad.headers["content-type"].startswith("application/problem+json")
