"""POST /v1/people-search over HTTP: duplicates found by fiscal code or name + birth date, only
within the caller's programmes, every match written to the access log."""

from __future__ import annotations

from .conftest import PERSON, ApiServer, open_case
from .workspace_support import access_log_whats


def test_search_finds_her_within_scope_and_logs_it(api: ApiServer) -> None:
    ids = open_case(api, programme="EMP", intake=False)
    by_code = {"fiscal_code": PERSON["personal"]["fiscal_code"].lower()}  # type: ignore[index]
    by_name = {"full_name": "ouedraogo AMINA testa", "birth_date": "1985-03-01"}
    for body in (by_code, by_name):
        answer = api.client("caseworker").post("/v1/people-search", json=body)
        assert answer.status_code == 200, answer.text
        found = {m["id"]: m["programmes"] for m in answer.json()["matches"]}
        assert found.get(ids["person_id"]) == ["EMP"]
    outside = api.client("caseworker-sostengo").post("/v1/people-search", json=by_code)
    assert outside.status_code == 200
    assert ids["person_id"] not in outside.text  # nothing of hers outside her programmes
    assert "people search match" in access_log_whats(api.settings, ids["person_id"])


def test_search_refuses_too_little_and_the_wrong_roles(api: ApiServer) -> None:
    client = api.client("caseworker")
    assert client.post("/v1/people-search", json={"full_name": "Amina"}).status_code == 422
    assert client.post("/v1/people-search", json={"nickname": "x"}).status_code == 422
    assert (
        api.client("evaluator").post("/v1/people-search", json={"fiscal_code": "X"}).status_code
        == 403
    )
    assert api.client().post("/v1/people-search", json={"fiscal_code": "X"}).status_code == 401
