"""The commands a case's state admits (domain.case.offers), checked against the commands."""

from __future__ import annotations

from datetime import date

import pytest

from domain.case.offers import WORK, admitted
from domain.shared.case_vocabulary import ConsentScope
from domain.shared.errors import DomainError
from domain.shared.profile_vocabulary import EmploymentStatus
from tests.helpers import meta
from tests.unit import builders as b

ALWAYS = {"correct_event"}


def test_a_new_referral_admits_consent_and_closure_but_no_work() -> None:
    offered = admitted(b.referred())
    assert offered == ALWAYS | {"give_consent", "close_case"}


def test_with_consent_the_intake_or_not_taken_on_is_offered() -> None:
    offered = admitted(b.consented())
    assert {"complete_intake", "record_not_taken_on", "withdraw_consent"} <= offered
    assert not offered & {*WORK, "resume_case", "record_follow_up", "transfer_case"}


def test_an_open_case_admits_the_work_not_resume_nor_intake() -> None:
    offered = admitted(b.active())
    assert set(WORK) | {"suspend_case", "transfer_case", "close_case"} <= offered
    assert not offered & {"resume_case", "complete_intake", "review_plan", "record_follow_up"}
    assert "review_plan" in admitted(b.planned())


def test_a_suspended_case_admits_resume_and_no_work() -> None:
    offered = admitted(b.suspended())
    assert "resume_case" in offered
    assert not offered & {*WORK, "suspend_case"}


def test_a_closed_case_admits_follow_ups_and_corrections_only() -> None:
    case = b.closed()
    assert admitted(case) == ALWAYS | {"withdraw_consent", "record_follow_up"}
    for months in (6, 12, 24):
        case.record_follow_up(
            meta=meta(), occurred_on=date(2016, 1, 1), months=months, reached=False
        )
    assert "record_follow_up" not in admitted(case)  # all three recorded
    assert "record_follow_up" not in admitted(b.transferred())


def test_what_is_not_admitted_the_command_refuses() -> None:
    """The offer never hides what the domain would accept in these states (spot checks)."""
    with pytest.raises(DomainError):
        b.active().resume(meta=meta(), occurred_on=date(2012, 7, 1), period=b.BILLAN2)
    with pytest.raises(DomainError):
        b.closed().give_consent(
            meta=meta(),
            occurred_on=date(2013, 7, 1),
            period=b.BILLAN2,
            scope=ConsentScope.ANALYTICS,
        )
    with pytest.raises(DomainError):
        b.active().record_follow_up(
            meta=meta(), occurred_on=date(2013, 1, 1), months=6, reached=False
        )
    case = b.suspended()  # a suspended case may be closed: offered, and accepted
    assert "close_case" in admitted(case)
    case.close_case(
        meta=meta(),
        occurred_on=date(2012, 7, 1),
        period=b.BILLAN2,
        reason=b.ClosureReason.AUTONOMY,
        employment_at_exit=EmploymentStatus.EMPLOYED,
    )
