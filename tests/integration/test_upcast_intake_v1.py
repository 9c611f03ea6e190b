"""A stored v1 `Case.IntakeCompleted` (before pre-referral labour history) still reads.

The v1 record is the event's state without `months_worked_prior_24` or `class_version`, through
the same transcoder and cipher, inserted by the recorder; reading it goes through the v1→v2
upcaster (docs/adr/0002, ADR 0016). A woman referred but not taken on is recorded too.
"""

from __future__ import annotations

from datetime import date

import pytest
from eventsourcing.persistence import StoredEvent

from domain.case import Case
from domain.shared.case_vocabulary import (
    ClosureReason,
    ConsentScope,
    Need,
    NotTakenOnReason,
)
from domain.shared.errors import InvalidValue
from domain.shared.profile_vocabulary import EmploymentStatus, HousingStatus, IncomeSource
from infra.bootstrap import Runtime
from tests.casework import refer, register_woman, scores
from tests.helpers import meta
from tests.integration.test_upcast_activity_v1 import decode

DAY = date(2018, 3, 5)


def test_a_stored_v1_intake_reads_with_unknown_labour_history(runtime: Runtime) -> None:
    app = runtime.app
    case_id = refer(app, register_woman(app, DAY), "EMP", DAY)
    app.give_consent(meta(), case_id, occurred_on=DAY, scope=ConsentScope.PROCESSING)
    case = app.case(case_id)
    case.complete_intake(
        meta=meta(),
        occurred_on=DAY,
        period=app.period_of("EMP"),
        baseline=scores(),
        employment=EmploymentStatus.UNEMPLOYED_SEEKING,
        income_source=IncomeSource.BENEFITS,
        housing=HousingStatus.HOSTED,
        needs=[Need.JOB],
        months_worked_prior_24=7,
    )
    (event,) = case.collect_events()
    current = app.mapper.to_stored_event(event)
    state = decode(app, current)
    assert state.pop("class_version") == 2 and state.pop("months_worked_prior_24") == 7
    assert app.mapper.cipher is not None
    v1 = app.mapper.cipher.encrypt(app.mapper.transcoder.encode(state))
    app.recorder.insert_events(
        [StoredEvent(current.originator_id, current.originator_version, current.topic, v1)]
    )
    (stored,) = app.recorder.select_events(case_id, gt=event.originator_version - 1)
    assert "months_worked_prior_24" not in decode(app, stored)

    read = app.case(case_id)
    assert read.intake is not None and read.intake["months_worked_prior_24"] is None
    (again,) = [e for e in app.events.get(case_id) if isinstance(e, Case.IntakeCompleted)]
    assert again.months_worked_prior_24 is None and again.employment.value == "unemployed_seeking"


def test_a_referral_not_taken_on_ends_the_case_and_allows_follow_ups(runtime: Runtime) -> None:
    app = runtime.app
    case_id = refer(app, register_woman(app, DAY), "LESFEMMES", DAY)
    app.give_consent(meta(), case_id, occurred_on=DAY, scope=ConsentScope.PROCESSING)
    with pytest.raises(InvalidValue, match="0–24"):
        app.record_not_taken_on(
            meta(),
            case_id,
            occurred_on=DAY,
            reason=NotTakenOnReason.WAITING_LIST,
            employment=EmploymentStatus.INACTIVE,
            months_worked_prior_24=25,
        )
    assert app.case(case_id).closed_on is None
    app.record_not_taken_on(
        meta(),
        case_id,
        occurred_on=DAY,
        reason=NotTakenOnReason.WAITING_LIST,
        employment=EmploymentStatus.INACTIVE,
        months_worked_prior_24=3,
    )
    case = app.case(case_id)
    assert case.closed_on == DAY and case.closure_reason is ClosureReason.NOT_TAKEN_ON
    app.record_follow_up(
        meta(),
        case_id,
        occurred_on=date(2018, 9, 10),
        months=6,
        reached=True,
        employment=EmploymentStatus.EMPLOYED,
    )
    assert 6 in app.case(case_id).follow_ups
