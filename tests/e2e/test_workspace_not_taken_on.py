"""The comparison group in the workspace (ADR 0016), in a real Chromium against a real uvicorn.

A caseworker refers a woman, records that she was not taken on (waiting list, her work before
the referral), and later her follow-up; the timeline reads the same in Italian and in English.
A refusal of the domain (a month count out of range, "not taken on" after an intake) shows next
to its field and writes nothing. Each test ends with no browser console error and no serious
axe violation on the forms it used.
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
    case_kinds,
    console_errors,
    fill,
    flash,
    launch,
    record,
    serious_violations,
    sign_in,
    submit,
    tab,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("workspace")]

NOT_TAKEN_ON = {
    "occurred_on": "2018-03-20",
    "reason": "waiting_list",
    "employment": "informal",
    "months_worked_prior_24": "7",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


def refuse(page: Any, url: str, case_id: str, form: str, values: dict[str, Any]) -> None:
    """Open a form, fill it, submit it: the domain refuses (422), the form comes back."""
    page.goto(f"{url}/workspace/cases/{case_id}/{form}")
    fill(page, values)
    submit(page)
    assert page.locator(".error-summary").count() == 1, page.inner_text("main")[:400]


def test_refer_not_taken_on_then_follow_up_in_both_languages(api: ApiServer, browser: Any) -> None:
    url = api.url
    person_id = api.client("caseworker").post("/v1/people", json=PERSON, headers=key()).json()
    with tab(browser) as page:
        console = Console(page)
        sign_in(page, url, "caseworker")
        page.goto(f"{url}/workspace/people/{person_id['id']}")
        fill(
            page,
            {
                "programme": "EMP",
                "occurred_on": "2018-03-02",
                "referring_service": "social_empoli",
                "reasons": ["employment"],
            },
        )
        submit(page)
        case_id = page.url.split("/cases/")[1].split("?")[0]
        # Not offered before consent to processing: the domain would refuse it (and no intake).
        assert "Non presa in carico" not in page.inner_text(".actions")
        record(page, url, case_id, "consent", {"occurred_on": "2018-03-02", "scope": "processing"})
        assert "Non presa in carico" in page.inner_text(".actions")
        # Out of the 0–24 window: the domain says so beside the field, nothing typed is lost.
        refuse(page, url, case_id, "not_taken_on", {**NOT_TAKEN_ON, "months_worked_prior_24": "30"})
        error = page.inner_text("#months_worked_prior_24-error")
        assert "Valore non valido" in error and "0–24" in error, error
        assert page.get_attribute("#months_worked_prior_24", "aria-invalid") == "true"
        assert page.input_value("#reason") == "waiting_list"
        assert page.input_value("#employment") == "informal"
        assert serious_violations(page) == []
        assert case_kinds(api.settings, case_id) == ["Referred", "ConsentGiven"]
        fill(page, {"months_worked_prior_24": "7"})
        submit(page)
        assert "Registrato" in flash(page)
        assert "Non presa in carico" not in page.inner_text(".actions")  # no longer offered
        assert "Non presa in carico" in page.inner_text(".facts")  # the closure reason
        record(
            page,
            url,
            case_id,
            "follow_up",
            {"occurred_on": "2018-09-25", "months": "6", "reached": True, "employment": "employed"},
        )
        italian = page.inner_text(".timeline")
        for words in (
            "Segnalazione non presa in carico — motivo: Lista d'attesa",
            "mesi lavorati nei 24 prima della segnalazione: 7",
            "Follow-up dopo la chiusura",
            "Segnalazione al programma",
        ):
            assert words in italian, (words, italian)
        page.goto(f"{url}/workspace/cases/{case_id}?lang=en")
        english = page.inner_text(".timeline")
        for words in (
            "Referral not taken on — reason: Waiting list",
            "months worked in the 24 before the referral: 7",
            "Follow-up after closure",
        ):
            assert words in english, (words, english)
        assert "NotTakenOn" not in italian + english and "months_worked" not in italian + english
        assert console_errors(console) == []
    assert case_kinds(api.settings, case_id) == [
        "Referred",
        "ConsentGiven",
        "NotTakenOn",
        "FollowedUp",
    ]


@pytest.mark.parametrize(("lang", "words"), [("it", "già registrata"), ("en", "taken in charge")])
def test_not_taken_on_after_an_intake_is_refused_beside_the_reason(
    api: ApiServer, browser: Any, lang: str, words: str
) -> None:
    case_id = open_case(api)["case_id"]  # consent and intake recorded over the API
    before = case_kinds(api.settings, case_id)
    with tab(browser) as page:
        console = Console(page)
        sign_in(page, api.url, "caseworker", lang)
        page.goto(f"{api.url}/workspace/cases/{case_id}")
        assert page.locator(f"a[href$='/cases/{case_id}/not_taken_on']").count() == 0
        refuse(page, api.url, case_id, "not_taken_on", NOT_TAKEN_ON)
        error = page.inner_text("#reason-error")
        assert words in error, error
        assert page.input_value("#months_worked_prior_24") == "7"
        assert serious_violations(page) == []
        assert console_errors(console) == []
    assert case_kinds(api.settings, case_id) == before


def test_the_intake_form_asks_her_months_worked_before_the_referral(
    api: ApiServer, browser: Any
) -> None:
    case_id = open_case(api, intake=False)["case_id"]
    intake = {
        "occurred_on": "2018-03-05",
        **{f"baseline.{d}": "4" for d in SCORES},
        "employment": "unemployed_seeking",
        "income_source": "benefits",
        "housing": "rented",
    }
    with tab(browser) as page:
        console = Console(page)
        sign_in(page, api.url, "caseworker", "en")
        record(
            page, api.url, case_id, "consent", {"occurred_on": "2018-03-02", "scope": "processing"}
        )
        page.goto(f"{api.url}/workspace/cases/{case_id}/intake")
        label = page.inner_text("label[for=months_worked_prior_24]")
        assert "Months worked in the 24 months before the referral" in label
        assert serious_violations(page) == []
        refuse(page, api.url, case_id, "intake", {**intake, "months_worked_prior_24": "-1"})
        assert "0–24" in page.inner_text("#months_worked_prior_24-error")
        assert page.input_value("#baseline\\.work") == "4"
        fill(page, {"months_worked_prior_24": "12"})
        submit(page)
        assert "Recorded" in flash(page)
        assert "months worked in the 24 before the referral: 12" in page.inner_text(".timeline")
        assert console_errors(console) == []
    state = api.client("caseworker").get(f"/v1/cases/{case_id}").json()
    assert state["intake"]["months_worked_prior_24"] == 12
