"""The comparison group over real HTTP (ADR 0016): a referral not taken on, and the labour
history asked at the intake. Refusals are problem+json naming the field and write nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import BASELINE, ApiServer, key, open_case

INTAKE = {
    "occurred_on": "2018-03-05",
    "baseline": BASELINE,
    "employment": "unemployed_seeking",
    "income_source": "benefits",
    "housing": "rented",
}
NOT_TAKEN_ON = {
    "occurred_on": "2018-03-20",
    "reason": "waiting_list",
    "employment": "informal",
    "months_worked_prior_24": 7,
}


def referred(api: ApiServer, consent: bool = True) -> str:
    """A referred woman's case, with her consent to processing (no intake)."""
    case_id: str = open_case(api, intake=False)["case_id"]
    if consent:
        done = api.client("caseworker").post(
            f"/v1/cases/{case_id}/consents",
            headers=key(),
            json={"occurred_on": "2018-03-02", "scope": "processing"},
        )
        assert done.status_code == 200, done.text
    return case_id


def test_a_referral_not_taken_on_ends_the_case_and_may_be_followed_up(api: ApiServer) -> None:
    client = api.client("caseworker")
    case_id = referred(api)
    url = f"/v1/cases/{case_id}/not-taken-on"
    version = client.get(f"/v1/cases/{case_id}").json()["version"]
    headers = {**key(), "If-Match": f'"{version}"'}
    done = client.post(url, json=NOT_TAKEN_ON, headers=headers)
    assert done.status_code == 200, done.text
    assert done.json()["version"] == version + 1
    assert done.headers["ETag"] == f'"{version + 1}"' and "Location" not in done.headers
    head = api.head()
    again = client.post(url, json=NOT_TAKEN_ON, headers=headers)  # a retry: the first answer
    assert again.status_code == 200 and again.json() == done.json()
    assert again.headers["Idempotent-Replayed"] == "true" and api.head() == head

    state = client.get(f"/v1/cases/{case_id}").json()
    assert (state["status"], state["closure_reason"]) == ("closed", "not_taken_on")
    assert state["closed_on"] == "2018-03-20" and state["intake"] is None
    last = client.get(f"/v1/cases/{case_id}/history").json()["items"][-1]
    assert last["kind"] == "NotTakenOn" and last["occurred_on"] == "2018-03-20"
    assert last["source"] == "api" and last["actor_id"] == "caseworker"

    followed = client.post(
        f"/v1/cases/{case_id}/follow-ups",
        headers={**key(), "If-Match": f'"{version + 1}"'},
        json={"occurred_on": "2019-03-25", "months": 12, "reached": True, "employment": "employed"},
    )
    assert followed.status_code == 200, followed.text
    assert client.get(f"/v1/cases/{case_id}").json()["follow_ups"] == [12]
    stale = client.post(url, json=NOT_TAKEN_ON, headers={**key(), "If-Match": f'"{version}"'})
    assert stale.status_code == 409 and stale.json()["code"] == "concurrency_conflict"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": "moved_away"}, "reason"),
        ({"employment": "astronaut"}, "employment"),
        ({"months_worked_prior_24": 25}, "months_worked_prior_24"),
        ({"months_worked_prior_24": -1}, "months_worked_prior_24"),
        ({"months_worked_prior_24": "7"}, "months_worked_prior_24"),
        ({"months_worked_prior_24": 7.5}, "months_worked_prior_24"),
        ({"reason": None}, "reason"),
        ({"screening_notes": "x"}, "screening_notes"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_writes_nothing(
    api: ApiServer, change: dict[str, Any], field: str
) -> None:
    case_id = referred(api)
    head = api.head()
    refused = api.client("caseworker").post(
        f"/v1/cases/{case_id}/not-taken-on", json={**NOT_TAKEN_ON, **change}, headers=key()
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["field"] == field and refused.json()["status"] == 422
    assert "astronaut" not in refused.text
    assert api.head() == head


def test_after_an_intake_not_taken_on_is_refused(api: ApiServer) -> None:
    case_id = open_case(api)["case_id"]  # consent and intake recorded
    head = api.head()
    refused = api.client("caseworker").post(
        f"/v1/cases/{case_id}/not-taken-on", json=NOT_TAKEN_ON, headers=key()
    )
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["code"] == "intake_already_done"
    assert refused.json()["field"] == "reason"
    assert api.head() == head
    assert api.client("caseworker").get(f"/v1/cases/{case_id}").json()["status"] == "active"


def test_without_consent_to_processing_not_taken_on_is_refused(api: ApiServer) -> None:
    case_id = referred(api, consent=False)
    head = api.head()
    refused = api.client("caseworker").post(
        f"/v1/cases/{case_id}/not-taken-on", json=NOT_TAKEN_ON, headers=key()
    )
    assert refused.status_code == 409 and refused.json()["code"] == "consent_required"
    assert api.head() == head


def test_the_intake_records_her_months_worked_before_the_referral(api: ApiServer) -> None:
    client = api.client("caseworker")
    case_id, other = referred(api), referred(api)
    head = api.head()
    for months in (25, -1, "3", True):
        refused = client.post(
            f"/v1/cases/{case_id}/intake",
            headers=key(),
            json={**INTAKE, "months_worked_prior_24": months},
        )
        assert refused.status_code == 422, (months, refused.text)
        assert refused.json()["field"] == "months_worked_prior_24"
    assert api.head() == head
    done = client.post(
        f"/v1/cases/{case_id}/intake",
        headers=key(),
        json={**INTAKE, "months_worked_prior_24": 18},
    )
    assert done.status_code == 200, done.text
    assert client.get(f"/v1/cases/{case_id}").json()["intake"]["months_worked_prior_24"] == 18
    unknown = client.post(f"/v1/cases/{other}/intake", headers=key(), json=INTAKE)
    assert unknown.status_code == 200, unknown.text
    assert client.get(f"/v1/cases/{other}").json()["intake"]["months_worked_prior_24"] is None
