"""The access log on both stores: who read whose data, when and why — append-only and chained."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.shared.errors import InvalidValue
from domain.shared.roles import ActorRole
from infra.audit.access_log import LOGGED_TOPIC, entries, record_access
from infra.audit.chain import chain_store, extend
from infra.audit.verify import verify
from infra.bootstrap import Runtime
from tests.integration.audit_support import story


def test_reads_are_resolved_to_the_woman_and_queryable(runtime: Runtime) -> None:
    s, other = story(runtime), story(runtime, "Amina Diallo")
    start = datetime.now(UTC) - timedelta(seconds=1)
    record_access(runtime, "cw-1", ActorRole.CASEWORKER, s.case_id, "case state", None)
    record_access(runtime, "aud-2", "auditor", str(s.person_id), "case history", "audit 2026/4")
    record_access(runtime, "aud-2", "auditor", other.case_id, "case history", "audit 2026/5")
    stranger = uuid4()
    record_access(runtime, "aud-2", "auditor", stranger, "group roster", "check")

    hers = entries(runtime, subject_id=str(s.case_id))
    assert [(e.actor_id, e.role, e.what, e.why) for e in hers] == [
        ("cw-1", "caseworker", "case state", None),
        ("aud-2", "auditor", "case history", "audit 2026/4"),
    ]
    assert {e.person_id for e in hers} == {str(s.person_id)}
    assert hers[0].case_id == str(s.case_id) and hers[1].case_id is None
    assert [e.what for e in entries(runtime, actor_id="cw-1")] == ["case state"]
    assert entries(runtime, subject_id=str(stranger))[0].person_id is None
    assert len(entries(runtime, since=start)) == 4
    assert len(entries(runtime, since=start.replace(tzinfo=None))) == 4  # naive = UTC
    assert entries(runtime, since=datetime.now(UTC) + timedelta(hours=1)) == []
    assert len(entries(runtime, limit=2)) == 2


@pytest.mark.parametrize(
    ("what", "why", "role"),
    [
        ("", None, "auditor"),
        ("x" * 201, None, "auditor"),
        ("case", "y" * 2001, "auditor"),
        ("case", None, "superuser"),
    ],
)
def test_bad_entries_are_refused_and_write_nothing(
    runtime: Runtime, what: str, why: str | None, role: str
) -> None:
    s = story(runtime)
    head = runtime.app.recorder.max_notification_id()
    with pytest.raises((InvalidValue, ValueError)):
        record_access(runtime, "aud-1", role, s.case_id, what, why)
    assert runtime.app.recorder.max_notification_id() == head


def test_the_hash_chain_covers_the_access_log(runtime: Runtime) -> None:
    s = story(runtime)
    entry = record_access(runtime, "aud-1", "auditor", s.case_id, "case history", "ticket 1")
    extend(runtime)
    position = chain_store(runtime).position_of(str(entry), 1)
    assert position is not None
    store = chain_store(runtime)
    logged = runtime.app.recorder.select_notifications(1, 10_000, topics=[LOGGED_TOPIC])
    assert [n.originator_id for n in logged] == [entry]
    store.db.run(
        "UPDATE "
        + (
            "percorsi_events SET state = state || '\\x00'::bytea WHERE notification_id = ?"
            if runtime.settings.is_postgres
            else "stored_events SET state = CAST(state || x'00' AS BLOB) WHERE rowid = ?"
        ),
        (logged[0].id,),
    )
    finding = verify(runtime).finding
    assert finding is not None and (finding.kind, finding.position) == ("modified", position)
