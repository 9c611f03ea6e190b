"""Two mothers in EMP (Empolese Valdelsa): the listening space, the mothers' group, the REI team.

Khadija and Ioana each have a child with special needs. They meet in EMP's group; each session
is recorded on the group and, in the same transaction, as a group activity on both cases. Ioana
later withdraws her consent to anonymous analytics and stops coming; her case closes as a
dropout and the 6-month follow-up cannot reach her.
"""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.case import CaseStatus
from domain.group import GroupKind
from domain.shared.case_vocabulary import (
    ActivityKind,
    ClosureReason,
    ConsentScope,
    ServiceKind,
)
from domain.shared.profile_vocabulary import EmploymentStatus
from domain.shared.roles import ActorRole
from infra.bootstrap import Runtime
from tests.casework import register_woman, take_in_charge
from tests.helpers import meta


def test_two_mothers_meet_in_the_emp_group(runtime: Runtime) -> None:
    app = runtime.app
    khadija = take_in_charge(
        app, register_woman(app, date(2018, 2, 1), "Khadija"), "EMP", date(2018, 2, 5)
    )
    ioana = take_in_charge(
        app, register_woman(app, date(2018, 2, 1), "Ioana"), "EMP", date(2018, 2, 6)
    )
    app.give_consent(meta(), ioana, occurred_on=date(2018, 2, 6), scope=ConsentScope.ANALYTICS)
    for case_id in (khadija, ioana):
        app.record_activity(
            meta(ActorRole.CASEWORKER),
            case_id,
            occurred_on=date(2018, 2, 12),
            kind=ActivityKind.LISTENING_INTERVIEW,
            hours=1,
            notes="Primo colloquio allo Spazio di Ascolto.",
        )

    # -- the group forms and meets twice ---------------------------------------------------
    group = uuid4()
    app.form_group(
        meta(ActorRole.COORDINATOR),
        occurred_on=date(2018, 3, 1),
        group_id=group,
        programme="EMP",
        kind=GroupKind.MOTHERS_SPECIAL_NEEDS,
        title="Madri e figli con bisogni speciali",
    )
    for day in (date(2018, 3, 8), date(2018, 3, 22)):
        app.hold_group_session(
            meta(ActorRole.CASEWORKER), group, occurred_on=day, attendees=[khadija, ioana], hours=2
        )
    for case_id in (khadija, ioana):
        sessions = [
            r
            for r in app.case(case_id).activities
            if r.fields["kind"] is ActivityKind.GROUP_SESSION
        ]
        assert [r.fields["group_id"] for r in sessions] == [group, group]
        assert app.case(case_id).hours_by_kind()[ActivityKind.GROUP_SESSION] == 4.0

    # -- Khadija: the REI team and the disability services ---------------------------------
    app.record_activity(
        meta(ActorRole.CASEWORKER),
        khadija,
        occurred_on=date(2018, 4, 10),
        kind=ActivityKind.REI_TEAM_REVIEW,
        hours=1,
    )
    app.refer_to_service(
        meta(ActorRole.CASEWORKER),
        khadija,
        occurred_on=date(2018, 4, 11),
        service=ServiceKind.DISABILITY,
    )
    assert app.case(khadija).status is CaseStatus.ACTIVE

    # -- Ioana withdraws her analytics consent and stops coming -----------------------------
    app.withdraw_consent(
        meta(ActorRole.CASEWORKER),
        ioana,
        occurred_on=date(2018, 5, 2),
        scope=ConsentScope.ANALYTICS,
    )
    assert app.case(ioana).consents == {
        ConsentScope.PROCESSING: True,
        ConsentScope.ANALYTICS: False,
    }
    app.close_case(
        meta(ActorRole.COORDINATOR),
        ioana,
        occurred_on=date(2018, 9, 30),
        reason=ClosureReason.DROPPED_OUT,
        employment_at_exit=EmploymentStatus.INFORMAL,
    )
    app.record_follow_up(
        meta(ActorRole.CASEWORKER), ioana, occurred_on=date(2019, 3, 30), months=6, reached=False
    )
    closed = app.case(ioana)
    assert closed.closure_reason is ClosureReason.DROPPED_OUT and list(closed.follow_ups) == [6]

    # -- the group ends; its record counts the sessions, not the women --------------------
    app.end_group(meta(ActorRole.COORDINATOR), group, occurred_on=date(2018, 12, 20))
    stored = app.aggregate_at(group)
    assert stored.sessions == 2 and stored.ended_on == date(2018, 12, 20)
    assert stored.title == "Madri e figli con bisogni speciali"
