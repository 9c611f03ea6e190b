"""Every workspace page in both languages, on desktop and phone: axe-core finds no serious or
critical violation; the pages work from the keyboard alone. Screenshots go to
var/screenshots/workspace/ for the ADR."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from infra.workspace.forms import FORMS

from .conftest import ApiServer, open_case
from .workspace_support import (
    DESKTOP,
    PHONE,
    SHOTS,
    Console,
    console_errors,
    fill,
    launch,
    record,
    serious_violations,
    sign_in,
    submit,
    tab,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("workspace")]


WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id)"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def case_id(api: ApiServer, browser: Any) -> str:
    """A case with an activity and its correction, so the timeline shows a pair."""
    for _ in range(3):
        open_case(api, intake=False)
    case = open_case(api)["case_id"]
    with tab(browser) as page:
        sign_in(page, api.url, "coordinator")
        record(
            page,
            api.url,
            case,
            "activity",
            {"occurred_on": "2018-04-03", "kind": "orientation", "hours": "2"},
        )
        record(
            page,
            api.url,
            case,
            "plan",
            {
                "occurred_on": "2018-04-05",
                "goal1.domain": "work",
                "goal1.target": "2018-12-31",
                "goal1.text": "Lavoro",
            },
        )
        page.goto(f"{api.url}/workspace/cases/{case}/correct?version=4")
        fill(page, {"hours": "3", "reason_text": "Ore trascritte male"})
        submit(page)
    return case


def pages(api: ApiServer, case_id: str, person_id: str) -> list[str]:
    base = f"{api.url}/workspace"
    return [
        f"{base}/caseload",
        f"{base}/caseload?overdue=1&sort=programme",
        f"{base}/groups",
        f"{base}/people",
        f"{base}/people?fiscal_code=TSTMNA85C41Z335Y",
        f"{base}/people/{person_id}",
        f"{base}/cases/{case_id}",
        f"{base}/cases/{case_id}/correct",
        f"{base}/cases/{case_id}/correct?version=4",
        *(f"{base}/cases/{case_id}/{name}" for name in FORMS),
    ]


@pytest.mark.parametrize("lang", ["it", "en"])
def test_axe_finds_no_serious_violation_on_any_page(
    api: ApiServer, browser: Any, case_id: str, lang: str
) -> None:
    person_id = api.client("coordinator").get(f"/v1/cases/{case_id}").json()["person_id"]
    found: dict[str, list[str]] = {}
    with tab(browser) as page:
        console = Console(page)
        page.goto(f"{api.url}/workspace/signin?lang={lang}")
        found["signin"] = serious_violations(page)
        sign_in(page, api.url, "coordinator", lang)
        for url in pages(api, case_id, person_id):
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == lang
            found[url] = serious_violations(page)
        # A refused form (errors beside fields) and the duplicate warning, too.
        page.goto(f"{api.url}/workspace/cases/{case_id}/activity")
        fill(page, {"occurred_on": "2016-01-01", "kind": "orientation", "hours": "x"})
        submit(page)
        assert page.locator(".error-summary").count() == 1
        found["refused form"] = serious_violations(page)
        assert console_errors(console) == []
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_of_the_three_main_pages(
    api: ApiServer, browser: Any, case_id: str, lang: str, device: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    locale = "it-IT" if lang == "it" else "en-GB"
    with tab(browser, PHONE if device == "phone" else DESKTOP, locale) as page:
        sign_in(page, api.url, "caseworker", lang)
        for name, path in (
            ("caseload", "caseload"),
            ("people", "people?fiscal_code=TSTMNA85C41Z335Y"),
            ("case", f"cases/{case_id}"),
        ):
            page.goto(f"{api.url}/workspace/{path}")
            page.screenshot(path=str(SHOTS / f"{name}-{lang}-{device}.png"), full_page=True)
            if device == "phone":  # no sideways scrolling on a phone
                wide = page.evaluate(WIDEST)
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], wide


def test_the_keyboard_alone_signs_in_and_records(
    api: ApiServer, browser: Any, case_id: str
) -> None:
    with tab(browser) as page:
        page.goto(f"{api.url}/workspace/signin")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        page.keyboard.press("Enter")  # skip link → main
        page.focus("#token")
        page.keyboard.type("tok-caseworker")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.goto(f"{api.url}/workspace/cases/{case_id}/activity")
        page.focus("#occurred_on")
        page.keyboard.press("Control+A")  # today's date is filled in: typed over
        page.keyboard.type("05/04/2018")  # day first, as its label says (gg/mm/aaaa)
        assert page.input_value("#occurred_on") == "05/04/2018"
        active = "document.activeElement.id || document.activeElement.type"
        for target, keys in (
            ("kind", "Orientamento"),
            ("hours", "1"),
            ("notes", ""),
            ("submit", ""),
        ):
            for _ in range(4):  # a date field may hold focus on its last segment once more
                page.keyboard.press("Tab")
                if page.evaluate(active) == target:
                    break
            assert page.evaluate(active) == target
            if keys:
                page.keyboard.type(keys)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator(".flash").count() == 1, page.inner_text("main")[:500]


def test_dates_and_programmes_read_as_words_and_actions_fit_the_state(
    api: ApiServer, browser: Any, case_id: str
) -> None:
    """Babel dates ("3 apr 2018"), programme names not codes, and only the actions the
    case's state admits (an open case: no resumption, no intake)."""
    iso = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
    with tab(browser) as page:
        sign_in(page, api.url, "coordinator")
        page.goto(f"{api.url}/workspace/caseload")
        main = page.inner_text("main")
        assert not iso.search(main), iso.search(main)
        assert re.search(r"\b\d{1,2} (gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic) \d{4}", main)
        assert "Processi di EMPowerment" in page.inner_text("table.caseload")
        assert page.locator("table.caseload td", has_text=re.compile(r"^EMP$")).count() == 0
        page.goto(f"{api.url}/workspace/cases/{case_id}")
        main = page.inner_text("main")
        assert not iso.search(main), iso.search(main)
        assert "3 apr 2018" in main  # the activity's business date
        links = page.locator("nav.actions a").evaluate_all("a => a.map(e => e.href)")
        names = {href.rsplit("/", 1)[-1] for href in links}
        assert {"activity", "suspend", "close", "correct"} <= names
        assert not names & {"resume", "intake", "not_taken_on", "follow_up"}, names
        page.goto(f"{api.url}/workspace/cases/{case_id}?lang=en")
        assert "3 Apr 2018" in page.inner_text("main")
        page.goto(f"{api.url}/workspace/cases/{case_id}/activity")
        assert "(dd/mm/yyyy)" in page.inner_text("label[for=occurred_on]")
        assert page.get_attribute("#occurred_on", "type") == "text"
