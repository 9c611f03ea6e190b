"""The caseworkers' workspace in a real Chromium against a real uvicorn (SQLite store).

A caseworker records a whole path through the pages only; a coordinator closes and corrects;
two browsers editing one case see the conflict; a double submit records once; every read of her
record is in the access log. Each test ends with no browser console error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from .conftest import PERSON, ApiServer, key, open_case
from .workspace_support import (
    SCORES,
    Console,
    access_log_whats,
    analytic_row,
    case_kinds,
    console_errors,
    fill,
    flash,
    launch,
    record,
    sign_in,
    submit,
    tab,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("workspace")]

AMINA = {
    "occurred_on": "2018-03-01",
    "full_name": "Amina Pagine Ouedraogo",
    "fiscal_code": "pgnmna85c41z335y",
    "birth_date": "1985-03-01",
    "phone": "+39 333 0000009",
    "birth_year": "1985",
    "country_of_birth": "BF",
    "arrival_year": "2009",
    "first_language": "fr",
    "italian_level": "a2",
    "education": "primary",
    "permit": "family",
    "municipality": "Empoli",
    "household": "single_mother",
    "children": "2010, 2014*",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


def test_a_caseworker_records_a_whole_path_in_the_workspace(api: ApiServer, browser: Any) -> None:
    url = api.url
    with tab(browser) as page:
        console = Console(page)
        sign_in(page, url, "caseworker")
        page.goto(f"{url}/workspace/people")
        fill(page, AMINA)
        submit(page)
        assert "Registrato" in flash(page)
        person_url = page.url.split("?")[0]
        # A second registration of the same woman (name order and case differ) is caught.
        page.goto(f"{url}/workspace/people")
        fill(page, {**AMINA, "full_name": "OUEDRAOGO amina pagine", "fiscal_code": ""})
        submit(page)
        assert page.locator(".warning[role=alert]").count() == 1
        assert page.locator(f".warning a[href='{person_url.removeprefix(url)}']").count() == 1
        # Search by fiscal code finds her too; then refer her to EMP.
        page.goto(f"{url}/workspace/people?fiscal_code=PGNMNA85C41Z335Y")
        page.click(f"a[href='{person_url.removeprefix(url)}']")
        fill(
            page,
            {
                "programme": "EMP",
                "occurred_on": "2018-03-02",
                "referring_service": "social_empoli",
                "reasons": ["employment", "language"],
            },
        )
        submit(page)
        case_id = page.url.split("/cases/")[1].split("?")[0]
        steps: list[tuple[str, dict[str, Any]]] = [
            ("consent", {"occurred_on": "2018-03-02", "scope": "processing"}),
            ("consent", {"occurred_on": "2018-03-02", "scope": "analytics"}),
            (
                "intake",
                {
                    "occurred_on": "2018-03-05",
                    **{f"baseline.{d}": "3" for d in SCORES},
                    "employment": "unemployed_seeking",
                    "income_source": "benefits",
                    "housing": "rented",
                    "needs": ["job", "language"],
                    "notes": "Primo colloquio",
                },
            ),
            (
                "plan",
                {
                    "occurred_on": "2018-03-20",
                    "goal1.domain": "work",
                    "goal1.target": "2018-12-31",
                    "goal1.text": "Un lavoro part-time",
                    "goal2.domain": "language",
                    "goal2.target": "2018-10-31",
                },
            ),
            ("activity", {"occurred_on": "2018-04-03", "kind": "orientation", "hours": "2"}),
            ("activity", {"occurred_on": "2018-04-10", "kind": "italian_course", "hours": "1,5"}),
            ("service", {"occurred_on": "2018-04-12", "service": "employment_centre"}),
            ("assess", {"occurred_on": "2018-09-01", "scores.work": "6", "scores.language": "5"}),
            ("review", {"occurred_on": "2018-09-02", "status.g1": "partly"}),
            (
                "outcome",
                {
                    "occurred_on": "2019-02-01",
                    "kind": "job_started",
                    "contract_kind": "fixed_term",
                    "weekly_hours": "20",
                },
            ),
        ]
        for form, values in steps:
            assert "Registrato" in record(page, url, case_id, form, values), form
        assert "Chiusura del percorso" not in page.inner_text(".actions")  # coordinators close
        with tab(browser) as coordinator:
            sign_in(coordinator, url, "coordinator")
            record(
                coordinator,
                url,
                case_id,
                "close",
                {
                    "occurred_on": "2019-06-30",
                    "reason": "goals_achieved",
                    "employment_at_exit": "employed",
                },
            )
        record(
            page,
            url,
            case_id,
            "follow_up",
            {"occurred_on": "2020-01-10", "months": "6", "reached": True, "employment": "employed"},
        )
        timeline = page.inner_text(".timeline")
        assert "Follow-up dopo la chiusura" in timeline and "Chiusura del percorso" in timeline
        assert "«Primo colloquio»" in timeline  # her caseworker sees the notes
        assert console_errors(console) == []
    assert case_kinds(api.settings, case_id) == [
        "Referred",
        "ConsentGiven",
        "ConsentGiven",
        "IntakeCompleted",
        "PlanAgreed",
        "ActivityRecorded",
        "ActivityRecorded",
        "ReferredToService",
        "Assessed",
        "PlanReviewed",
        "OutcomeRecorded",
        "Closed",
        "FollowedUp",
    ]
    assert "workspace case page" in access_log_whats(api.settings, case_id)
    assert analytic_row(api.settings, case_id) == {
        "programme": "EMP",
        "year": 2018,
        "status": "closed",
        "closure_reason": "goals_achieved",
        "employment_intake": "unemployed_seeking",
        "employment_exit": "employed",
        "employment_6": "employed",
        "activities": 2,
        "hours": 3.5,
    }


def test_a_domain_error_shows_next_to_its_field_in_the_users_language(
    api: ApiServer, browser: Any
) -> None:
    case_id = open_case(api)["case_id"]
    for lang, words in (("it", "fuori dal periodo"), ("en", "outside programme")):
        with tab(browser) as page:
            sign_in(page, api.url, "caseworker", lang)
            page.goto(f"{api.url}/workspace/cases/{case_id}/activity")
            fill(page, {"occurred_on": "2016-01-01", "kind": "orientation", "hours": "2"})
            submit(page)
            error = page.inner_text("#occurred_on-error")
            assert words in error, error
            assert page.get_attribute("#occurred_on", "aria-invalid") == "true"
            assert page.input_value("#hours") == "2"  # nothing typed is lost
    assert case_kinds(api.settings, case_id).count("ActivityRecorded") == 0


def test_a_coordinator_corrects_an_entry_and_sees_both_side_by_side(
    api: ApiServer, browser: Any
) -> None:
    case_id = open_case(api)["case_id"]
    with tab(browser) as page:
        console = Console(page)
        sign_in(page, api.url, "caseworker")
        record(
            page,
            api.url,
            case_id,
            "activity",
            {"occurred_on": "2018-04-03", "kind": "orientation", "hours": "2"},
        )
        version = int(page.url.split("v=")[1].split("&")[0].split("#")[0])
        with tab(browser) as coordinator:
            sign_in(coordinator, api.url, "coordinator")
            coordinator.goto(f"{api.url}/workspace/cases/{case_id}/correct?version={version}")
            assert coordinator.input_value("#hours") == "2"
            fill(coordinator, {"hours": "3", "reason_text": "Ore trascritte male dal foglio"})
            submit(coordinator)
            assert "Registrato" in flash(coordinator)
            pair = coordinator.locator(f"#v{version} .side-by-side").inner_text().lower()
            assert "voce originale" in pair and "correzione (v" in pair
            assert "ore: 2 → 3" in pair and "ore trascritte male" in pair
        assert console_errors(console) == []
    assert case_kinds(api.settings, case_id)[-1] == "Corrected"


def test_two_browsers_on_one_case_the_second_sees_the_conflict(
    api: ApiServer, browser: Any
) -> None:
    case_id = open_case(api)["case_id"]
    with tab(browser) as first, tab(browser) as second:
        for page in (first, second):
            sign_in(page, api.url, "caseworker")
            page.goto(f"{api.url}/workspace/cases/{case_id}/activity")
        fill(first, {"occurred_on": "2018-04-03", "kind": "orientation", "hours": "2"})
        submit(first)
        fill(second, {"occurred_on": "2018-04-04", "kind": "cv_workshop", "hours": "1"})
        submit(second)
        conflict = second.inner_text("#conflict")
        assert "Orientamento" in conflict  # what changed meanwhile, in plain words
        assert second.input_value("#hours") == "1"  # her entries are still there
        assert case_kinds(api.settings, case_id).count("ActivityRecorded") == 1
        submit(second)  # re-apply on the current version
        assert "Registrato" in flash(second)
    assert case_kinds(api.settings, case_id).count("ActivityRecorded") == 2


def test_a_double_submit_records_once(api: ApiServer, browser: Any) -> None:
    case_id = open_case(api)["case_id"]
    with tab(browser) as page:
        sign_in(page, api.url, "caseworker")
        page.goto(f"{api.url}/workspace/cases/{case_id}/activity")
        fill(page, {"occurred_on": "2018-04-03", "kind": "orientation", "hours": "2"})
        posted = page.evaluate(
            "() => Object.fromEntries(new FormData(document.querySelector('main form')))"
        )
        target = f"{api.url}/workspace/cases/{case_id}/activity"
        answers = [page.request.post(target, form=posted, max_redirects=0) for _ in range(2)]
        assert [a.status for a in answers] == [303, 303]
        assert "&r=1" in answers[1].headers["location"]  # answered as the first
        page.goto(api.url + answers[1].headers["location"])
        assert "nessun doppione" in flash(page)
    assert case_kinds(api.settings, case_id).count("ActivityRecorded") == 1


def test_outside_her_programmes_a_case_is_not_shown(api: ApiServer, browser: Any) -> None:
    case_id = open_case(api)["case_id"]  # EMP
    with tab(browser) as page:
        sign_in(page, api.url, "caseworker-sostengo")
        response = page.goto(f"{api.url}/workspace/cases/{case_id}")
        assert response is not None and response.status == 404
        assert case_id[:6] not in page.inner_text("body")
        page.goto(f"{api.url}/workspace/caseload")
        assert "EMP-" not in page.inner_text("main")


def test_a_coordinator_suspends_resumes_and_carries_a_case_over(
    api: ApiServer, browser: Any
) -> None:
    client = api.client("coordinator")
    person = client.post("/v1/people", json=PERSON, headers=key()).json()["id"]
    case_id = client.post(
        "/v1/cases",
        headers=key(),
        json={
            "occurred_on": "2016-03-01",
            "person_id": person,
            "programme": "AZIONI1516",
            "referring_service": "siast_q1",
            "reasons": ["employment"],
        },
    ).json()["id"]
    with tab(browser) as page:
        console = Console(page)
        sign_in(page, api.url, "coordinator", "en")
        for form, values in (
            ("consent", {"occurred_on": "2016-03-01", "scope": "processing"}),
            (
                "intake",
                {
                    "occurred_on": "2016-03-02",
                    **{f"baseline.{d}": "4" for d in SCORES},
                    "employment": "unemployed_seeking",
                    "income_source": "none",
                    "housing": "rented",
                },
            ),
            ("suspend", {"occurred_on": "2016-04-01", "reason": "maternity"}),
            ("resume", {"occurred_on": "2016-05-01"}),
            ("transfer", {"occurred_on": "2016-07-01", "successor_programme": "LESFEMMES"}),
        ):
            assert "Recorded" in record(page, api.url, case_id, form, values), form
        assert "Carried over to the next programme" in page.inner_text(".timeline")
        assert console_errors(console) == []
    kinds = case_kinds(api.settings, case_id)
    assert kinds[-3:] == ["Suspended", "Resumed", "TransferredOut"]
    mine = api.client("caseworker").get("/v1/cases", params={"programme": "LESFEMMES"}).json()
    assert any(c["person_id"] == person for c in mine["items"])
