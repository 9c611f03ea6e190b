"""Art. 15 export, Art. 17 erasure by crypto-shredding, consent withdrawal — on both stores."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from uuid import uuid4

from domain.shared.case_vocabulary import ConsentScope, ReferralReason, ReferringService
from domain.shared.roles import ActorRole
from infra.audit.access_log import entries
from infra.audit.chain import extend
from infra.audit.gdpr import erase_person, erasure_proof, export_person, proof_ok, withdraw_consent
from infra.audit.serialise import event_dict
from infra.audit.verify import verify
from infra.bootstrap import Runtime, build
from tests.helpers import meta
from tests.integration.audit_support import story


def decoded_log(runtime: Runtime) -> str:
    """Every event of the whole log, decrypted and unsealed as far as keys allow, as text."""
    fresh = build(runtime.settings, load_catalogue=False)
    try:
        return "\n".join(
            json.dumps(event_dict(fresh.app.mapper.to_domain_event(n)), ensure_ascii=False)
            for n in fresh.app.recorder.select_notifications(1, 1_000_000)
        )
    finally:
        fresh.close()


def data_files(runtime: Runtime) -> list[Path]:
    root = runtime.settings.resolved_data_dir
    return [p for p in root.rglob("*") if p.is_file() and "secrets" not in p.parts]


def test_export_holds_everything_about_her_and_is_logged(runtime: Runtime) -> None:
    s = story(runtime)
    second = uuid4()
    runtime.app.refer_case(
        meta(),
        occurred_on=date(2018, 2, 1),
        case_id=second,
        person_id=s.person_id,
        programme="SOSTENGO",
        referring_service=ReferringService.SDS_NORD_OVEST,
        reasons=[ReferralReason.HOUSING],
    )
    story(runtime, "Another Woman")  # must not leak into her export
    doc = export_person(
        runtime,
        s.person_id,
        actor_id="dpo-1",
        role=ActorRole.ADMIN,
        why="her written request of 3 March",
    )
    text = json.dumps(doc, ensure_ascii=False)
    assert doc["person"]["personal"]["fiscal_code"] == s.values[1]
    assert all(v in text for v in s.values) and "Another Woman" not in text
    assert {c["case_id"] for c in doc["cases"]} == {str(s.case_id), str(second)}
    assert len(doc["cases"][0]["events"]) == 6
    logged = entries(runtime, subject_id=str(s.person_id))
    assert [(e.actor_id, e.what, e.why) for e in logged] == [
        ("dpo-1", "gdpr export (Art. 15)", "her written request of 3 March")
    ]


def test_erasure_shreds_her_data_everywhere_and_leaves_a_signed_proof(runtime: Runtime) -> None:
    s = story(runtime)
    other = story(runtime, "Amina Diallo")
    export_person(runtime, s.person_id, actor_id="dpo-1", role="admin", why="Art. 15 request")
    extend(runtime)
    values = s.values
    before = decoded_log(runtime)
    assert all(v in before for v in values)  # the scan would see her if she were there
    wrapped = runtime.sealer.keystore.load(s.person_id)
    assert wrapped is not None
    if not runtime.settings.is_postgres:
        assert any(wrapped in p.read_bytes() for p in data_files(runtime))

    proof = erase_person(runtime, s.person_id, actor_id="dpo-1", role="admin")

    after = decoded_log(runtime)
    assert not [v for v in values if v in after]
    assert "Amina Diallo" in after  # only her key was destroyed
    assert runtime.sealer.keystore.load(s.person_id) is None
    if not runtime.settings.is_postgres:  # data files, WAL and key store, byte by byte
        runtime.sealer.keystore._db.execute("PRAGMA wal_checkpoint")  # type: ignore[attr-defined]
        for path in data_files(runtime):
            raw = path.read_bytes()
            assert wrapped not in raw, path.name
            assert not [v for v in values if v.encode() in raw], path.name
    text = json.dumps(proof)
    assert not [v for v in values if v in text]
    assert proof["key_destroyed"] and proof["sealed_values_readable"] == 0
    assert proof["sealed_values_checked"] == 5  # personal data, 3 sealed texts, 1 access reason
    assert proof["erasure_event"]["chain_position"] is not None
    assert proof_ok(proof) and erasure_proof(runtime, s.person_id) == proof
    assert not proof_ok(proof | {"legal_basis": "something else"})
    assert verify(runtime).ok  # shredding changes no stored byte: the chain still holds
    assert [e.why for e in entries(runtime, subject_id=str(s.person_id))] == [None]
    assert runtime.app.person(other.person_id).personal.full_name == "Amina Diallo"
    again = erase_person(runtime, s.person_id, actor_id="dpo-1", role="admin")
    assert again["key_destroyed"] and again["erased_at"] == proof["erased_at"]


def test_consent_withdrawal_end_to_end(runtime: Runtime) -> None:
    s = story(runtime)
    version = withdraw_consent(runtime, s.case_id, "analytics", actor_id="op-2", role="caseworker")
    case = runtime.app.case(s.case_id)
    assert version == case.version == 7
    assert case.consents[ConsentScope.ANALYTICS] is False
    assert case.consents[ConsentScope.PROCESSING] is True
    doc = export_person(runtime, s.person_id, actor_id="dpo-1", role="admin", why="check")
    assert doc["cases"][0]["events"][-1]["kind"] == "Case.ConsentWithdrawn"
