"""Each real store round-trips a person and a case, encrypted, under stable importable topics."""

from __future__ import annotations

import re
from datetime import date
from uuid import uuid4

from eventsourcing.utils import resolve_topic

from domain.shared.case_vocabulary import ReferralReason, ReferringService
from infra.bootstrap import Runtime, build
from tests.helpers import household, meta, personal, profile

TOPIC = re.compile(r"^domain(\.[a-z_]+)+:[A-Z][A-Za-z]+\.[A-Z][A-Za-z]+$")


def test_person_and_case_round_trip(runtime: Runtime) -> None:
    app = runtime.app
    pid, cid = uuid4(), uuid4()
    app.register_person(
        meta(),
        occurred_on=date(2007, 3, 1),
        person_id=pid,
        personal=personal(pid),
        profile=profile(),
        household=household(),
    )
    app.refer_case(
        meta(),
        occurred_on=date(2007, 3, 2),
        case_id=cid,
        person_id=pid,
        programme="BILLAN",
        referring_service=ReferringService.SIAST_Q1,
        reasons=[ReferralReason.EMPLOYMENT],
    )
    assert app.person(pid).personal.full_name == "Fatima Zahra Bennani"
    case = app.case(cid)
    assert case.programme == "BILLAN" and case.referring_service is ReferringService.SIAST_Q1
    assert case.reasons == [ReferralReason.EMPLOYMENT]  # enums come back as members

    # Whole-event encryption: the stored state is opaque until the cipher opens it.
    (stored,) = app.recorder.select_events(cid)
    assert b"BILLAN" not in stored.state and b"siast_q1" not in stored.state
    assert app.mapper.cipher is not None
    assert b"siast_q1" in app.mapper.cipher.decrypt(stored.state)


def test_every_stored_topic_is_stable_and_importable(runtime: Runtime) -> None:
    app = runtime.app
    pid = uuid4()
    app.register_person(
        meta(),
        occurred_on=date(2007, 3, 1),
        person_id=pid,
        personal=personal(pid),
        profile=profile(),
        household=household(),
    )
    topics = {n.topic for n in app.recorder.select_notifications(1, 1000)}
    assert "domain.programme:Programme.Registered" in topics
    assert "domain.person:Person.Registered" in topics
    assert "domain.shared.events:CommandRecord.Recorded" in topics
    for topic in topics:
        assert TOPIC.match(topic), topic
        assert resolve_topic(topic).__qualname__ == topic.split(":")[1]


def test_the_catalogue_loads_once_however_often_percorsi_starts(runtime: Runtime) -> None:
    app = runtime.app
    head = app.recorder.max_notification_id()
    assert app.programme("LESFEMMES").end == date(2021, 12, 31)  # extended in the file
    assert app.programme("AZIONI1516").predecessor == "BILLAN2"
    again = build(runtime.settings)
    try:
        assert again.app.recorder.max_notification_id() == head
    finally:
        again.close()
