"""The attendance sheet: a whole group's session in one submit, in a real Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from .conftest import ApiServer, key, open_case
from .workspace_support import (
    Console,
    case_kinds,
    console_errors,
    fill,
    flash,
    launch,
    serious_violations,
    sign_in,
    submit,
    tab,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("workspace")]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


def test_an_attendance_sheet_records_the_whole_group_at_once(api: ApiServer, browser: Any) -> None:
    present = [open_case(api)["case_id"] for _ in range(2)]
    absent = open_case(api)["case_id"]
    group = api.client("coordinator").post(
        "/v1/groups",
        headers=key(),
        json={
            "occurred_on": "2018-04-01",
            "programme": "EMP",
            "kind": "mothers_special_needs",
            "title": "Gruppo del martedì",
        },
    )
    assert group.status_code == 201, group.text
    with tab(browser) as page:
        console = Console(page)
        sign_in(page, api.url, "caseworker")
        page.goto(f"{api.url}/workspace/groups")
        page.click("text=Gruppo del martedì")
        fill(page, {"occurred_on": "2018-05-02", "hours": "2"})
        for case_id in present:
            page.check(f"input[name=attendees][value='{case_id}']")
        assert serious_violations(page) == []
        submit(page)
        assert "Registrato" in flash(page)
        for case_id in present:  # ticked again for the next session
            assert page.is_checked(f"input[name=attendees][value='{case_id}']")
        assert not page.is_checked(f"input[name=attendees][value='{absent}']")
        assert console_errors(console) == []
    for case_id in present:
        assert case_kinds(api.settings, case_id)[-1] == "ActivityRecorded"
    assert "ActivityRecorded" not in case_kinds(api.settings, absent)
    assert api.client("coordinator").get(f"/v1/groups/{group.json()['id']}").json()["sessions"] == 1
