"""Every rule of a case's life (DESIGN §2) raises its own error and triggers no event."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.case import Case, CaseStatus, GoalStatus
from domain.shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
    ClosureReason,
    ConsentScope,
    ContractKind,
    Need,
    OutcomeKind,
    ReferringService,
    ServiceKind,
    SuspensionReason,
)
from domain.shared.errors import (
    CaseAlreadyClosed,
    CaseClosed,
    CaseNotSuspended,
    CaseSuspended,
    ConsentNotGiven,
    ConsentRequired,
    DateOutOfSequence,
    FollowUpAlreadyRecorded,
    FollowUpBeforeClosure,
    IntakeAlreadyDone,
    IntakeRequired,
    InvalidValue,
    OutsideProgrammePeriod,
    PlanRequired,
)
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from tests.helpers import meta

from .builders import (
    AZIONI,
    BILLAN2,
    active,
    closed,
    consented,
    goal,
    planned,
    referred,
    refused,
    scores,
    suspended,
    transferred,
)

WORK_DAY = date(2012, 5, 10)


# -- referral -------------------------------------------------------------------------------
def test_a_referral_falls_inside_the_programme_period() -> None:
    with pytest.raises(OutsideProgrammePeriod) as caught:
        referred(date(2010, 12, 31))
    assert caught.value.field == "occurred_on"


def test_a_referral_states_a_reason() -> None:
    with pytest.raises(InvalidValue) as caught:
        Case.refer(
            meta=meta(),
            occurred_on=date(2012, 1, 10),
            period=BILLAN2,
            case_id=uuid4(),
            person_id=uuid4(),
            programme="BILLAN2",
            referring_service=ReferringService.HEALTH,
            reasons=[],
        )
    assert caught.value.field == "reasons"


# -- consent --------------------------------------------------------------------------------
def test_consent_cannot_predate_the_referral() -> None:
    case = referred()
    refused(
        DateOutOfSequence,
        case,
        lambda: case.give_consent(
            meta=meta(), occurred_on=date(2012, 2, 1), period=BILLAN2, scope=ConsentScope.ANALYTICS
        ),
    )


def test_consent_is_not_taken_on_a_closed_case() -> None:
    case = closed()
    refused(
        CaseClosed,
        case,
        lambda: case.give_consent(
            meta=meta(), occurred_on=date(2013, 7, 1), period=BILLAN2, scope=ConsentScope.ANALYTICS
        ),
    )


def test_only_a_given_consent_can_be_withdrawn() -> None:
    case = consented()
    refused(
        ConsentNotGiven,
        case,
        lambda: case.withdraw_consent(
            meta=meta(), occurred_on=WORK_DAY, scope=ConsentScope.ANALYTICS
        ),
    )


def test_a_withdrawal_cannot_predate_the_referral() -> None:
    case = consented()
    refused(
        DateOutOfSequence,
        case,
        lambda: case.withdraw_consent(
            meta=meta(), occurred_on=date(2011, 1, 1), scope=ConsentScope.PROCESSING
        ),
    )


def test_withdrawal_is_accepted_even_after_closure_and_past_the_programme_end() -> None:
    case = closed()
    case.withdraw_consent(meta=meta(), occurred_on=date(2019, 1, 1), scope=ConsentScope.PROCESSING)
    assert case.consents[ConsentScope.PROCESSING] is False


# -- intake ---------------------------------------------------------------------------------
def intake(case: Case, on: date = date(2012, 3, 20), **overrides: object) -> None:
    fields: dict[str, object] = {
        "baseline": scores(),
        "employment": EmploymentStatus.INACTIVE,
        "income_source": IncomeSource.NONE,
        "housing": HousingStatus.SHARED,
        "needs": [Need.LANGUAGE],
        **overrides,
    }
    case.complete_intake(meta=meta(), occurred_on=on, period=BILLAN2, **fields)  # type: ignore[arg-type]


def test_the_intake_needs_consent_to_processing() -> None:
    case = referred()
    refused(ConsentRequired, case, lambda: intake(case))


def test_the_intake_happens_once() -> None:
    case = active()
    refused(IntakeAlreadyDone, case, lambda: intake(case))


def test_the_intake_is_refused_on_a_closed_case() -> None:
    case = consented()
    case.close_case(
        meta=meta(),
        occurred_on=date(2012, 4, 1),
        period=BILLAN2,
        reason=ClosureReason.DROPPED_OUT,
        employment_at_exit=EmploymentStatus.INACTIVE,
    )
    refused(CaseClosed, case, lambda: intake(case, date(2012, 4, 2)))


def test_the_baseline_scores_every_domain() -> None:
    case = consented()
    partial = {AssessmentDomain.WORK: 3}
    error = refused(InvalidValue, case, lambda: intake(case, baseline=partial))
    assert error.field == "baseline"


def test_the_baseline_needs_at_least_one_score() -> None:
    case = consented()
    error = refused(InvalidValue, case, lambda: intake(case, baseline={}))
    assert error.field == "scores"


@pytest.mark.parametrize("bad", [0, 11, 3.5, -1])
def test_scores_are_integers_from_1_to_10(bad: object) -> None:
    case = consented()
    baseline = {**scores(), AssessmentDomain.HOUSING: bad}
    error = refused(InvalidValue, case, lambda: intake(case, baseline=baseline))
    assert error.field == "scores.housing"


def test_the_intake_cannot_predate_the_referral() -> None:
    case = consented()
    refused(DateOutOfSequence, case, lambda: intake(case, date(2012, 2, 28)))


def test_the_intake_falls_inside_the_programme_period() -> None:
    case = consented()
    refused(OutsideProgrammePeriod, case, lambda: intake(case, date(2015, 2, 1)))


# -- plan -----------------------------------------------------------------------------------
def test_a_plan_needs_the_intake_first() -> None:
    case = consented()
    refused(
        IntakeRequired,
        case,
        lambda: case.agree_plan(meta=meta(), occurred_on=WORK_DAY, period=BILLAN2, goals=[goal()]),
    )


def test_goal_ids_are_unique() -> None:
    case = active()
    refused(
        InvalidValue,
        case,
        lambda: case.agree_plan(
            meta=meta(), occurred_on=WORK_DAY, period=BILLAN2, goals=[goal("a"), goal("a")]
        ),
    )


def test_a_goal_targets_a_date_after_the_plan() -> None:
    case = active()
    error = refused(
        InvalidValue,
        case,
        lambda: case.agree_plan(
            meta=meta(), occurred_on=WORK_DAY, period=BILLAN2, goals=[goal(target=WORK_DAY)]
        ),
    )
    assert error.field == "goals.target_date"


def test_a_plan_cannot_predate_the_intake() -> None:
    case = active()
    refused(
        DateOutOfSequence,
        case,
        lambda: case.agree_plan(
            meta=meta(), occurred_on=date(2012, 3, 10), period=BILLAN2, goals=[goal()]
        ),
    )


def test_a_review_needs_a_plan() -> None:
    case = active()
    refused(
        PlanRequired,
        case,
        lambda: case.review_plan(
            meta=meta(), occurred_on=WORK_DAY, period=BILLAN2, goal_statuses={}, new_goals=[]
        ),
    )


def test_a_review_names_only_goals_of_the_plan() -> None:
    case = planned()
    error = refused(
        InvalidValue,
        case,
        lambda: case.review_plan(
            meta=meta(),
            occurred_on=WORK_DAY,
            period=BILLAN2,
            goal_statuses={"nope": GoalStatus.ACHIEVED},
            new_goals=[],
        ),
    )
    assert error.field == "goal_statuses"


def test_a_review_does_not_reuse_a_goal_id() -> None:
    case = planned()
    refused(
        InvalidValue,
        case,
        lambda: case.review_plan(
            meta=meta(),
            occurred_on=WORK_DAY,
            period=BILLAN2,
            goal_statuses={},
            new_goals=[goal("g1", date(2014, 1, 1))],
        ),
    )


# -- activities, referrals on, assessments ----------------------------------------------------
def activity(case: Case, on: date = WORK_DAY, **overrides: object) -> None:
    fields: dict[str, object] = {"kind": ActivityKind.ORIENTATION, "hours": 1.5, **overrides}
    case.record_activity(meta=meta(), occurred_on=on, period=BILLAN2, **fields)  # type: ignore[arg-type]


def test_no_activity_before_the_intake() -> None:
    case = consented()
    refused(IntakeRequired, case, lambda: activity(case))


def test_no_activity_on_a_closed_case() -> None:
    case = closed()
    refused(CaseClosed, case, lambda: activity(case, date(2013, 7, 1)))


def test_no_activity_on_a_transferred_case() -> None:
    case = transferred()
    refused(CaseClosed, case, lambda: activity(case))


def test_no_activity_on_a_suspended_case() -> None:
    case = suspended()
    refused(CaseSuspended, case, lambda: activity(case, date(2012, 7, 1)))


def test_activities_fall_inside_the_programme_period() -> None:
    case = active()
    refused(OutsideProgrammePeriod, case, lambda: activity(case, date(2015, 1, 2)))


def test_activities_cannot_predate_the_intake() -> None:
    case = active()
    refused(DateOutOfSequence, case, lambda: activity(case, date(2012, 3, 5)))


@pytest.mark.parametrize("hours", [0, -1, 12.5])
def test_activity_hours_are_more_than_0_and_at_most_12(hours: float) -> None:
    case = active()
    error = refused(InvalidValue, case, lambda: activity(case, hours=hours))
    assert error.field == "hours"


def test_group_sessions_and_only_they_name_their_group() -> None:
    case = active()
    refused(InvalidValue, case, lambda: activity(case, kind=ActivityKind.GROUP_SESSION))
    refused(InvalidValue, case, lambda: activity(case, group_id=uuid4()))


def test_no_referral_to_a_service_before_the_intake() -> None:
    case = referred()
    refused(
        IntakeRequired,
        case,
        lambda: case.refer_to_service(
            meta=meta(), occurred_on=WORK_DAY, period=BILLAN2, service=ServiceKind.LEGAL_AID
        ),
    )


def test_an_assessment_scores_at_least_one_domain_within_range() -> None:
    case = active()
    refused(
        InvalidValue,
        case,
        lambda: case.assess(meta=meta(), occurred_on=WORK_DAY, period=BILLAN2, scores={}),
    )
    refused(
        InvalidValue,
        case,
        lambda: case.assess(
            meta=meta(), occurred_on=WORK_DAY, period=BILLAN2, scores={AssessmentDomain.WORK: 12}
        ),
    )


# -- outcomes -------------------------------------------------------------------------------
BAD_OUTCOMES = [
    ({"kind": OutcomeKind.JOB_STARTED}, "contract_kind"),
    ({"kind": OutcomeKind.JOB_STARTED, "contract_kind": ContractKind.PERMANENT}, "contract_kind"),
    ({"kind": OutcomeKind.HOUSING_SECURED, "weekly_hours": 20.0}, "contract_kind"),
    ({"kind": OutcomeKind.BENEFITS_LEFT, "contract_kind": ContractKind.AGENCY}, "contract_kind"),
    (
        {
            "kind": OutcomeKind.JOB_STARTED,
            "contract_kind": ContractKind.DOMESTIC,
            "weekly_hours": 0.5,
        },
        "weekly_hours",
    ),
    (
        {
            "kind": OutcomeKind.JOB_STARTED,
            "contract_kind": ContractKind.DOMESTIC,
            "weekly_hours": 61,
        },
        "weekly_hours",
    ),
    ({"kind": OutcomeKind.LANGUAGE_CERTIFIED}, "cefr_level"),
    ({"kind": OutcomeKind.TRAINING_COMPLETED, "cefr_level": CEFRLevel.B1}, "cefr_level"),
    ({"kind": OutcomeKind.PERMIT_OBTAINED}, "permit"),
    ({"kind": OutcomeKind.HOUSING_SECURED, "permit": PermitKind.WORK}, "permit"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_OUTCOMES)
def test_each_outcome_states_what_defines_it_and_nothing_else(
    fields: dict[str, object], field: str
) -> None:
    case = active()
    error = refused(
        InvalidValue,
        case,
        lambda: case.record_outcome(meta=meta(), occurred_on=WORK_DAY, period=BILLAN2, **fields),  # type: ignore[arg-type]
    )
    assert error.field == field


def test_no_outcome_on_a_suspended_case() -> None:
    case = suspended()
    refused(
        CaseSuspended,
        case,
        lambda: case.record_outcome(
            meta=meta(),
            occurred_on=date(2012, 7, 1),
            period=BILLAN2,
            kind=OutcomeKind.HOUSING_SECURED,
        ),
    )


# -- suspension and resumption --------------------------------------------------------------
def test_a_suspended_case_is_not_suspended_again() -> None:
    case = suspended()
    refused(
        CaseSuspended,
        case,
        lambda: case.suspend(
            meta=meta(), occurred_on=date(2012, 7, 1), period=BILLAN2, reason=SuspensionReason.OTHER
        ),
    )


def test_only_a_suspended_case_is_resumed() -> None:
    case = active()
    refused(
        CaseNotSuspended,
        case,
        lambda: case.resume(meta=meta(), occurred_on=WORK_DAY, period=BILLAN2),
    )


def test_a_resumption_cannot_predate_the_suspension() -> None:
    case = suspended()
    refused(
        DateOutOfSequence,
        case,
        lambda: case.resume(meta=meta(), occurred_on=date(2012, 5, 31), period=BILLAN2),
    )


def test_a_closed_case_is_not_resumed() -> None:
    case = suspended()
    case.close_case(
        meta=meta(),
        occurred_on=date(2012, 8, 1),
        period=BILLAN2,
        reason=ClosureReason.LOST_CONTACT,
        employment_at_exit=EmploymentStatus.INACTIVE,
    )
    refused(
        CaseClosed,
        case,
        lambda: case.resume(meta=meta(), occurred_on=date(2012, 9, 1), period=BILLAN2),
    )


# -- transfer -------------------------------------------------------------------------------
def transfer(case: Case, on: date = date(2015, 1, 1)) -> None:
    case.transfer_out(
        meta=meta(),
        occurred_on=on,
        successor_period=AZIONI,
        successor_programme="AZIONI1516",
        successor_case_id=uuid4(),
    )


def test_only_a_case_taken_in_charge_is_carried_over() -> None:
    case = consented()
    refused(IntakeRequired, case, lambda: transfer(case))


def test_a_carry_over_is_dated_inside_the_successor_period() -> None:
    case = active()
    error = refused(OutsideProgrammePeriod, case, lambda: transfer(case, date(2014, 12, 31)))
    assert "AZIONI1516" in error.message


def test_a_carry_over_cannot_predate_the_case_latest_event() -> None:
    case = active()
    case.give_consent(
        meta=meta(), occurred_on=WORK_DAY, period=BILLAN2, scope=ConsentScope.ANALYTICS
    )
    # Withdrawal has no period: it may fall after Billan 2 ended, and then bounds the transfer.
    case.withdraw_consent(meta=meta(), occurred_on=date(2015, 3, 1), scope=ConsentScope.ANALYTICS)
    refused(DateOutOfSequence, case, lambda: transfer(case, date(2015, 2, 1)))
    transfer(case, date(2015, 3, 1))
    assert case.status is CaseStatus.TRANSFERRED


def test_a_case_is_carried_over_once() -> None:
    case = transferred()
    refused(CaseClosed, case, lambda: transfer(case, date(2015, 2, 1)))


# -- closure --------------------------------------------------------------------------------
def close(case: Case, on: date, reason: ClosureReason = ClosureReason.AUTONOMY) -> None:
    case.close_case(
        meta=meta(),
        occurred_on=on,
        period=BILLAN2,
        reason=reason,
        employment_at_exit=EmploymentStatus.EMPLOYED,
    )


def test_no_closure_twice() -> None:
    case = closed()
    refused(CaseAlreadyClosed, case, lambda: close(case, date(2013, 8, 1)))


def test_a_transferred_case_is_not_closed_again() -> None:
    case = transferred()
    refused(CaseAlreadyClosed, case, lambda: close(case, date(2014, 12, 31)))


def test_transfer_is_not_a_closure_reason() -> None:
    case = active()
    error = refused(InvalidValue, case, lambda: close(case, WORK_DAY, ClosureReason.TRANSFERRED))
    assert error.field == "reason"


def test_closure_falls_inside_the_programme_period() -> None:
    case = active()
    refused(OutsideProgrammePeriod, case, lambda: close(case, date(2015, 1, 1)))


def test_closure_cannot_predate_the_latest_event() -> None:
    case = active()
    activity(case, date(2012, 9, 1))
    refused(DateOutOfSequence, case, lambda: close(case, date(2012, 8, 1)))


# -- follow-ups -----------------------------------------------------------------------------
def follow_up(case: Case, months: int, on: date, **fields: object) -> None:
    values: dict[str, object] = {
        "reached": True,
        "employment": EmploymentStatus.EMPLOYED,
        **fields,
    }
    case.record_follow_up(meta=meta(), occurred_on=on, months=months, **values)  # type: ignore[arg-type]


def test_follow_ups_only_after_closure() -> None:
    case = active()
    refused(FollowUpBeforeClosure, case, lambda: follow_up(case, 6, date(2012, 10, 1)))


def test_a_transferred_case_is_followed_up_in_its_successor() -> None:
    case = transferred()
    refused(FollowUpBeforeClosure, case, lambda: follow_up(case, 6, date(2015, 7, 1)))


def test_follow_ups_are_at_6_12_or_24_months() -> None:
    case = closed()
    error = refused(InvalidValue, case, lambda: follow_up(case, 9, date(2014, 3, 30)))
    assert error.field == "months"


def test_each_follow_up_is_recorded_once() -> None:
    case = closed()
    follow_up(case, 6, date(2013, 12, 30))
    refused(FollowUpAlreadyRecorded, case, lambda: follow_up(case, 6, date(2014, 1, 15)))


def test_a_follow_up_is_not_recorded_long_before_it_is_due() -> None:
    case = closed(date(2013, 6, 30))
    refused(DateOutOfSequence, case, lambda: follow_up(case, 12, date(2014, 5, 29)))
    follow_up(case, 12, date(2014, 5, 30))  # a month early is fine
    assert 12 in case.follow_ups


def test_a_reached_follow_up_states_her_employment() -> None:
    case = closed()
    error = refused(
        InvalidValue, case, lambda: follow_up(case, 6, date(2014, 1, 1), employment=None)
    )
    assert error.field == "employment"


def test_an_unreached_follow_up_keeps_no_answers() -> None:
    case = closed()
    follow_up(case, 24, date(2015, 7, 1), reached=False, housing=HousingStatus.RENTED)
    last = case.records[case.version]
    assert last.fields["reached"] is False
    assert last.fields["employment"] is None and last.fields["housing"] is None


# -- consent withdrawn mid-way --------------------------------------------------------------
def test_work_stops_when_consent_to_processing_is_withdrawn() -> None:
    case = active()
    case.withdraw_consent(meta=meta(), occurred_on=WORK_DAY, scope=ConsentScope.PROCESSING)
    error = refused(ConsentRequired, case, lambda: activity(case))
    assert error.field == "scope"
    refused(
        ConsentRequired,
        case,
        lambda: case.agree_plan(meta=meta(), occurred_on=WORK_DAY, period=BILLAN2, goals=[goal()]),
    )
    refused(ConsentRequired, case, lambda: transfer(case))
    # Closing is what follows a withdrawal; giving consent again resumes the work instead.
    case.give_consent(
        meta=meta(), occurred_on=WORK_DAY, period=BILLAN2, scope=ConsentScope.PROCESSING
    )
    activity(case)
    close(case, WORK_DAY, ClosureReason.CONSENT_WITHDRAWN)
    assert case.status is CaseStatus.CLOSED


def test_withdrawing_analytics_consent_does_not_stop_the_work() -> None:
    case = active()
    case.give_consent(
        meta=meta(), occurred_on=WORK_DAY, period=BILLAN2, scope=ConsentScope.ANALYTICS
    )
    case.withdraw_consent(meta=meta(), occurred_on=WORK_DAY, scope=ConsentScope.ANALYTICS)
    activity(case)
    assert len(case.activities) == 1
