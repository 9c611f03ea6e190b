"""Over real HTTP: the domain's input rules come back as 422 problem+json naming the field,
and the refused command writes nothing."""

from __future__ import annotations

import copy
from typing import Any

from tests.e2e.conftest import PERSON, ApiServer, key, open_case


def _refused(api: ApiServer, path: str, body: dict[str, Any], code: str, field: str) -> str:
    before = api.head()
    answer = api.client("caseworker").post(path, json=body, headers=key())
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert (problem["code"], problem["field"]) == (code, field), problem
    assert api.head() == before
    return str(problem["detail"])


def test_a_future_business_date_is_a_422_naming_the_field(api: ApiServer) -> None:
    body = copy.deepcopy(PERSON)
    body["occurred_on"] = "9999-12-31"
    detail = _refused(api, "/v1/people", body, "future_date", "occurred_on")
    assert "9999-12-31" in detail and "future" in detail


def test_a_control_character_is_a_422_naming_the_field(api: ApiServer) -> None:
    body = copy.deepcopy(PERSON)
    body["personal"]["full_name"] = "Amina\u0000Testa"
    detail = _refused(api, "/v1/people", body, "invalid_text", "personal.full_name")
    assert "U+0000" in detail and "Amina" not in detail
    body = copy.deepcopy(PERSON)
    body["profile"]["municipality"] = "Empoli\u001b[2J"
    _refused(api, "/v1/people", body, "invalid_text", "profile.municipality")


def test_a_note_with_an_escape_is_refused_but_line_breaks_pass(api: ApiServer) -> None:
    case_id = open_case(api)["case_id"]
    activity = {"occurred_on": "2018-04-01", "kind": "orientation", "hours": 1}
    _refused(
        api,
        f"/v1/cases/{case_id}/activities",
        {**activity, "notes": "colloquio\u0007"},
        "invalid_text",
        "notes",
    )
    done = api.client("caseworker").post(
        f"/v1/cases/{case_id}/activities",
        json={**activity, "notes": "riga uno\nriga due"},
        headers=key(),
    )
    assert done.status_code in (200, 201), done.text
