"""What a case needs next, and by when: the caseworker's agenda (DESIGN §9), as pure rules.

Intake is due within `INTAKE_DAYS` of the referral; an agreed PPD is reviewed every
`PLAN_REVIEW_MONTHS`; follow-ups fall at 6, 12 and 24 months after closure, may be recorded from
one month before (the window `record_follow_up` enforces) and count as missed after their
date. A closed case leaves the agenda once every follow-up is recorded, or
`FOLLOW_UP_KEEP_MONTHS` after the last one was due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from ..shared.case_vocabulary import FOLLOW_UP_MONTHS
from ..shared.values import add_months
from .values import CaseStatus

INTAKE_DAYS = 30
PLAN_REVIEW_MONTHS = 3
FOLLOW_UP_KEEP_MONTHS = 6
FOLLOW_UP_NOTICE_MONTHS = 1


class DueKind(Enum):
    """Not a stored vocabulary (never in an event), so a plain Enum with its labels beside it."""

    INTAKE = "intake"
    PLAN = "plan"
    REVIEW = "review"
    FOLLOW_UP = "follow_up"

    def label(self, lang: str = "it") -> str:
        it, en = _LABELS[self]
        return en if lang == "en" else it


_LABELS = {
    DueKind.INTAKE: ("Presa in carico da completare", "Intake to complete"),
    DueKind.PLAN: ("Progetto personalizzato da concordare", "Personalised plan to agree"),
    DueKind.REVIEW: ("Revisione del progetto", "Plan review"),
    DueKind.FOLLOW_UP: ("Follow-up", "Follow-up"),
}


@dataclass(frozen=True)
class Due:
    """One thing to do on a case: what, by when, and whether the date has passed."""

    kind: DueKind
    on: date
    overdue: bool
    months: int | None = None  # for follow-ups

    def label(self, lang: str) -> str:
        text = self.kind.label(lang)
        if self.months is None:
            return text
        return f"{text} {self.months} {'months' if lang == 'en' else 'mesi'}"


@dataclass
class CaseFacts:
    """The few dates of a case the agenda depends on (kept by a log-following index)."""

    status: CaseStatus
    referred_on: date
    intake_on: date | None = None
    plan_on: date | None = None  # the latest agreement or review of the PPD
    closed_on: date | None = None
    follow_ups: frozenset[int] = frozenset()


def agenda(facts: CaseFacts, today: date) -> list[Due]:
    """Everything due on the case, earliest first; empty when nothing is."""
    if facts.status is CaseStatus.CLOSED and facts.closed_on is not None:
        return _follow_ups(facts.closed_on, facts.follow_ups, today)
    if facts.status is CaseStatus.TRANSFERRED:
        return []
    if facts.intake_on is None:
        on = facts.referred_on + timedelta(days=INTAKE_DAYS)
        return [Due(DueKind.INTAKE, on, today > on)]
    if facts.status is CaseStatus.SUSPENDED:
        return []
    if facts.plan_on is None:
        on = facts.intake_on + timedelta(days=INTAKE_DAYS)
        return [Due(DueKind.PLAN, on, today > on)]
    on = add_months(facts.plan_on, PLAN_REVIEW_MONTHS)
    return [Due(DueKind.REVIEW, on, today > on)]


def _follow_ups(closed_on: date, done: frozenset[int], today: date) -> list[Due]:
    """Follow-ups whose window has opened and that are not recorded; overdue once past their
    date (missed); the case leaves the agenda `FOLLOW_UP_KEEP_MONTHS` after the last one."""
    if today > add_months(closed_on, FOLLOW_UP_MONTHS[-1] + FOLLOW_UP_KEEP_MONTHS):
        return []
    out = []
    for months in FOLLOW_UP_MONTHS:
        on = add_months(closed_on, months)
        if months in done or today < add_months(on, -FOLLOW_UP_NOTICE_MONTHS):
            continue
        out.append(Due(DueKind.FOLLOW_UP, on, today > on, months))
    return out
