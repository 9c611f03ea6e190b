"""Data-subject rights: Art. 15 export, Art. 17 erasure with a signed proof, consent withdrawal.

Erasure is crypto-shredding (services: `erase_person` destroys her data key). The proof holds
ids, times and counts only — nothing personal — and is signed with the audit key, so it can be
handed to her or to the supervisory authority and checked later.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from domain.shared.case_vocabulary import ConsentScope
from domain.shared.errors import NotFound, PersonErased
from domain.shared.roles import ActorRole
from domain.shared.values import Meta

from ..analytics.runner import purge_after_erasure
from ..bootstrap import Runtime
from .access_log import entries, record_access
from .chain import audit_key, chain_store, extend
from .history import cases_of, parse_id
from .serialise import event_dict, sealed_values
from .signing import public_key_hex, signature_ok_bytes

PROOFS = "percorsi_erasure_proofs"


def _person_events(runtime: Runtime, person_id: UUID) -> list[Any]:
    events = list(runtime.app.events.get(person_id))
    if not events or type(events[0]).__qualname__ != "Person.Registered":
        raise NotFound(f"no person with id {person_id}", field="person_id")
    return events


def export_person(
    runtime: Runtime,
    person_id: str | UUID,
    *,
    actor_id: str,
    role: ActorRole | str,
    why: str | None,
    source: str = "api",
) -> dict[str, Any]:
    """Everything held about one woman (Art. 15), as one JSON-ready document; the read is logged."""
    pid = parse_id(person_id, "person_id")
    person_events = _person_events(runtime, pid)
    record_access(runtime, actor_id, role, pid, "gdpr export (Art. 15)", why, source=source)
    person = runtime.app.person(pid)
    cases = []
    for cid in cases_of(runtime, pid):
        case = runtime.app.case(cid)
        cases.append(
            {
                "case_id": str(cid),
                "programme": case.programme,
                "status": case.status.code,
                "events": [event_dict(e) for e in runtime.app.events.get(cid)],
            }
        )
    return {
        "format": "percorsi-gdpr-export/1",
        "generated_at": _now(),
        "person_id": str(pid),
        "erased": person.erased,
        "person": event_dict(person_events[0])
        | {
            "current": {
                "personal": event_dict(person)["personal"],
                "profile": event_dict(person)["profile"],
                "household": event_dict(person)["household"],
            }
        },
        "person_events": [event_dict(e) for e in person_events],
        "cases": cases,
        "access_log": [e.as_dict() for e in entries(runtime, subject_id=str(pid), limit=10**6)],
    }


def erase_person(
    runtime: Runtime,
    person_id: str | UUID,
    *,
    actor_id: str,
    role: ActorRole | str,
    legal_basis: str = "GDPR Art. 17",
    source: str = "api",
) -> dict[str, Any]:
    """Erase her personal data (crypto-shredding) and return the signed proof of erasure."""
    proof, _ = erase_once(
        runtime, person_id, actor_id=actor_id, role=role, legal_basis=legal_basis, source=source
    )
    return proof


def erase_once(
    runtime: Runtime,
    person_id: str | UUID,
    *,
    actor_id: str,
    role: ActorRole | str,
    legal_basis: str = "GDPR Art. 17",
    source: str = "api",
    command_id: str | None = None,
    request_hash: str | None = None,
) -> tuple[dict[str, Any], bool]:
    """`erase_person`, under a caller's command id (an HTTP Idempotency-Key): the proof, and
    whether this was a repeat of that command. A command id first used to erase someone else,
    or for another request, is refused (IdempotencyKeyReused) before anything happens."""
    pid = parse_id(person_id, "person_id")
    _person_events(runtime, pid)
    meta = Meta(actor_id, ActorRole.parse(role), command_id or f"erase:{pid}", source, request_hash)
    replayed = False
    try:
        result = runtime.app.erase_person(
            meta, pid, occurred_on=date.today(), legal_basis=legal_basis
        )
        replayed = result.replayed and command_id is not None
    except PersonErased:  # an earlier erasure: make sure the key is gone, re-issue the proof
        runtime.sealer.destroy(pid)
    runtime.sealer.forget_cache()
    db = chain_store(runtime).db
    if db.is_postgres:  # drop the deleted key's dead tuple now, not at autovacuum's leisure
        db.run("VACUUM percorsi_data_keys")
    # Her pseudonymous analytic rows go, and the file is rewritten so their bytes go too
    # (a following worker does it itself; ADR 0005).
    purge_after_erasure(runtime.settings)
    proof = _proof(runtime, pid)
    db.create(f"CREATE TABLE IF NOT EXISTS {PROOFS} (person_id TEXT PRIMARY KEY, proof TEXT)")
    db.run(f"DELETE FROM {PROOFS} WHERE person_id = ?", (str(pid),))
    db.run(f"INSERT INTO {PROOFS} VALUES (?, ?)", (str(pid), json.dumps(proof)))
    return proof, replayed


def _proof(runtime: Runtime, pid: UUID) -> dict[str, Any]:
    person_events = _person_events(runtime, pid)
    erased = next(e for e in person_events if type(e).__qualname__ == "Person.Erased")
    case_ids = cases_of(runtime, pid)
    events = person_events + [e for c in case_ids for e in runtime.app.events.get(c)]
    sealed = [s for e in events for s in sealed_values(vars(e)) if s.subject_id == pid]
    access = entries(runtime, subject_id=str(pid), limit=10**6)
    extend(runtime)
    store = chain_store(runtime)
    head = store.head()
    body = {
        "format": "percorsi-erasure-proof/1",
        "person_id": str(pid),
        "erased_at": erased.timestamp.astimezone(UTC).isoformat(),
        "legal_basis": erased.legal_basis,
        "issued_at": _now(),
        "erasure_event": {
            "version": erased.originator_version,
            "chain_position": store.position_of(str(pid), erased.originator_version),
        },
        "key_destroyed": runtime.sealer.keystore.load(pid) is None,
        "sealed_values_checked": len(sealed) + sum(1 for a in access if a.person_id),
        "sealed_values_readable": sum(1 for s in sealed if not s.erased)
        + sum(1 for a in access if a.why is not None),
        "cases": [str(c) for c in case_ids],
        "chain_head": {
            "position": head.position if head else 0,
            "link": head.link.hex() if head else "",
        },
        "public_key": public_key_hex(audit_key(runtime)),
    }
    body["signature"] = audit_key(runtime).sign(_canonical(body)).hex()
    return body


def _canonical(body: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":")).encode()


def proof_ok(proof: dict[str, Any]) -> bool:
    """Check a proof's signature with the public key it names (compare that key to yours)."""
    return signature_ok_bytes(
        str(proof.get("public_key", "")), _canonical(proof), str(proof.get("signature", ""))
    )


def erasure_proof(runtime: Runtime, person_id: str | UUID) -> dict[str, Any]:
    pid = parse_id(person_id, "person_id")
    db = chain_store(runtime).db
    db.create(f"CREATE TABLE IF NOT EXISTS {PROOFS} (person_id TEXT PRIMARY KEY, proof TEXT)")
    rows = db.run(f"SELECT proof FROM {PROOFS} WHERE person_id = ?", (str(pid),))
    if not rows:
        raise NotFound("no erasure proof for this person", field="person_id")
    found: dict[str, Any] = json.loads(rows[0][0])
    return found


def withdraw_consent(
    runtime: Runtime,
    case_id: str | UUID,
    scope: str,
    *,
    actor_id: str,
    role: ActorRole | str,
    source: str = "api",
) -> int:
    """Withdraw a consent on a case (always possible, also after closure); return the version."""
    cid = parse_id(case_id, "case_id")
    meta = Meta(actor_id, ActorRole.parse(role), f"withdraw:{uuid4().hex}", source)
    result = runtime.app.withdraw_consent(
        meta, cid, occurred_on=date.today(), scope=ConsentScope.parse(scope)
    )
    return int(result.version)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
