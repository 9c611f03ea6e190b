"""Domain-level builders: cases at each stage of their life, without any store.

Dates follow Billan 2 (2011–2014) and its successor Azioni 2015–16, as in the catalogue file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.domain import Aggregate

from domain.case import Case, Goal
from domain.shared.case_vocabulary import (
    AssessmentDomain,
    ClosureReason,
    ConsentScope,
    Need,
    ReferralReason,
    ReferringService,
    SuspensionReason,
)
from domain.shared.errors import DomainError
from domain.shared.profile_vocabulary import EmploymentStatus, HousingStatus, IncomeSource
from domain.shared.values import Period, PersonalText
from tests.helpers import meta

BILLAN2 = Period(date(2011, 1, 1), date(2014, 12, 31))
AZIONI = Period(date(2015, 1, 1), date(2016, 6, 30))
REFERRED_ON = date(2012, 3, 1)
INTAKE_ON = date(2012, 3, 20)


def scores(value: int = 3) -> dict[AssessmentDomain, int]:
    return dict.fromkeys(AssessmentDomain, value)


def referred(on: date = REFERRED_ON) -> Case:
    return Case.refer(
        meta=meta(),
        occurred_on=on,
        period=BILLAN2,
        case_id=uuid4(),
        person_id=uuid4(),
        programme="BILLAN2",
        referring_service=ReferringService.SOCIAL_SERVICE_FI,
        reasons=[ReferralReason.EMPLOYMENT],
    )


def consented(on: date = REFERRED_ON) -> Case:
    case = referred(on)
    case.give_consent(meta=meta(), occurred_on=on, period=BILLAN2, scope=ConsentScope.PROCESSING)
    return case


def active(intake_on: date = INTAKE_ON) -> Case:
    case = consented()
    case.complete_intake(
        meta=meta(),
        occurred_on=intake_on,
        period=BILLAN2,
        baseline=scores(),
        employment=EmploymentStatus.UNEMPLOYED_SEEKING,
        income_source=IncomeSource.BENEFITS,
        housing=HousingStatus.HOSTED,
        needs=[Need.JOB],
    )
    return case


def goal(goal_id: str = "g1", target: date = date(2013, 1, 1)) -> Goal:
    return Goal(goal_id, AssessmentDomain.WORK, target, PersonalText(uuid4(), "trovare lavoro"))


def planned() -> Case:
    case = active()
    case.agree_plan(meta=meta(), occurred_on=date(2012, 4, 1), period=BILLAN2, goals=[goal()])
    return case


def suspended() -> Case:
    case = active()
    case.suspend(
        meta=meta(),
        occurred_on=date(2012, 6, 1),
        period=BILLAN2,
        reason=SuspensionReason.MATERNITY,
    )
    return case


def closed(on: date = date(2013, 6, 30)) -> Case:
    case = active()
    case.close_case(
        meta=meta(),
        occurred_on=on,
        period=BILLAN2,
        reason=ClosureReason.AUTONOMY,
        employment_at_exit=EmploymentStatus.EMPLOYED,
    )
    return case


def transferred() -> Case:
    case = active()
    case.transfer_out(
        meta=meta(),
        occurred_on=date(2015, 1, 1),
        successor_period=AZIONI,
        successor_programme="AZIONI1516",
        successor_case_id=uuid4(),
    )
    return case


@contextmanager
def unchanged(aggregate: Aggregate) -> Iterator[None]:
    """The block must leave the aggregate as it was: same version, no new pending event."""
    version, pending = aggregate.version, len(aggregate.pending_events)
    yield
    assert aggregate.version == version
    assert len(aggregate.pending_events) == pending


def refused(error: type[DomainError], aggregate: Aggregate, command: Callable[[], Any]) -> Any:
    """Run a command that must break a rule: the named error, and nothing triggered."""
    with unchanged(aggregate), pytest.raises(error) as caught:
        command()
    assert caught.value.message and caught.value.code == error.code
    return caught.value
