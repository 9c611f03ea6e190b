"""Audit and GDPR endpoints over real HTTP (uvicorn in a subprocess, SQLite file)."""

from __future__ import annotations

import json

from tests.e2e.conftest import PERSON, ApiServer, key, open_case

WHY = {"X-Justification": "richiesta ispettiva n. 42/2026"}
NAME = PERSON["personal"]["full_name"]  # type: ignore[index]


def accesses(api: ApiServer, subject: str) -> list[dict[str, object]]:
    found = api.client("auditor").get("/v1/audit/access-log", params={"subject": subject})
    assert found.status_code == 200, found.text
    return list(found.json()["items"])


def test_history_is_masked_until_justified_and_the_reveal_is_logged(api: ApiServer) -> None:
    ids = open_case(api)
    auditor = api.client("auditor")
    path = f"/v1/audit/cases/{ids['case_id']}/history"
    masked = auditor.get(path)
    assert masked.status_code == 200, masked.text
    body = masked.json()
    assert not body["revealed"] and "Amina" not in masked.text
    intake = next(e for e in body["items"] if e["kind"] == "IntakeCompleted")
    assert "[masked]" in intake["text_en"] and "[riservato]" in intake["text_it"]
    assert intake["actor_id"] == "caseworker" and intake["role"] == "caseworker"
    assert intake["source"] == "api" and intake["occurred_on"] == "2018-03-05"
    assert not [a for a in accesses(api, ids["case_id"]) if a["actor_id"] == "auditor"]

    revealed = auditor.get(path, headers=WHY)
    assert revealed.status_code == 200 and "Colloquio iniziale con Amina" in revealed.text
    logged = [a for a in accesses(api, ids["case_id"]) if a["actor_id"] == "auditor"]
    assert len(logged) == 1 and logged[0]["why"] == WHY["X-Justification"]
    assert logged[0]["person_id"] == ids["person_id"] and logged[0]["role"] == "auditor"

    early = auditor.get(path, params={"as_of": "2018-03-03"}).json()
    assert [e["kind"] for e in early["items"]] == ["Referred", "ConsentGiven"]
    assert early["version"] == 2 and ("stato", "Segnalata") in map(tuple, early["state_it"])


def test_the_womans_own_record_is_masked_until_justified(api: ApiServer) -> None:
    ids = open_case(api)
    path = f"/v1/audit/people/{ids['person_id']}/history"
    masked = api.client("auditor").get(path)
    assert masked.status_code == 200, masked.text
    assert masked.json()["cases"] == [ids["case_id"]] and NAME not in masked.text
    shown = api.client("auditor").get(path, headers=WHY)
    assert NAME in shown.json()["items"][0]["text_it"]
    assert [a["what"] for a in accesses(api, ids["person_id"]) if a["actor_id"] == "auditor"] == [
        "person history (revealed)"
    ]
    assert api.client("caseworker").get(path).status_code == 403


def test_caseworker_reads_of_personal_data_reach_the_access_log(api: ApiServer) -> None:
    ids = open_case(api)
    assert api.client("caseworker").get(f"/v1/cases/{ids['case_id']}").status_code == 200
    assert any(a["actor_id"] == "caseworker" for a in accesses(api, ids["person_id"]))


def test_audit_endpoints_refuse_other_roles(api: ApiServer) -> None:
    assert api.client().get("/v1/audit/verify").status_code == 401
    for role in ("caseworker", "evaluator", "manager"):
        assert api.client(role).get("/v1/audit/verify").status_code == 403
        assert api.client(role).get("/v1/audit/access-log").status_code == 403
    assert api.client("auditor").get("/v1/gdpr/people/x/export").status_code in (403, 422)


def test_verify_and_checkpoints_over_http(api: ApiServer) -> None:
    open_case(api)
    auditor = api.client("auditor")
    exported = auditor.post("/v1/audit/checkpoints", params={"every": 10})
    assert exported.status_code == 200, exported.text
    document = exported.json()
    assert document["checkpoints"] and document["head"]["position"] >= 10
    report = auditor.get("/v1/audit/verify").json()
    assert report["ok"] and report["records"] >= document["head"]["position"]
    assert report["findings"] == [] and report["outside"] == 0  # fields added by issue 11
    assert report["stored"] == report["records"] and report["last_checkpoint"] >= 10
    assert report["strict_ok"] == (report["unverified"] is None)
    assert auditor.post("/v1/audit/verify", json=document).json()["ok"]
    forged = json.loads(json.dumps(document))
    forged["checkpoints"][0]["link"] = "00" * 32
    bad = auditor.post("/v1/audit/verify", json=forged).json()
    assert not bad["ok"] and bad["finding"]["kind"] == "checkpoint"
    assert bad["finding"]["position"] == forged["checkpoints"][0]["position"]
    assert auditor.post("/v1/audit/verify", json={"format": "x"}).status_code == 422


def test_gdpr_export_erasure_proof_and_consent_withdrawal(api: ApiServer) -> None:
    ids = open_case(api)
    admin, caseworker = api.client("admin"), api.client("caseworker")
    case_path = f"/v1/cases/{ids['case_id']}"
    given = caseworker.post(
        f"{case_path}/consents",
        headers=key(),
        json={"occurred_on": "2018-03-06", "scope": "analytics"},
    )
    assert given.status_code == 200, given.text
    withdrawn = caseworker.post(
        f"{case_path}/consents/withdraw",
        headers=key(),
        json={"occurred_on": "2018-03-07", "scope": "analytics"},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    history = api.client("auditor").get(f"/v1/audit/cases/{ids['case_id']}/history").json()
    assert history["items"][-1]["kind"] == "ConsentWithdrawn"

    export_path = f"/v1/gdpr/people/{ids['person_id']}/export"
    assert admin.get(export_path).status_code == 422  # a justification is required
    export = admin.get(export_path, headers=WHY)
    assert export.status_code == 200, export.text
    document = export.json()
    assert document["person"]["personal"]["full_name"] == NAME
    assert [c["case_id"] for c in document["cases"]] == [ids["case_id"]]
    kinds = [e["kind"] for e in document["cases"][0]["events"]]
    assert "Case.ConsentWithdrawn" in kinds and "Case.IntakeCompleted" in kinds
    assert any(a["what"].startswith("gdpr export") for a in accesses(api, ids["person_id"]))

    proof = admin.post(f"/v1/gdpr/people/{ids['person_id']}/erasure", json={}, headers=key())
    assert proof.status_code == 200, proof.text
    body = proof.json()
    assert body["key_destroyed"] and body["sealed_values_readable"] == 0
    assert body["sealed_values_checked"] >= 2
    for value in PERSON["personal"].values():  # type: ignore[attr-defined]
        assert str(value) not in proof.text
    stored = api.client("auditor").get(f"/v1/gdpr/people/{ids['person_id']}/erasure-proof")
    assert stored.json()["signature_valid"] is True
    after = admin.get(export_path, headers=WHY).json()
    assert after["erased"] and NAME not in json.dumps(after)
    assert api.client("auditor").get("/v1/audit/verify").json()["ok"]
