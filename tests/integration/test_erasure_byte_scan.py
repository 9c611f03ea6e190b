"""Erasure by crypto-shredding, proven on the raw bytes of every store.

Zeynep is registered with distinctive personal values and free-text notes, then erased. A byte
scan of the SQLite event file (with its -wal/-shm), the key store file, every other file under
the data directory and, on PostgreSQL, a pg_dump of the database, finds none of her values and
not her data key, raw or wrapped. Before erasure the wrapped key *is* found, so the scan can see
what it looks for. Her history still replays, with personal fields read as erased.
"""

from __future__ import annotations

import base64
import glob
import json
import subprocess
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.case import Goal
from domain.person import Household
from domain.shared.case_vocabulary import ActivityKind, AssessmentDomain
from domain.shared.errors import PersonErased
from domain.shared.profile_vocabulary import HouseholdType
from domain.shared.roles import ActorRole
from domain.shared.values import PersonalData, PersonalText
from infra.bootstrap import Runtime, build
from infra.crypto.keystore import unwrap
from infra.secrets import key_encryption_key
from tests.casework import take_in_charge
from tests.helpers import meta, profile

DAY = date(2017, 3, 6)
NOTES = {
    "review": "Teme l'ex marito Ferruccio Xandalò-Pellegrineschi; numero nascosto.",
    "goal": "Aprire la sartoria Zeynep Atelier Quixwold in Oltrarno",
    "activity": "Colloquio con la figlia Elif-Quixwold presso il consultorio di Novoli",
    "correction": "La signora Quixwold aveva dato un indirizzo sbagliato a Rifredi",
}


def zeynep(person_id: UUID) -> PersonalData:
    return PersonalData(
        person_id,
        "Zeynep Quixwold-Arrabbiata",
        "QXWZNP85T62Z243K",
        date(1985, 12, 22),
        "+39 347 881 2309",
        "zeynep.quixwold@example.net",
        "Via dell'Agnolo 77, 50122 Firenze",
    )


def needles(values: list[str]) -> dict[str, bytes]:
    """Each value as UTF-8 and as JSON would escape it (ASCII-only \\u sequences)."""
    found: dict[str, bytes] = {}
    for value in values:
        found[value] = value.encode()
        found[f"{value} (json)"] = json.dumps(value)[1:-1].encode()
    return found


def key_needles(label: str, key: bytes) -> dict[str, bytes]:
    return {
        f"{label} raw": key,
        f"{label} hex": key.hex().encode(),
        f"{label} base64": base64.b64encode(key),
    }


def stored_bytes(runtime: Runtime) -> dict[str, bytes]:
    """Every file Percorsi wrote under its data directory and, on PostgreSQL, a full dump."""
    settings = runtime.settings
    files = {
        str(p.relative_to(settings.resolved_data_dir)): p.read_bytes()
        for p in sorted(settings.resolved_data_dir.rglob("*"))
        if p.is_file()
    }
    if settings.is_postgres:
        pg_dump = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))[-1]
        dump = subprocess.run(
            [pg_dump, "--no-owner", f"--dbname={settings.database}"],
            check=True,
            capture_output=True,
            timeout=120,
        ).stdout
        assert b"COPY public.percorsi_events" in dump and b"percorsi_data_keys" in dump
        files["pg_dump"] = dump
    else:
        assert "events.sqlite" in files and "keys.sqlite" in files
    return files


def hits(files: dict[str, bytes], wanted: dict[str, bytes]) -> list[str]:
    return [
        f"{label} in {name}"
        for name, data in files.items()
        for label, w in wanted.items()
        if w in data
    ]


def test_erasure_leaves_no_byte_of_her_data_or_her_key(runtime: Runtime) -> None:
    app, settings = runtime.app, runtime.settings
    pid = uuid4()
    personal = zeynep(pid)
    app.register_person(
        meta(),
        occurred_on=DAY,
        person_id=pid,
        personal=personal,
        profile=profile(1985),
        household=Household(HouseholdType.ALONE),
    )
    case_id = take_in_charge(app, pid, "EMP", DAY)
    app.agree_plan(
        meta(),
        case_id,
        occurred_on=DAY,
        goals=[
            Goal(
                "atelier", AssessmentDomain.WORK, date(2018, 1, 1), PersonalText(pid, NOTES["goal"])
            )
        ],
    )
    activity = app.record_activity(
        meta(),
        case_id,
        occurred_on=date(2017, 3, 20),
        kind=ActivityKind.LISTENING_INTERVIEW,
        hours=1,
        notes=NOTES["activity"],
    )
    app.review_plan(
        meta(), case_id, occurred_on=date(2017, 4, 3), goal_statuses={}, notes=NOTES["review"]
    )
    app.correct_event(
        meta(),
        case_id,
        occurred_on=date(2017, 4, 4),
        corrects_version=activity.version,
        changes={"hours": 1.5},
        reason=NOTES["correction"],
    )
    app.change_personal_data(
        meta(), pid, occurred_on=date(2017, 5, 1), personal=zeynep(pid)
    )  # a second sealed copy of her data, as after an address update

    # -- before erasure: her data is live, and her wrapped key sits in the key store ----------
    assert app.person(pid).personal.full_name == personal.full_name
    assert app.case(case_id).records[activity.version].fields["notes"].text == NOTES["activity"]
    wrapped = runtime.sealer.keystore.load(pid)
    assert wrapped is not None
    data_key = unwrap(key_encryption_key(settings), pid, wrapped)
    assert len(data_key) == 32
    secrets = needles([*personal.values(), *NOTES.values()])
    keys = {**key_needles("data key", data_key), **key_needles("wrapped key", wrapped)}
    before = stored_bytes(runtime)
    assert hits(before, secrets) == []  # sealed and encrypted even while she is live
    assert any(h.startswith("wrapped key") for h in hits(before, keys)), hits(before, keys)
    assert not any(h.startswith("data key") for h in hits(before, keys))  # stored wrapped only

    # Even with the whole-event cipher key (kept in the secrets dir), the decrypted events hold
    # only sealed blobs: her values are under her own key.
    cipher = app.mapper.cipher
    assert cipher is not None
    decrypted = {
        f"event {n.id}": cipher.decrypt(n.state)
        for n in app.recorder.select_notifications(1, 10_000)
    }
    assert any(pid.hex.encode() in state for state in decrypted.values())
    assert hits(decrypted, secrets) == []

    # -- erasure -------------------------------------------------------------------------------
    app.erase_person(meta(ActorRole.ADMIN), pid, occurred_on=date(2019, 9, 1))
    after = stored_bytes(runtime)
    assert hits(after, secrets) == []
    assert hits(after, keys) == []
    assert runtime.sealer.keystore.load(pid) is None

    # -- her history still replays, in this process and in a fresh one --------------------------
    fresh = build(settings, load_catalogue=False)
    try:
        for reader in (app, fresh.app):
            person = reader.person(pid)
            assert person.erased and person.personal.erased and person.personal.values() == []
            assert person.profile.birth_year == 1985  # the anonymous profile stays for analytics
            case = reader.case(case_id)
            assert case.records[activity.version].fields["notes"].text is None
            assert case.records[activity.version].fields["hours"] == 1.5  # correction applied
            assert case.goals["atelier"].description is not None
            assert case.goals["atelier"].description.text is None
            assert case.intake is not None and case.programme == "EMP"
            last = case.records[case.version]
            assert last.kind == "Corrected" and last.fields["reason"].erased
            kinds = [type(e).__name__ for e in reader.events.get(pid)]
            assert kinds == ["Registered", "PersonalDataChanged", "Erased"]
    finally:
        fresh.close()


def test_an_interrupted_erasure_is_finished_by_any_repeat(runtime: Runtime) -> None:
    """The Erased event was saved but the process died before the key was destroyed."""
    app = runtime.app
    pid = uuid4()
    app.register_person(
        meta(),
        occurred_on=DAY,
        person_id=pid,
        personal=zeynep(pid),
        profile=profile(1985),
        household=Household(HouseholdType.ALONE),
    )
    person = app.person(pid)
    person.erase(meta=meta(ActorRole.ADMIN), occurred_on=DAY, legal_basis="GDPR Art. 17")
    app.save(person)  # the first half of erase_person, as if it stopped there
    assert runtime.sealer.keystore.load(pid) is not None
    with pytest.raises(PersonErased):
        app.erase_person(meta(ActorRole.ADMIN), pid, occurred_on=DAY)  # a new command id
    assert runtime.sealer.keystore.load(pid) is None
    fresh = build(runtime.settings, load_catalogue=False)
    try:
        assert fresh.app.person(pid).personal.full_name is None
    finally:
        fresh.close()


def test_nothing_personal_is_sealed_for_her_after_erasure(runtime: Runtime) -> None:
    """Her tombstone stops any process from minting a new key for her, so no new note sticks."""
    app = runtime.app
    pid = uuid4()
    app.register_person(
        meta(),
        occurred_on=DAY,
        person_id=pid,
        personal=zeynep(pid),
        profile=profile(1985),
        household=Household(HouseholdType.ALONE),
    )
    case_id = take_in_charge(app, pid, "EMP", DAY)
    app.erase_person(meta(ActorRole.ADMIN), pid, occurred_on=DAY)
    fresh = build(runtime.settings, load_catalogue=False)  # no cached knowledge of the erasure
    try:
        for writer in (app, fresh.app):
            head = writer.recorder.max_notification_id()
            with pytest.raises(PersonErased):
                writer.record_activity(
                    meta(),
                    case_id,
                    occurred_on=DAY,
                    kind=ActivityKind.ORIENTATION,
                    hours=1,
                    notes=NOTES["activity"],
                )
            assert writer.recorder.max_notification_id() == head
        assert fresh.sealer.keystore.load(pid) is None
        # Anonymous work on her case is still recorded.
        fresh.app.record_activity(
            meta(), case_id, occurred_on=DAY, kind=ActivityKind.ORIENTATION, hours=1
        )
    finally:
        fresh.close()
