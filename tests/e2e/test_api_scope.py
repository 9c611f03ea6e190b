"""Over real HTTP: a programme named for a user must exist, a version never reached is 404, a
woman not yet referred is scoped by who registered her, lists are pages, both histories speak
one format, and the OpenAPI document names the vocabularies (ADR 0013)."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import PERSON, ApiServer, key, open_case

WHY = {"X-Justification": "verifica richiesta n. 7/2026"}


def test_a_user_for_a_programme_that_does_not_exist_is_refused(api: ApiServer) -> None:
    admin = api.client("admin")
    body = {"user_id": "op-ghost", "role": "caseworker", "programmes": ["EMP", "ATLANTIDE"]}
    refused = admin.post("/v1/users", json=body, headers=key())
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert (refused.json()["code"], refused.json()["field"]) == ("unknown_programme", "programmes")
    assert admin.get("/v1/users/op-ghost").status_code == 404


def test_a_version_beyond_the_last_is_404(api: ApiServer) -> None:
    case_id = open_case(api)["case_id"]
    client = api.client("caseworker")
    last = client.get(f"/v1/cases/{case_id}").json()["version"]
    assert client.get(f"/v1/cases/{case_id}", params={"version": last}).status_code == 200
    beyond = client.get(f"/v1/cases/{case_id}", params={"version": last + 1})
    assert beyond.status_code == 404 and beyond.json()["field"] == "version"
    audit = api.client("auditor").get(
        f"/v1/audit/cases/{case_id}/history", params={"version": last + 5}
    )
    assert audit.status_code == 404


def test_a_woman_not_yet_referred_is_seen_by_her_registrars_programmes(api: ApiServer) -> None:
    admin = api.client("admin")
    token = admin.post(
        "/v1/users", headers=key(), json={"user_id": "cw-emp", "role": "caseworker",
                                          "programmes": ["EMP"]},
    ).json()["token"]  # fmt: skip
    colleague = api.client()
    colleague.headers["Authorization"] = f"Bearer {token}"
    registered = api.client("caseworker").post("/v1/people", json=PERSON, headers=key())
    person_id = registered.json()["id"]
    path = f"/v1/people/{person_id}"
    profile = {"occurred_on": "2018-04-01", "profile": PERSON["profile"]}
    assert api.client("caseworker").get(path).status_code == 200
    assert colleague.get(path).status_code == 200  # shares EMP with the registrar
    stranger = api.client("caseworker-sostengo")
    assert stranger.get(path).status_code == 403
    changed = stranger.post(f"{path}/profile", json=profile, headers=key())
    assert changed.status_code == 403 and changed.json()["code"] == "outside_your_programmes"
    assert api.client("coordinator").get(path).status_code == 200  # all programmes
    masked = api.client("auditor").get(path).json()
    assert masked["personal"]["masked"] is True
    # Referred to Sostengo, she is Sostengo's too (and no longer the registrar's alone).
    referred = api.client("coordinator").post(
        "/v1/cases",
        headers=key(),
        json={"occurred_on": "2018-03-02", "person_id": person_id, "programme": "SOSTENGO",
              "referring_service": "health", "reasons": ["employment"]},
    )  # fmt: skip
    assert referred.status_code == 201, referred.text
    assert stranger.get(path).status_code == 200
    assert colleague.get(path).status_code == 403


def test_lists_are_pages_with_a_total(api: ApiServer) -> None:
    ids = open_case(api)
    caseworker, auditor = api.client("caseworker"), api.client("auditor")
    for _ in range(3):
        assert caseworker.get(f"/v1/cases/{ids['case_id']}").status_code == 200
    logged = auditor.get(
        "/v1/audit/access-log", params={"subject": ids["person_id"], "limit": 2, "offset": 1}
    ).json()
    assert logged["total"] >= 3 and (logged["limit"], logged["offset"]) == (2, 1)
    assert len(logged["items"]) == 2
    everything = auditor.get("/v1/audit/access-log", params={"subject": ids["person_id"]}).json()
    assert logged["items"] == everything["items"][1:3]
    history = caseworker.get(
        f"/v1/cases/{ids['case_id']}/history", params={"limit": 1, "offset": 2}
    ).json()
    assert history["total"] == 3 and [e["kind"] for e in history["items"]] == ["IntakeCompleted"]
    audit = auditor.get(f"/v1/audit/cases/{ids['case_id']}/history", params={"limit": 2}).json()
    assert audit["total"] == 3 and len(audit["items"]) == 2
    person = auditor.get(f"/v1/audit/people/{ids['person_id']}/history").json()
    assert person["total"] == 1 and person["items"][0]["kind"] == "Registered"
    users = api.client("admin").get("/v1/users", params={"limit": 2}).json()
    assert users["total"] >= 7 and len(users["items"]) == 2


def test_both_histories_share_one_format(api: ApiServer) -> None:
    ids = open_case(api)
    shared = {"version", "kind", "occurred_on", "recorded_at", "actor_id", "role", "source",
              "corrects", "corrected_by", "void"}  # fmt: skip
    case = api.client("caseworker").get(f"/v1/cases/{ids['case_id']}/history").json()
    audit = api.client("auditor").get(f"/v1/audit/cases/{ids['case_id']}/history").json()
    for envelope in (case, audit):
        assert {"items", "total", "limit", "offset"} <= set(envelope)
        assert shared <= set(envelope["items"][0])
    pairs = zip(case["items"], audit["items"], strict=True)
    assert all(c[f] == a[f] for c, a in pairs for f in shared - {"recorded_at"})
    assert not {"type", "actor_role", "corrects_version"} & set(case["items"][0])


def test_one_route_per_use_case_and_the_vocabularies_are_named(api: ApiServer) -> None:
    document: dict[str, Any] = api.client().get("/openapi.json").json()
    paths, schemas = document["paths"], document["components"]["schemas"]
    assert [p for p in paths if "withdraw" in p] == ["/v1/cases/{case_id}/consents/withdraw"]
    filters = {p["name"]: p["schema"] for p in paths["/v1/analytics/{name}"]["get"]["parameters"]}
    for name in ("age_bands", "origin_regions", "household_types"):
        ref = filters[name]["items"]["$ref"].rsplit("/", 1)[1]
        assert schemas[ref]["enum"], name
    assert (
        "30-34" in schemas["AgeBand"]["enum"] and "north_africa" in schemas["WorldRegion"]["enum"]
    )
    baseline = schemas["IntakeIn"]["properties"]["baseline"]["additionalProperties"]
    assert (baseline["minimum"], baseline["maximum"]) == (1, 10)
    scores = schemas["AssessmentIn"]["properties"]["scores"]["additionalProperties"]
    assert (scores["minimum"], scores["maximum"]) == (1, 10)
    assert schemas["FollowUpIn"]["properties"]["months"]["enum"] == [6, 12, 24]
    for path, method in (
        ("/v1/cases/{case_id}/history", "get"),
        ("/v1/gdpr/people/{person_id}/export", "get"),
    ):
        header = next(
            p for p in paths[path][method]["parameters"] if p["name"] == "X-Justification"
        )
        schema = header["schema"].get("anyOf", [header["schema"]])[0]
        assert schema["minLength"] == 10, path
    for path, model in (
        ("/v1/gdpr/people/{person_id}/export", "GdprExportOut"),
        ("/v1/gdpr/people/{person_id}/erasure-proof", "ErasureProofCheckedOut"),
        ("/v1/gdpr/people/{person_id}/erasure", "ErasureProofOut"),
    ):
        operation = next(iter(paths[path].values()))
        body = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert body["$ref"].endswith(model), path
    assert "signature" in schemas["ErasureProofOut"]["required"]
