"""A stored v1 `Case.ActivityRecorded` (before group sessions named their group) still reads.

The v1 record is made the way an old release would have stored it: the event's state without
`group_id` and without `class_version`, through the same transcoder and cipher, inserted by
the recorder. Reading it goes through the v1→v2 upcaster (docs/adr/0002).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.persistence import StoredEvent

from domain.case import Case
from domain.group import GroupKind
from domain.shared.case_vocabulary import ActivityKind
from domain.shared.values import PersonalText
from infra.bootstrap import Runtime
from services.app import Percorsi
from tests.casework import register_woman, take_in_charge
from tests.helpers import meta

DAY = date(2018, 3, 5)


def decode(app: Percorsi, stored: StoredEvent) -> dict[str, Any]:
    assert app.mapper.cipher is not None and app.mapper.compressor is None
    state: dict[str, Any] = app.mapper.transcoder.decode(app.mapper.cipher.decrypt(stored.state))
    return state


def store_as_v1(app: Percorsi, case_id: UUID) -> int:
    """Record an activity on the case as a v1 stored event; return its version."""
    case = app.case(case_id)
    case.record_activity(
        meta=meta(),
        occurred_on=DAY,
        period=app.period_of(case.programme),
        kind=ActivityKind.CULTURAL_MEDIATION,
        hours=1.5,
        notes=PersonalText(case.person_id, "mediatrice di lingua tigrina"),
    )
    (event,) = case.collect_events()
    assert isinstance(event, Case.ActivityRecorded)
    current = app.mapper.to_stored_event(event)
    state = decode(app, current)
    assert state.pop("class_version") == 2 and state.pop("group_id") is None
    v1_state = app.mapper.cipher.encrypt(app.mapper.transcoder.encode(state))  # type: ignore[union-attr]
    app.recorder.insert_events(
        [
            StoredEvent(
                originator_id=current.originator_id,
                originator_version=current.originator_version,
                topic=current.topic,
                state=v1_state,
            )
        ]
    )
    return event.originator_version


def test_a_stored_v1_activity_reads_with_no_group(runtime: Runtime) -> None:
    app = runtime.app
    case_id = take_in_charge(app, register_woman(app, DAY), "EMP", DAY)
    version = store_as_v1(app, case_id)

    # The stored record really is v1: no class version, no group_id.
    (stored,) = app.recorder.select_events(case_id, gt=version - 1, lte=version)
    assert stored.topic == "domain.case.aggregate:Case.ActivityRecorded"
    raw = decode(app, stored)
    assert "class_version" not in raw and "group_id" not in raw

    # Through the repository it reads as v2 with group_id None, notes still unsealed.
    case = app.case(case_id)
    assert case.version == version
    record = case.records[version]
    assert record.kind == "ActivityRecorded" and record.fields["group_id"] is None
    assert record.fields["hours"] == 1.5 and record.fields["notes"].text.startswith("mediatrice")
    (event,) = [e for e in app.events.get(case_id) if e.originator_version == version]
    assert isinstance(event, Case.ActivityRecorded) and event.group_id is None

    # The case keeps working on top of the old record; new events are written as v2.
    group = uuid4()
    app.form_group(
        meta(),
        occurred_on=DAY,
        group_id=group,
        programme="EMP",
        kind=GroupKind.LANGUAGE_CIRCLE,
        title="Conversazione",
    )
    app.hold_group_session(meta(), group, occurred_on=DAY, attendees=[case_id], hours=2)
    newest = app.recorder.select_events(case_id, desc=True, limit=1)[0]
    fresh = decode(app, newest)
    assert fresh["class_version"] == 2 and fresh["group_id"] == group
    groups = [r.fields["group_id"] for r in app.case(case_id).activities]
    assert groups == [None, group]
