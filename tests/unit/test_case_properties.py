"""Random command sequences on a case: each command appends one event or refuses and appends none,
the state rebuilt from the events equals the live one, and the rules hold on what was accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import event as label
from hypothesis import strategies as st

from domain.case import Case, CaseStatus
from domain.shared.case_vocabulary import (
    ActivityKind,
    ClosureReason,
    ConsentScope,
    ContractKind,
    Need,
    OutcomeKind,
    SuspensionReason,
)
from domain.shared.errors import DomainError
from domain.shared.profile_vocabulary import EmploymentStatus, HousingStatus, IncomeSource
from domain.shared.values import PersonalText, add_months
from tests.helpers import meta

from .builders import BILLAN2, active, goal, planned, referred, scores

# Days are drawn relative to the case's latest event: mostly a few days on (so long lives are
# reached), sometimes back-dated or years ahead (so the date rules get tried).
deltas = st.one_of(
    st.integers(0, 40), st.integers(0, 40), st.integers(0, 40), st.integers(-60, 900)
)
Op = Callable[[Case], None]


def _day(case: Case, delta: int) -> date:
    return case.last_occurred_on + timedelta(days=delta)


def _consent(delta: int, scope: ConsentScope) -> Op:
    return lambda c: c.give_consent(
        meta=meta(), occurred_on=_day(c, delta), period=BILLAN2, scope=scope
    )


def _withdraw(delta: int, scope: ConsentScope) -> Op:
    return lambda c: c.withdraw_consent(meta=meta(), occurred_on=_day(c, delta), scope=scope)


def _intake(delta: int) -> Op:
    return lambda c: c.complete_intake(
        meta=meta(),
        occurred_on=_day(c, delta),
        period=BILLAN2,
        baseline=scores(),
        employment=EmploymentStatus.INACTIVE,
        income_source=IncomeSource.NONE,
        housing=HousingStatus.SHARED,
        needs=[Need.JOB],
    )


def _plan(delta: int, target: int) -> Op:
    def op(c: Case) -> None:
        day = _day(c, delta)
        goals = [goal(f"g{c.version}", day + timedelta(days=target))]
        c.agree_plan(meta=meta(), occurred_on=day, period=BILLAN2, goals=goals)

    return op


def _activity(delta: int, hours: float, kind: ActivityKind) -> Op:
    return lambda c: c.record_activity(
        meta=meta(), occurred_on=_day(c, delta), period=BILLAN2, kind=kind, hours=hours
    )


def _outcome(delta: int, job: bool) -> Op:
    if job:
        return lambda c: c.record_outcome(
            meta=meta(),
            occurred_on=_day(c, delta),
            period=BILLAN2,
            kind=OutcomeKind.JOB_STARTED,
            contract_kind=ContractKind.PERMANENT,
            weekly_hours=30,
        )
    return lambda c: c.record_outcome(
        meta=meta(), occurred_on=_day(c, delta), period=BILLAN2, kind=OutcomeKind.BENEFITS_LEFT
    )


def _suspend(delta: int) -> Op:
    return lambda c: c.suspend(
        meta=meta(), occurred_on=_day(c, delta), period=BILLAN2, reason=SuspensionReason.HEALTH
    )


def _resume(delta: int) -> Op:
    return lambda c: c.resume(meta=meta(), occurred_on=_day(c, delta), period=BILLAN2)


def _close(delta: int, reason: ClosureReason) -> Op:
    return lambda c: c.close_case(
        meta=meta(),
        occurred_on=_day(c, delta),
        period=BILLAN2,
        reason=reason,
        employment_at_exit=EmploymentStatus.EMPLOYED,
    )


def _follow_up(months: int, late: int, reached: bool) -> Op:
    def op(c: Case) -> None:
        due = add_months(c.closed_on or c.last_occurred_on, months)
        c.record_follow_up(
            meta=meta(),
            occurred_on=due + timedelta(days=late),
            months=months,
            reached=reached,
            employment=EmploymentStatus.EMPLOYED if reached else None,
        )

    return op


def _correct(delta: int, version: int, void: bool) -> Op:
    return lambda c: c.correct(
        meta=meta(),
        occurred_on=_day(c, delta),
        corrects_version=version,
        changes={} if void else {"hours": 2.5},
        void=void,
        reason=PersonalText(c.person_id, "fix"),
    )


scopes = st.sampled_from([ConsentScope.PROCESSING, ConsentScope.PROCESSING, ConsentScope.ANALYTICS])
ops: st.SearchStrategy[Op] = st.one_of(
    st.builds(_consent, deltas, scopes),
    st.builds(_withdraw, deltas, scopes),
    st.builds(_intake, deltas),
    st.builds(_intake, deltas),
    st.builds(_plan, deltas, st.integers(-10, 400)),
    st.builds(
        _activity,
        deltas,
        st.sampled_from([0.0, 1.0, 4.5, 12.0, 13.0]),
        st.sampled_from([ActivityKind.ORIENTATION, ActivityKind.TRAINING]),
    ),
    st.builds(_outcome, deltas, st.booleans()),
    st.builds(_suspend, deltas),
    st.builds(_resume, deltas),
    st.builds(_close, deltas, st.sampled_from([ClosureReason.AUTONOMY, ClosureReason.TRANSFERRED])),
    st.builds(_follow_up, st.sampled_from([6, 12, 24, 18]), st.integers(-45, 60), st.booleans()),
    st.builds(_correct, deltas, st.integers(1, 12), st.booleans()),
)


def rebuilt(events: list[Any]) -> Case:
    case = None
    for event in events:
        case = event.mutate(case)
    assert isinstance(case, Case)
    return case


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([referred, active, planned]), st.lists(ops, min_size=3, max_size=30))
def test_any_command_sequence_keeps_the_case_consistent(
    start: Callable[[], Case], sequence: list[Op]
) -> None:
    case = start()
    for op in sequence:
        version, pending = case.version, len(case.pending_events)
        try:
            op(case)
        except DomainError:
            assert (case.version, len(case.pending_events)) == (version, pending)
        else:
            assert (case.version, len(case.pending_events)) == (version + 1, pending + 1)

    events = list(case.pending_events)
    accepted = len(events) // 5 * 5
    label(f"{case.status.code}, {accepted}+ events, {len(case.follow_ups)} follow-ups")
    copy = rebuilt(events)
    for attribute in ("version", "status", "records", "consents", "goals", "follow_ups"):
        assert getattr(copy, attribute) == getattr(case, attribute), attribute

    # What was accepted obeys the rules.
    kinds = [type(e).__name__ for e in events]
    assert kinds.count("IntakeCompleted") <= 1 and kinds.count("Closed") <= 1
    if case.follow_ups:
        assert case.status is CaseStatus.CLOSED
    work = {"ActivityRecorded", "OutcomeRecorded", "PlanAgreed", "Suspended"}
    intake = kinds.index("IntakeCompleted") if "IntakeCompleted" in kinds else len(kinds)
    assert all(k not in work for k in kinds[:intake])
    if "Closed" in kinds:
        after = kinds[kinds.index("Closed") + 1 :]
        assert set(after) <= {"FollowedUp", "ConsentWithdrawn", "Corrected"}
    for event in events:
        if type(event).__name__ in work | {"IntakeCompleted", "Closed", "ConsentGiven"}:
            assert BILLAN2.contains(event.occurred_on)
            assert event.occurred_on >= case.referred_on
