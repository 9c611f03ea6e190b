"""The contract as an integrator meets it, over real HTTP: retries replay whoever chose the id,
who-may-call before what-was-sent, broken JSON located, Location on every 201, ETag wherever
If-Match is taken, and an Idempotency-Key on every command (ADR 0013)."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from tests.e2e.conftest import PERSON, ApiServer, key, open_case

BROKEN = b'{\n  "occurred_on": "2018-04-01",\n  "kind" "orientation"\n}'
JSON = {"Content-Type": "application/json"}


def test_a_create_without_an_id_replays_the_first_answer(api: ApiServer) -> None:
    client = api.client("caseworker")
    headers = key()
    first = client.post("/v1/people", json=PERSON, headers=headers)
    assert first.status_code == 201, first.text
    head = api.head()
    again = client.post("/v1/people", json=PERSON, headers=headers)
    assert again.status_code == 201, again.text
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    assert first.headers["Location"] == f"/v1/people/{first.json()['id']}"
    assert api.head() == head
    changed = copy.deepcopy(PERSON)
    changed["occurred_on"] = "2018-03-02"
    other = client.post("/v1/people", json=changed, headers=headers)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert api.head() == head

    referral = {
        "occurred_on": "2018-03-02",
        "person_id": first.json()["id"],
        "programme": "EMP",
        "referring_service": "social_empoli",
        "reasons": ["employment"],
    }
    case_key = key()
    opened = client.post("/v1/cases", json=referral, headers=case_key)
    retried = client.post("/v1/cases", json=referral, headers=case_key)
    assert opened.status_code == retried.status_code == 201
    assert opened.json()["id"] == retried.json()["id"]
    assert retried.headers["Location"] == f"/v1/cases/{opened.json()['id']}"


def test_who_may_call_is_checked_before_the_body_is_read(api: ApiServer) -> None:
    case_id = open_case(api)["case_id"]
    url = f"/v1/cases/{case_id}/activities"
    anonymous = api.client().post(url, content=BROKEN, headers={**key(), **JSON})
    assert anonymous.status_code == 401, anonymous.text
    assert anonymous.headers["WWW-Authenticate"] == "Bearer"
    evaluator = api.client("evaluator").post(url, content=BROKEN, headers={**key(), **JSON})
    assert evaluator.status_code == 403 and evaluator.json()["code"] == "permission_denied"
    invalid = api.client("evaluator").post(url, json={"hours": "x"}, headers=key())
    assert invalid.status_code == 403
    anonymous_invalid = api.client().post(url, json={"hours": "x"})
    assert anonymous_invalid.status_code == 401


def test_a_broken_body_is_located_by_line_and_column(api: ApiServer) -> None:
    case_id = open_case(api)["case_id"]
    head = api.head()
    answer = api.client("caseworker").post(
        f"/v1/cases/{case_id}/activities", content=BROKEN, headers={**key(), **JSON}
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert (problem["code"], problem["field"]) == ("invalid_json", "body")
    assert (problem["line"], problem["column"]) == (3, 10), problem
    assert "line 3, column 10" in problem["detail"] and "Expecting ':'" in problem["detail"]
    assert "orientation" not in problem["detail"]
    assert api.head() == head


def test_every_201_has_a_location_and_every_if_match_resource_an_etag(api: ApiServer) -> None:
    coordinator = api.client("coordinator")
    ids = open_case(api)
    person = api.client("caseworker").get(f"/v1/people/{ids['person_id']}")
    assert person.headers["ETag"] == f'"{person.json()["version"]}"'
    programme = coordinator.get("/v1/programmes/EMP")
    assert programme.headers["ETag"] == f'"{programme.json()["version"]}"'
    group = coordinator.post(
        "/v1/groups",
        headers=key(),
        json={"occurred_on": "2018-03-01", "programme": "EMP", "kind": "mothers_special_needs",
              "title": "Madri"},
    )  # fmt: skip
    assert (
        group.status_code == 201 and group.headers["Location"] == f"/v1/groups/{group.json()['id']}"
    )
    read = coordinator.get(group.headers["Location"])
    assert read.status_code == 200 and read.headers["ETag"] == '"1"'
    org = coordinator.post(
        "/v1/stakeholders",
        headers=key(),
        json={"occurred_on": "2018-03-01", "programme": "EMP", "name": "Centro impiego",
              "kind": "public_service", "territory": "Empoli"},
    )  # fmt: skip
    assert org.status_code == 201
    assert coordinator.get(org.headers["Location"]).headers["ETag"] == '"1"'
    user = api.client("admin").post(
        "/v1/users",
        headers=key(),
        json={"user_id": "op-loc", "role": "manager", "programmes": ["*"]},
    )
    assert user.status_code == 201 and user.headers["Location"] == "/v1/users/op-loc"
    assert api.client("admin").get("/v1/users/op-loc").json()["role"] == "manager"
    token = api.client("admin").post("/v1/users/op-loc/tokens", headers=key())
    assert token.status_code == 201 and token.headers["Location"] == "/v1/users/op-loc"

    document: dict[str, Any] = api.client().get("/openapi.json").json()
    taking_if_match = 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if "201" in operation["responses"]:
                headers = operation["responses"]["201"].get("headers", {})
                assert "Location" in headers, (method, path)
            if any(p["name"] == "If-Match" for p in operation.get("parameters", [])):
                taking_if_match += 1
                read_path = (
                    path.rsplit("/", 2)[0] if path.count("/") > 4 else path.rsplit("/", 1)[0]
                )
                read_item = document["paths"].get(read_path, {}).get("get")
                assert read_item is not None, (method, path, read_path)
                assert "ETag" in read_item["responses"]["200"].get("headers", {}), read_path
    assert taking_if_match == 25  # 16 case commands, 3 on her, 2 groups, 2 network, 2 programmes


def test_group_end_and_collaborations_take_if_match(api: ApiServer) -> None:
    coordinator = api.client("coordinator")
    group = coordinator.post(
        "/v1/groups",
        headers=key(),
        json={"occurred_on": "2018-03-01", "programme": "EMP", "kind": "mothers_special_needs",
              "title": "Madri"},
    ).json()  # fmt: skip
    end = {"occurred_on": "2018-06-01"}
    stale = coordinator.post(
        f"/v1/groups/{group['id']}/end", json=end, headers={**key(), "If-Match": '"7"'}
    )
    assert stale.status_code == 409 and stale.json()["code"] == "concurrency_conflict"
    done = coordinator.post(
        f"/v1/groups/{group['id']}/end", json=end, headers={**key(), "If-Match": '"1"'}
    )
    assert done.status_code == 200 and done.headers["ETag"] == '"2"'
    org = coordinator.post(
        "/v1/stakeholders",
        headers=key(),
        json={"occurred_on": "2018-03-01", "programme": "EMP", "name": "Comune",
              "kind": "municipality", "territory": "Empoli"},
    ).json()  # fmt: skip
    collaboration = {"occurred_on": "2018-04-01", "kind": "referrals"}
    for path in ("collaborations", "collaborations/end"):
        refused = coordinator.post(
            f"/v1/stakeholders/{org['id']}/{path}",
            json=collaboration,
            headers={**key(), "If-Match": '"9"'},
        )
        assert refused.status_code == 409, (path, refused.text)


QUERIES_BY_POST = {"/v1/people-search"}
"""Reads sent as POST so that a fiscal code never sits in a URL or a server log: not commands."""


def test_every_command_takes_an_idempotency_key(api: ApiServer) -> None:
    document: dict[str, Any] = api.client().get("/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "post" and path not in QUERIES_BY_POST:
                names = {p["name"] for p in operation.get("parameters", [])}
                assert "Idempotency-Key" in names, path

    admin = api.client("admin")
    body = {"user_id": "op-retry", "role": "evaluator", "programmes": ["*"]}
    headers = key()
    first, again = (admin.post("/v1/users", json=body, headers=headers) for _ in range(2))
    assert first.status_code == again.status_code == 201
    assert first.json()["token"] == again.json()["token"]
    assert again.headers["Idempotent-Replayed"] == "true"
    reused = admin.post("/v1/users", json={**body, "user_id": "op-other"}, headers=headers)
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"
    assert admin.get("/v1/users/op-other").status_code == 404
    me = api.client().get("/v1/me", headers={"Authorization": f"Bearer {first.json()['token']}"})
    assert me.status_code == 200 and me.json()["user_id"] == "op-retry"
    revoke_key = key()
    for _ in range(2):
        assert admin.post("/v1/users/op-retry/revoke", headers=revoke_key).status_code == 204

    erased, spared = open_case(api), open_case(api)
    erase_key = key()
    proofs = [
        admin.post(f"/v1/gdpr/people/{erased['person_id']}/erasure", json={}, headers=erase_key)
        for _ in range(2)
    ]
    assert [p.status_code for p in proofs] == [200, 200], proofs[1].text
    assert proofs[1].headers["Idempotent-Replayed"] == "true"
    assert proofs[0].json()["signature"] and proofs[1].json()["person_id"] == erased["person_id"]
    other = admin.post(f"/v1/gdpr/people/{spared['person_id']}/erasure", json={}, headers=erase_key)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    spared_now = api.client("caseworker").get(f"/v1/people/{spared['person_id']}").json()
    assert spared_now["erased"] is False
    assert spared_now["personal"]["full_name"] == PERSON["personal"]["full_name"]  # type: ignore[index]

    auditor = api.client("auditor")
    checkpoints = auditor.post("/v1/audit/checkpoints", params={"every": 50}, headers=key())
    assert checkpoints.status_code == 200, checkpoints.text
    assert uuid.UUID(erased["person_id"])
