"""The API over real HTTP: a case's story, idempotent retries, stale versions, scoping, errors."""

from __future__ import annotations

import uuid

from tests.e2e.conftest import PERSON, ApiServer, key, open_case


def test_a_case_story_over_http(api: ApiServer) -> None:
    ids = open_case(api)
    client = api.client("caseworker")
    case_id = ids["case_id"]
    plan = client.post(
        f"/v1/cases/{case_id}/plan",
        headers=key(),
        json={
            "occurred_on": "2018-03-10",
            "goals": [
                {
                    "goal_id": "g1",
                    "domain": "work",
                    "target_date": "2018-12-31",
                    "description": "Trovare un lavoro part-time",
                }
            ],
        },
    )
    assert plan.status_code == 200, plan.text
    job = client.post(
        f"/v1/cases/{case_id}/outcomes",
        headers=key(),
        json={
            "occurred_on": "2018-06-01",
            "kind": "job_started",
            "contract_kind": "fixed_term",
            "weekly_hours": 20,
        },
    )
    assert job.status_code == 200, job.text
    closed = api.client("coordinator").post(
        f"/v1/cases/{case_id}/close",
        headers=key(),
        json={
            "occurred_on": "2018-09-01",
            "reason": "goals_achieved",
            "employment_at_exit": "employed",
        },
    )
    assert closed.status_code == 200, closed.text

    state = client.get(f"/v1/cases/{case_id}")
    assert state.status_code == 200
    body = state.json()
    assert body["status"] == "closed" and body["first_job_on"] == "2018-06-01"
    assert state.headers["ETag"] == f'"{body["version"]}"' == f'"{closed.json()["version"]}"'
    assert body["goals"][0]["description"]["text"] == "Trovare un lavoro part-time"

    history = client.get(f"/v1/cases/{case_id}/history").json()["items"]
    assert [e["kind"] for e in history] == [
        "Referred",
        "ConsentGiven",
        "IntakeCompleted",
        "PlanAgreed",
        "OutcomeRecorded",
        "Closed",
    ]
    assert history[-1]["actor_id"] == "coordinator" and history[-1]["role"] == "coordinator"
    assert history[-1]["source"] == "api" and history[0]["occurred_on"] == "2018-03-02"
    assert all(e["recorded_at"] for e in history)

    before = client.get(f"/v1/cases/{case_id}", params={"as_of": "2018-05-31"}).json()
    assert before["status"] == "active" and before["first_job_on"] is None
    at3 = client.get(f"/v1/cases/{case_id}", params={"version": 3}).json()
    assert at3["version"] == 3 and at3["goals"] == []


def test_a_correction_is_linked_both_ways(api: ApiServer) -> None:
    ids = open_case(api)
    case_id = ids["case_id"]
    fixed = api.client("coordinator").post(
        f"/v1/cases/{case_id}/corrections",
        headers=key(),
        json={
            "occurred_on": "2018-03-06",
            "corrects_version": 3,
            "changes": {"housing": "shared"},
            "reason": "abitazione registrata male",
        },
    )
    assert fixed.status_code == 200, fixed.text
    history = api.client("caseworker").get(f"/v1/cases/{case_id}/history").json()["items"]
    assert history[2]["corrected_by"] == [4] and history[3]["corrects"] == 3
    state = api.client("caseworker").get(f"/v1/cases/{case_id}").json()
    assert state["intake"]["housing"] == "shared"


def test_a_retried_command_returns_the_first_answer_and_appends_nothing(api: ApiServer) -> None:
    ids = open_case(api)
    client = api.client("caseworker")
    headers = key()
    body = {"occurred_on": "2018-04-01", "kind": "orientation", "hours": 2}
    first = client.post(f"/v1/cases/{ids['case_id']}/activities", json=body, headers=headers)
    head = api.head()
    again = client.post(f"/v1/cases/{ids['case_id']}/activities", json=body, headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert api.head() == head
    # The same key from another user is her own command.
    other = api.client("coordinator").post(
        f"/v1/cases/{ids['case_id']}/activities", json=body, headers=headers
    )
    assert other.status_code == 200 and other.json()["version"] == first.json()["version"] + 1


def test_a_key_reused_for_a_different_request_is_refused(api: ApiServer) -> None:
    ids = open_case(api)
    client = api.client("caseworker")
    url = f"/v1/cases/{ids['case_id']}/activities"
    headers = key()
    body = {"occurred_on": "2018-04-01", "kind": "orientation", "hours": 2}
    assert client.post(url, json=body, headers=headers).status_code == 200
    head = api.head()
    # A retry may serialise the same body with its keys in another order: still a retry.
    reordered = {"hours": 2, "kind": "orientation", "occurred_on": "2018-04-01"}
    again = client.post(url, json=reordered, headers=headers)
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    changed = client.post(url, json={**body, "hours": 9}, headers=headers)
    assert changed.status_code == 422
    assert changed.json()["field"] == "command_id"
    assert "9" not in changed.json()["detail"]
    assert api.head() == head


def test_a_stale_version_is_refused_and_appends_nothing(api: ApiServer) -> None:
    ids = open_case(api)
    client = api.client("caseworker")
    url = f"/v1/cases/{ids['case_id']}/activities"
    version = client.get(f"/v1/cases/{ids['case_id']}").json()["version"]
    body = {"occurred_on": "2018-04-01", "kind": "orientation", "hours": 1}
    ok = client.post(url, json=body, headers={**key(), "If-Match": f'"{version}"'})
    assert ok.status_code == 200
    head = api.head()
    stale = client.post(url, json=body, headers={**key(), "If-Match": f'"{version}"'})
    assert stale.status_code == 409
    assert stale.headers["content-type"].startswith("application/problem+json")
    assert stale.json()["code"] == "concurrency_conflict"
    assert api.head() == head


def test_401_and_403_are_distinct(api: ApiServer) -> None:
    ids = open_case(api)
    anonymous = api.client().get(f"/v1/cases/{ids['case_id']}")
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"] == "Bearer"
    bad = api.client().get("/v1/me", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json()["code"] == "invalid_token"
    evaluator = api.client("evaluator").get(f"/v1/cases/{ids['case_id']}")
    assert evaluator.status_code == 403 and evaluator.json()["code"] == "permission_denied"
    elsewhere = api.client("caseworker-sostengo").get(f"/v1/cases/{ids['case_id']}")
    assert elsewhere.status_code == 403 and elsewhere.json()["code"] == "outside_your_programmes"
    listed = api.client("caseworker-sostengo").get("/v1/cases").json()
    assert ids["case_id"] not in {c["id"] for c in listed["items"]}
    mine = api.client("caseworker").get("/v1/cases", params={"programme": "EMP"}).json()
    assert ids["case_id"] in {c["id"] for c in mine["items"]}
    refer = api.client("caseworker-sostengo").post(
        "/v1/cases",
        headers=key(),
        json={
            "occurred_on": "2018-03-02",
            "person_id": ids["person_id"],
            "programme": "EMP",
            "referring_service": "health",
            "reasons": ["employment"],
        },
    )
    assert refer.status_code == 403


def test_auditors_see_personal_data_only_with_a_justification(api: ApiServer) -> None:
    ids = open_case(api)
    auditor = api.client("auditor")
    masked = auditor.get(f"/v1/people/{ids['person_id']}").json()
    assert masked["personal"]["full_name"] is None and masked["personal"]["masked"] is True
    history = auditor.get(f"/v1/cases/{ids['case_id']}/history").text
    assert "Amina" not in history
    shown = auditor.get(
        f"/v1/people/{ids['person_id']}",
        headers={"X-Justification": "verifica richiesta di accesso n. 12"},
    )
    assert shown.json()["personal"]["full_name"] == PERSON["personal"]["full_name"]


def test_errors_are_problem_json_and_never_echo_personal_data(api: ApiServer) -> None:
    client = api.client("caseworker")
    name = "Zainab Riservata Nomepersonale"
    bad_code = {
        **PERSON,
        "personal": {**PERSON["personal"], "full_name": name, "fiscal_code": name},
    }
    refused = client.post("/v1/people", json=bad_code, headers=key())
    assert refused.status_code == 422
    problem = refused.json()
    assert set(problem) >= {"type", "title", "status", "detail", "code", "field"}
    assert problem["field"] == "personal.fiscal_code"
    assert name not in refused.text and "Zainab" not in refused.text
    unknown = client.post(
        f"/v1/cases/{uuid.uuid4()}/activities",
        headers=key(),
        json={"occurred_on": "2018-04-01", "kind": "orientation", "hours": 1},
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    outside = open_case(api, intake=False)
    early = client.post(
        f"/v1/cases/{outside['case_id']}/activities",
        headers=key(),
        json={"occurred_on": "2018-04-01", "kind": "orientation", "hours": 1},
    )
    assert early.status_code == 409 and early.json()["code"] == "intake_required"
    head = api.head()
    correction = api.client("coordinator").post(
        f"/v1/cases/{outside['case_id']}/corrections",
        headers=key(),
        json={
            "occurred_on": "2018-03-06",
            "corrects_version": 1,
            "changes": {"referring_service": name},
            "reason": "prova",
        },
    )
    assert correction.status_code == 422 and name not in correction.text
    no_key = client.post(
        f"/v1/cases/{outside['case_id']}/consents",
        json={"occurred_on": "2018-04-01", "scope": "processing"},
    )
    assert no_key.status_code == 422 and no_key.json()["field"] == "Idempotency-Key"
    assert api.head() == head


def test_a_key_reused_for_another_record_is_refused(api: ApiServer) -> None:
    first, second = open_case(api), open_case(api)
    client = api.client("caseworker")
    headers = key()
    body = {"occurred_on": "2018-04-01", "kind": "orientation", "hours": 1}
    done = client.post(f"/v1/cases/{first['case_id']}/activities", json=body, headers=headers)
    assert done.status_code == 200
    head = api.head()
    reused = client.post(f"/v1/cases/{second['case_id']}/activities", json=body, headers=headers)
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"
    other = client.post(
        f"/v1/cases/{first['case_id']}/suspend",
        headers=headers,
        json={"occurred_on": "2018-04-02", "reason": "health"},
    )
    assert other.status_code == 422 and other.json()["field"] == "command_id"
    assert api.head() == head
