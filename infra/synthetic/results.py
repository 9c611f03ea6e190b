"""What a case leads to: referrals on to other services, and the outcomes it records (a first
job with its contract and hours, certificates, housing, permits), each on a working day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from random import Random
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.shared.case_vocabulary import ActivityKind, OutcomeKind, ServiceKind
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EducationLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from domain.shared.roles import ActorRole

from . import effects as fx
from . import rates as r
from .her import Her
from .identities import note
from .jobs import Job
from .plan import Steps
from .profiles import weighted

if TYPE_CHECKING:
    from .work import Span, Work

CW = ActorRole.CASEWORKER


def services(rng: Random, her: Her, out: Steps, case_id: UUID, plan_day: date, span: Span) -> None:
    if rng.random() >= r.P_SERVICE_REFERRAL:
        return
    options = [
        (ServiceKind.EMPLOYMENT_CENTRE, 5),
        (ServiceKind.PATRONATO, 3),
        (ServiceKind.HEALTH, 2),
        (ServiceKind.CHILDCARE, 2 if her.household.children else 0),
        (ServiceKind.ADULT_EDUCATION, 4 if her.italian.rank < 3 else 0),
        (ServiceKind.DISABILITY, 6 if her.special_needs else 0),
        (ServiceKind.ANTI_VIOLENCE, 6 if her.violence else 0),
        (ServiceKind.HOUSING_OFFICE, 0 if her.housing.is_secure else 3),
        (ServiceKind.LEGAL_AID, 1),
        (ServiceKind.MENTAL_HEALTH, 1),
    ]
    for _ in range(rng.randint(1, 2)):
        day = span.any_day(rng, plan_day)
        if span.ok(day):
            service = weighted(rng, options)
            out.add(
                day,
                "refer_to_service",
                CW,
                case_id,
                occurred_on=day,
                service=service,
                notes=note(rng, her.first_name, f"invio a {service.it.lower()}"),
            )


def outcomes(
    rng: Random, her: Her, out: Steps, case_id: UUID, span: Span, work: Work, jobs: list[Job]
) -> None:
    def record(day: date, kind: OutcomeKind, **extra: Any) -> date | None:
        day = span.nudge(day)
        if not span.ok(day):
            return None
        out.add(day, "record_outcome", CW, case_id, occurred_on=day, kind=kind, **extra)
        return day

    start = span.intake + timedelta(days=1)
    for job in jobs:
        if not record(
            job.day, OutcomeKind.JOB_STARTED, contract_kind=job.contract, weekly_hours=job.hours
        ):
            continue
        her.employment = fx.STATUS_AFTER_CONTRACT.get(job.contract, EmploymentStatus.EMPLOYED)
        her.job_on = her.job_on or job.day
        if her.income is IncomeSource.BENEFITS and rng.random() < r.P_OUTCOME["benefits_left"]:
            record(job.day + timedelta(days=rng.randint(30, 90)), OutcomeKind.BENEFITS_LEFT)
        her.income = IncomeSource.OWN_WORK
    p = r.P_OUTCOME
    if (
        work.counts.get(ActivityKind.ITALIAN_COURSE, 0) >= 3
        and rng.random() < p["language_certified"]
    ):
        level = list(CEFRLevel)[min(her.italian.rank + 1, CEFRLevel.C1.rank)]
        record(span.any_day(rng, start), OutcomeKind.LANGUAGE_CERTIFIED, cefr_level=level)
        her.italian = level
    if work.counts.get(ActivityKind.TRAINING, 0) >= 2 and rng.random() < p["training_completed"]:
        record(span.any_day(rng, start), OutcomeKind.TRAINING_COMPLETED)
    if not her.housing.is_secure and rng.random() < p["housing_secured"]:
        record(span.any_day(rng, start), OutcomeKind.HOUSING_SECURED)
        her.housing = HousingStatus.RENTED
    no_permit = her.profile.permit in (PermitKind.PENDING, PermitKind.NONE)
    if no_permit and rng.random() < p["permit_obtained"]:
        permit = weighted(
            rng,
            [
                (PermitKind.FAMILY, 3),
                (PermitKind.WORK, 2),
                (PermitKind.SPECIAL, 1),
                (PermitKind.INTERNATIONAL_PROTECTION, 1),
            ],
        )
        day = record(span.any_day(rng, start), OutcomeKind.PERMIT_OBTAINED, permit=permit)
        if day is not None:  # her profile follows: the permit is part of it
            her.profile = replace(her.profile, permit=permit)
            out.add(day, "change_profile", CW, her.person_id, occurred_on=day, profile=her.profile)
    tertiary = her.profile.education is EducationLevel.TERTIARY
    if tertiary and rng.random() < p["qualification_recognised"]:
        record(span.any_day(rng, start), OutcomeKind.QUALIFICATION_RECOGNISED)
    if rng.random() < p["driving_licence"]:
        record(span.any_day(rng, start), OutcomeKind.DRIVING_LICENCE)
