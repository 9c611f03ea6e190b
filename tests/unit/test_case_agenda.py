"""What is due on a case (domain.case.due): intake, plan, reviews, follow-ups at 6/12/24 months."""

from __future__ import annotations

from datetime import date

from domain.case.due import CaseFacts, DueKind, agenda
from domain.case.values import CaseStatus

REFERRED = date(2020, 1, 10)


def kinds(facts: CaseFacts, today: date) -> list[tuple[str, date, bool, int | None]]:
    return [(d.kind.value, d.on, d.overdue, d.months) for d in agenda(facts, today)]


def test_intake_is_due_thirty_days_after_referral_then_overdue() -> None:
    facts = CaseFacts(CaseStatus.REFERRED, REFERRED)
    assert kinds(facts, date(2020, 2, 9)) == [("intake", date(2020, 2, 9), False, None)]
    assert kinds(facts, date(2020, 2, 10)) == [("intake", date(2020, 2, 9), True, None)]


def test_after_intake_a_plan_then_a_review_every_three_months() -> None:
    facts = CaseFacts(CaseStatus.ACTIVE, REFERRED, intake_on=date(2020, 1, 20))
    assert kinds(facts, date(2020, 2, 1))[0][:2] == ("plan", date(2020, 2, 19))
    facts.plan_on = date(2020, 3, 1)
    assert kinds(facts, date(2020, 5, 1)) == [("review", date(2020, 6, 1), False, None)]
    assert kinds(facts, date(2020, 6, 2)) == [("review", date(2020, 6, 1), True, None)]


def test_a_suspended_or_transferred_case_has_nothing_due() -> None:
    suspended = CaseFacts(CaseStatus.SUSPENDED, REFERRED, intake_on=date(2020, 1, 20))
    assert agenda(suspended, date(2021, 1, 1)) == []
    assert agenda(CaseFacts(CaseStatus.TRANSFERRED, REFERRED), date(2021, 1, 1)) == []


def test_follow_ups_open_a_month_before_and_are_missed_after_their_date() -> None:
    closed = CaseFacts(CaseStatus.CLOSED, REFERRED, date(2020, 1, 20), None, date(2020, 6, 30))
    assert agenda(closed, date(2020, 11, 29)) == []  # 6-month window not open yet
    assert kinds(closed, date(2020, 12, 1)) == [("follow_up", date(2020, 12, 30), False, 6)]
    late = kinds(closed, date(2021, 6, 1))
    assert late == [
        ("follow_up", date(2020, 12, 30), True, 6),
        ("follow_up", date(2021, 6, 30), False, 12),
    ]
    closed.follow_ups = frozenset({6, 12})
    assert kinds(closed, date(2022, 7, 1)) == [("follow_up", date(2022, 6, 30), True, 24)]
    assert agenda(closed, date(2023, 1, 1)) == []  # off the agenda six months after the last
    assert agenda(closed, date(2022, 6, 1))[0].label("en") == "Follow-up 24 months"
    assert DueKind.REVIEW.label("it") == "Revisione del progetto"
