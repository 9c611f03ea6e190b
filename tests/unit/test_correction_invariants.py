"""Corrections name the event they fix and why; what cannot be corrected is refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.case import Case
from domain.shared.case_vocabulary import ActivityKind, ClosureReason, ContractKind, OutcomeKind
from domain.shared.errors import DateOutOfSequence, InvalidCorrection, InvalidValue
from domain.shared.profile_vocabulary import EmploymentStatus
from domain.shared.values import PersonalText
from tests.helpers import meta

from .builders import BILLAN2, active, refused

DAY = date(2012, 6, 1)


def worked_case() -> Case:
    """Active case: v1 referred, v2 consent, v3 intake, v4 activity, v5 job outcome."""
    case = active()
    case.record_activity(
        meta=meta(), occurred_on=DAY, period=BILLAN2, kind=ActivityKind.CV_WORKSHOP, hours=2
    )
    case.record_outcome(
        meta=meta(),
        occurred_on=DAY,
        period=BILLAN2,
        kind=OutcomeKind.JOB_STARTED,
        contract_kind=ContractKind.FIXED_TERM,
        weekly_hours=20,
    )
    return case


def correct(
    case: Case,
    version: int,
    changes: dict[str, Any],
    *,
    void: bool = False,
    why: str | None = "errore di inserimento",
    on: date = date(2012, 7, 1),
) -> None:
    case.correct(
        meta=meta(),
        occurred_on=on,
        corrects_version=version,
        changes=changes,
        void=void,
        reason=PersonalText(case.person_id, why),
    )


def test_a_correction_changes_the_record_and_keeps_the_original_event() -> None:
    case = worked_case()
    correct(case, 4, {"hours": "3.5", "kind": "training"})
    record = case.records[4]
    assert record.fields["hours"] == 3.5 and record.fields["kind"] is ActivityKind.TRAINING
    assert record.corrected_by == [6]
    assert [e.__class__.__name__ for e in case.pending_events][-1] == "Corrected"


def test_a_void_removes_the_event_from_derived_views() -> None:
    case = worked_case()
    assert case.first_job_on == DAY
    correct(case, 5, {}, void=True)
    assert case.first_job_on is None and case.outcomes == []


def test_a_correction_names_an_existing_event() -> None:
    case = worked_case()
    error = refused(InvalidCorrection, case, lambda: correct(case, 42, {"hours": 1}))
    assert error.field == "corrects_version"


def test_consent_events_are_not_corrected() -> None:
    case = worked_case()
    refused(InvalidCorrection, case, lambda: correct(case, 2, {"scope": "analytics"}))


def test_a_voided_event_is_not_corrected_again() -> None:
    case = worked_case()
    correct(case, 4, {}, void=True)
    refused(InvalidCorrection, case, lambda: correct(case, 4, {"hours": 1}))


def test_only_work_records_are_voided() -> None:
    case = worked_case()
    error = refused(InvalidCorrection, case, lambda: correct(case, 3, {}, void=True))
    assert error.field == "void"


def test_a_void_carries_no_changes() -> None:
    case = worked_case()
    refused(InvalidCorrection, case, lambda: correct(case, 4, {"hours": 1}, void=True))


def test_a_correction_changes_something() -> None:
    case = worked_case()
    error = refused(InvalidCorrection, case, lambda: correct(case, 4, {}))
    assert error.field == "changes"


def test_only_listed_fields_are_corrected() -> None:
    case = worked_case()
    error = refused(InvalidCorrection, case, lambda: correct(case, 4, {"group_id": None}))
    assert error.field == "changes.group_id"


@pytest.mark.parametrize(
    ("version", "changes", "error"),
    [
        (4, {"kind": "yoga"}, InvalidCorrection),
        (4, {"hours": "many"}, InvalidCorrection),
        (4, {"hours": 30}, InvalidValue),
        (3, {"baseline": {"work": 0}}, InvalidValue),
        (3, {"employment": "astronaut"}, InvalidCorrection),
        (4, {"occurred_on": "not a date"}, InvalidCorrection),
    ],
)
def test_corrected_values_obey_the_rules_of_the_original(
    version: int, changes: dict[str, Any], error: type[InvalidValue]
) -> None:
    case = worked_case()
    refused(error, case, lambda: correct(case, version, changes))


def test_a_corrected_outcome_stays_consistent() -> None:
    case = worked_case()
    refused(InvalidValue, case, lambda: correct(case, 5, {"contract_kind": None}))
    correct(case, 5, {"kind": "housing_secured", "contract_kind": None, "weekly_hours": None})
    assert case.outcomes[0].fields["kind"] is OutcomeKind.HOUSING_SECURED


def test_a_corrected_date_cannot_fall_before_the_referral() -> None:
    case = worked_case()
    error = refused(
        InvalidCorrection, case, lambda: correct(case, 4, {"occurred_on": "2011-05-01"})
    )
    assert error.field == "changes.occurred_on"


def test_a_correction_states_why() -> None:
    case = worked_case()
    refused(InvalidValue, case, lambda: correct(case, 4, {"hours": 1}, why="   "))
    refused(InvalidValue, case, lambda: correct(case, 4, {"hours": 1}, why=None))


def test_a_correction_cannot_predate_the_event_it_corrects() -> None:
    case = worked_case()
    refused(DateOutOfSequence, case, lambda: correct(case, 4, {"hours": 1}, on=date(2012, 5, 1)))


def test_a_closed_case_can_still_be_corrected() -> None:
    case = worked_case()
    case.close_case(
        meta=meta(),
        occurred_on=date(2012, 12, 1),
        period=BILLAN2,
        reason=ClosureReason.AUTONOMY,
        employment_at_exit=EmploymentStatus.EMPLOYED,
    )
    correct(case, 6, {"employment_at_exit": "self_employed"}, on=date(2013, 1, 1))
    assert case.employment_at_exit is EmploymentStatus.SELF_EMPLOYED
