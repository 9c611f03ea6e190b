"""Time travel: a case as it was at an earlier version, and as it stood on a business date.

Versions follow the order of recording; business dates follow `occurred_on`. A legacy entry
typed in late (back-dated) appears at its own date in "as of" views but only from its version
on in version views; a correction never leaks into dates before it was made.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.case import CaseStatus
from domain.shared.case_vocabulary import ActivityKind, ClosureReason
from domain.shared.errors import NotFound
from domain.shared.profile_vocabulary import EmploymentStatus
from infra.bootstrap import Runtime
from tests.casework import register_woman, take_in_charge
from tests.helpers import meta, personal


def hours(case: object) -> list[float]:
    return [r.fields["hours"] for r in case.activities]  # type: ignore[attr-defined]


def test_a_case_at_an_earlier_version_and_as_of_a_business_date(runtime: Runtime) -> None:
    app = runtime.app
    case_id = take_in_charge(
        app, register_woman(app, date(2013, 1, 7)), "BILLAN2", date(2013, 1, 7)
    )
    intake_version = app.case(case_id).version  # referral, consent, intake

    def activity(day: date, h: float) -> int:
        return app.record_activity(
            meta(), case_id, occurred_on=day, kind=ActivityKind.ORIENTATION, hours=h
        ).version

    june = activity(date(2013, 6, 3), 1.0)
    back_dated = activity(date(2013, 2, 11), 2.0)  # typed in late from a paper register
    app.correct_event(
        meta(),
        case_id,
        occurred_on=date(2013, 9, 2),
        corrects_version=june,
        changes={"hours": 3.0},
        reason="il foglio presenze riporta 3 ore",
    )
    app.close_case(
        meta(),
        case_id,
        occurred_on=date(2013, 12, 20),
        reason=ClosureReason.GOALS_ACHIEVED,
        employment_at_exit=EmploymentStatus.EMPLOYED,
    )
    now = app.case(case_id)
    assert now.status is CaseStatus.CLOSED and hours(now) == [3.0, 2.0]

    # -- by version: what had been recorded, in recording order ---------------------------------
    at_intake = app.case_at(case_id, version=intake_version)
    assert at_intake.version == intake_version and at_intake.status is CaseStatus.ACTIVE
    assert hours(at_intake) == []
    assert hours(app.case_at(case_id, version=june)) == [1.0]
    assert hours(app.case_at(case_id, version=back_dated)) == [1.0, 2.0]
    assert hours(app.case_at(case_id, version=back_dated + 1)) == [3.0, 2.0]
    assert app.case_at(case_id, version=1).status is CaseStatus.REFERRED

    # -- by business date: what was true on that day, as far as the records now say -----------
    march = app.case_at(case_id, as_of=date(2013, 3, 1))
    assert hours(march) == [2.0]  # the back-dated entry shows at its own date
    assert march.status is CaseStatus.ACTIVE
    assert hours(app.case_at(case_id, as_of=date(2013, 7, 1))) == [1.0, 2.0]  # not corrected yet
    autumn = app.case_at(case_id, as_of=date(2013, 10, 1))
    assert hours(autumn) == [3.0, 2.0] and autumn.status is CaseStatus.ACTIVE
    winter = app.case_at(case_id, as_of=date(2013, 12, 31))
    assert winter.status is CaseStatus.CLOSED and winter.closed_on == date(2013, 12, 20)
    assert app.case_at(case_id, as_of=date(2013, 1, 7)).status is CaseStatus.ACTIVE

    # -- both: as of a date, among the first n recorded events --------------------------------
    both = app.case_at(case_id, version=june, as_of=date(2013, 12, 31))
    assert hours(both) == [1.0] and both.status is CaseStatus.ACTIVE

    # -- before she was referred there is no case ------------------------------------------------
    with pytest.raises(NotFound) as caught:
        app.case_at(case_id, as_of=date(2013, 1, 6))
    assert caught.value.field == "as_of"
    with pytest.raises(NotFound):
        app.case_at(case_id, version=0)


def test_a_person_at_an_earlier_version(runtime: Runtime) -> None:
    app = runtime.app
    pid = register_woman(app, date(2016, 9, 1), "Nome Prima")
    app.change_personal_data(
        meta(), pid, occurred_on=date(2017, 1, 9), personal=personal(pid, "Nome Dopo")
    )
    assert app.person(pid).personal.full_name == "Nome Dopo"
    assert app.person(pid, version=1).personal.full_name == "Nome Prima"
