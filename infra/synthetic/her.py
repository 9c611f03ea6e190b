"""The woman as the simulator follows her through her cases: what changes, and her first state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from uuid import UUID

from domain.person import Household, Profile
from domain.shared.case_vocabulary import AssessmentDomain, Need, NotTakenOnReason, ReferralReason
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)

from . import rates as r
from .profiles import weighted


@dataclass
class Planted:
    """Her draws for the planted effects (effects.py), from a generator of their own."""

    prior_work: int = 0
    track: int = 0
    not_taken_on: NotTakenOnReason | None = None
    comparison_job_months: float = float("inf")


@dataclass
class Her:
    """Her running state; carried-over cases start from where the previous one left her."""

    index: int
    person_id: UUID
    first_name: str
    profile: Profile
    household: Household
    italian: CEFRLevel
    employment: EmploymentStatus
    income: IncomeSource
    housing: HousingStatus
    violence: bool
    scores: dict[AssessmentDomain, int] = field(default_factory=dict)
    job_on: date | None = None
    planted: Planted = field(default_factory=lambda: Planted())

    @property
    def employed(self) -> bool:
        return self.employment.is_employed

    @property
    def special_needs(self) -> bool:
        return any(child.special_needs for child in self.household.children)

    def young_children(self, year: int) -> bool:
        return any(year - child.birth_year < 6 for child in self.household.children)


def clip(score: float, low: int = 1, high: int = 10) -> int:
    return int(min(max(round(score), low), high))


def starting_state(rng: Random, her: Her, year: int) -> None:
    """Baseline scores from her profile: Italian from CEFR, work from schooling, and noise."""
    rank = her.italian.rank
    schooling = [
        "none",
        "primary",
        "lower_secondary",
        "upper_secondary",
        "vocational",
        "tertiary",
    ].index(her.profile.education.value)
    here = year - (her.profile.arrival_year or year)
    her.scores = {
        AssessmentDomain.WORK: clip(2 + 0.5 * schooling + rng.gauss(0, 1), high=9),
        AssessmentDomain.LANGUAGE: clip(1 + 1.4 * rank + rng.gauss(0, 0.8), high=9),
        AssessmentDomain.HOUSING: clip(
            (6 if her.housing.is_secure else 3) + rng.gauss(0, 1), high=9
        ),
        AssessmentDomain.MONEY: clip(3 + rng.gauss(0, 1.2), high=9),
        AssessmentDomain.SERVICES: clip(2 + 0.3 * here + rng.gauss(0, 1), high=9),
        AssessmentDomain.NETWORK: clip(3 + rng.gauss(0, 1.3), high=9),
        AssessmentDomain.FAMILY: clip(5 + rng.gauss(0, 1.5), high=9),
        AssessmentDomain.WELLBEING: clip((2 if her.violence else 4) + rng.gauss(0, 1.2), high=9),
    }


def initial(rng: Random) -> tuple[EmploymentStatus, HousingStatus]:
    return weighted(rng, r.EMPLOYMENT_AT_INTAKE), weighted(rng, r.HOUSING_AT_INTAKE)


def income_of(rng: Random, her: Her, programme: str, year: int) -> IncomeSource:
    benefits = 35 if programme == "EMP" and year >= 2018 else 18
    partner = 30 if her.household.kind.value in ("couple", "couple_children") else 3
    return weighted(
        rng,
        [
            (IncomeSource.BENEFITS, benefits),
            (IncomeSource.PARTNER, partner),
            (IncomeSource.FAMILY, 10),
            (IncomeSource.NONE, 20),
            (IncomeSource.MIXED, 8),
            (IncomeSource.OWN_WORK, 12 if her.employment.value == "informal" else 2),
        ],
    )


def reasons_for(rng: Random, her: Her, year: int) -> list[ReferralReason]:
    c = r.REASON_CHANCES
    no_permit = her.profile.permit in (PermitKind.PENDING, PermitKind.NONE)
    chances = [
        (ReferralReason.EMPLOYMENT, c["employment"]),
        (ReferralReason.INCOME, c["income"]),
        (ReferralReason.HOUSING, 0.0 if her.housing.is_secure else c["housing_if_insecure"]),
        (
            ReferralReason.LANGUAGE,
            c["language_below_b1"] if her.italian.rank < 3 else c["language_otherwise"],
        ),
        (ReferralReason.ISOLATION, c["isolation"]),
        (ReferralReason.PARENTING, c["parenting_with_children"] if her.household.children else 0),
        (ReferralReason.CHILD_SPECIAL_NEEDS, 1.0 if her.special_needs else 0.0),
        (ReferralReason.VIOLENCE, 1.0 if her.violence else 0.0),
        (
            ReferralReason.DOCUMENTS,
            c["documents_without_permit"] if no_permit else c["documents_otherwise"],
        ),
        (ReferralReason.SERVICE_ACCESS, c["service_access"]),
    ]
    found = [reason for reason, p in chances if rng.random() < p]
    return found or [ReferralReason.EMPLOYMENT]


def needs_for(rng: Random, her: Her, year: int) -> list[Need]:
    needs = [Need.JOB] if her.employment is not EmploymentStatus.INACTIVE else []
    if her.italian.rank < 3:
        needs.append(Need.LANGUAGE)
    if not her.housing.is_secure:
        needs.append(Need.HOUSING)
    if her.young_children(year):
        needs.append(Need.CHILDCARE)
    if her.profile.permit in (PermitKind.PENDING, PermitKind.NONE):
        needs.append(Need.DOCUMENTS)
    if her.income in (IncomeSource.NONE, IncomeSource.BENEFITS):
        needs.append(Need.INCOME)
    if her.violence:
        needs.append(Need.SAFETY)
    needs += [n for n, p in ((Need.HEALTH, 0.1), (Need.LEGAL, 0.08)) if rng.random() < p]
    return needs or [Need.JOB]


def after(day: date, low: int, high: int, rng: Random, limit: date) -> date:
    """A day `low`–`high` days later, never past `limit`."""
    return min(day + timedelta(days=rng.randint(low, high)), limit)
