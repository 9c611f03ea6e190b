"""One Idempotency-Key, one command, whichever ledger keeps it (over a real uvicorn).

User commands (add a user, issue a token, revoke) keep their keys in the user ledger beside the
event store; event-sourced commands keep theirs as command records in the log. An admin's key
used in one must be refused in the other with 422 `idempotency_key_reused`, and nothing written.
"""

from __future__ import annotations

import uuid

from tests.e2e.conftest import ApiServer, open_case

WITHDRAW = {"occurred_on": "2018-04-01", "scope": "processing"}


def _new_user() -> dict[str, object]:
    return {
        "user_id": f"cw-{uuid.uuid4().hex[:8]}",
        "role": "caseworker",
        "programmes": ["EMP"],
    }


def _users(api: ApiServer) -> set[str]:
    listed = api.client("admin").get("/v1/users", params={"limit": 10_000})
    assert listed.status_code == 200, listed.text
    return {u["user_id"] for u in listed.json()["items"]}


def _refused(answer: object) -> None:
    status = getattr(answer, "status_code", None)
    body = answer.json()  # type: ignore[attr-defined]
    assert status == 422, body
    assert body["code"] == "idempotency_key_reused" and body["field"] == "Idempotency-Key"


def test_a_user_command_key_is_refused_for_an_event_sourced_command(api: ApiServer) -> None:
    admin = api.client("admin")
    opened = open_case(api)
    case_id, person = opened["case_id"], opened["person_id"]
    key = {"Idempotency-Key": uuid.uuid4().hex}
    created = admin.post("/v1/users", json=_new_user(), headers=key)
    assert created.status_code == 201, created.text
    version = api.client("coordinator").get(f"/v1/cases/{case_id}").json()["version"]
    head = api.head()  # after the read: a read of her case may append to the access log

    _refused(admin.post(f"/v1/cases/{case_id}/consents/withdraw", json=WITHDRAW, headers=key))
    _refused(
        admin.post(
            f"/v1/gdpr/people/{person}/erasure", json={"legal_basis": "GDPR Art. 17"}, headers=key
        )
    )
    assert api.head() == head
    assert api.client("coordinator").get(f"/v1/cases/{case_id}").json()["version"] == version
    erased = admin.get(f"/v1/gdpr/people/{person}/erasure-proof")
    assert erased.status_code == 404, erased.text


def test_an_event_sourced_command_key_is_refused_for_a_user_command(api: ApiServer) -> None:
    admin = api.client("admin")
    case_id = open_case(api)["case_id"]
    key = {"Idempotency-Key": uuid.uuid4().hex}
    withdrawn = admin.post(f"/v1/cases/{case_id}/consents/withdraw", json=WITHDRAW, headers=key)
    assert withdrawn.status_code == 200, withdrawn.text
    before = _users(api)

    candidate = _new_user()
    _refused(admin.post("/v1/users", json=candidate, headers=key))
    _refused(admin.post("/v1/users/caseworker/tokens", headers=key))
    _refused(admin.post("/v1/users/caseworker/revoke", headers=key))
    assert _users(api) == before and candidate["user_id"] not in before
    assert api.client("caseworker").get("/v1/me").status_code == 200  # not revoked
    again = admin.post(f"/v1/cases/{case_id}/consents/withdraw", json=WITHDRAW, headers=key)
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"


def test_a_caseworker_key_is_not_looked_up_in_the_user_ledger(api: ApiServer) -> None:
    """Keys are scoped per user: an admin's user-command key does not bind a caseworker."""
    admin, caseworker = api.client("admin"), api.client("caseworker")
    case_id = open_case(api)["case_id"]
    key = {"Idempotency-Key": uuid.uuid4().hex}
    assert admin.post("/v1/users", json=_new_user(), headers=key).status_code == 201
    done = caseworker.post(f"/v1/cases/{case_id}/consents/withdraw", json=WITHDRAW, headers=key)
    assert done.status_code == 200, done.text
