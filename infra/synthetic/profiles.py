"""Who she is: the intake wave she arrives in, her analytic profile and her household."""

from __future__ import annotations

from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from random import Random
from typing import TypeVar

from domain.person import Child, Household, Profile
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EducationLevel,
    HouseholdType,
    PermitKind,
)
from domain.shared.values import Period

from . import distributions as d

T = TypeVar("T")


def weighted(rng: Random, pairs: Sequence[tuple[T, float]]) -> T:
    """One item of (item, weight) pairs; a single uniform draw keeps the stream stable."""
    cumulative = list(accumulate(w for _, w in pairs))
    return pairs[bisect(cumulative, rng.random() * cumulative[-1])][0]


@dataclass(frozen=True)
class Arrival:
    programme: str
    referred_on: date


def intake_waves() -> list[tuple[tuple[str, int], float]]:
    return [
        ((code, year), weight)
        for code, years in d.INTAKE_WAVES.items()
        for year, weight in years.items()
    ]


def draw_arrival(
    rng: Random, waves: list[tuple[tuple[str, int], float]], periods: dict[str, Period]
) -> Arrival:
    """Programme and referral day: a wave (programme, year), then a month and a day in it.

    The referral leaves at least 45 days before the programme ends, so the intake fits.
    """
    programme, year = weighted(rng, waves)
    period = periods[programme]
    last = (period.end or d.CUTOFF) - timedelta(days=45)
    months = [
        (m, w)
        for m, w in enumerate(d.MONTH_WEIGHTS, start=1)
        if date(year, m, 28) >= period.start and date(year, m, 1) <= last
    ]
    month = weighted(rng, months)
    day = date(year, month, rng.randint(1, 28))
    return Arrival(programme, min(max(day, period.start), last))


def _cefr(rng: Random, years_here: int, education: EducationLevel) -> CEFRLevel:
    schooling = list(EducationLevel).index(education)
    score = 0.35 * years_here + 0.5 * schooling + rng.gauss(0, 1.0)
    levels = [
        (1.0, CEFRLevel.PRE_A1),
        (2.2, CEFRLevel.A1),
        (3.6, CEFRLevel.A2),
        (5.0, CEFRLevel.B1),
        (6.5, CEFRLevel.B2),
    ]
    return next((level for bound, level in levels if score < bound), CEFRLevel.C1)


def _permit(rng: Random, country: str, years_here: int) -> PermitKind:
    if country in d.EU_COUNTRIES:
        return PermitKind.EU_CITIZEN
    if years_here < 1:
        return weighted(
            rng,
            [
                (PermitKind.PENDING, 4),
                (PermitKind.INTERNATIONAL_PROTECTION, 3),
                (PermitKind.FAMILY, 2),
                (PermitKind.NONE, 1),
            ],
        )
    if years_here >= 10:
        return weighted(
            rng, [(PermitKind.LONG_TERM, 6), (PermitKind.CITIZENSHIP, 2), (PermitKind.WORK, 2)]
        )
    return weighted(
        rng,
        [
            (PermitKind.FAMILY, 5),
            (PermitKind.WORK, 3),
            (PermitKind.INTERNATIONAL_PROTECTION, 2),
            (PermitKind.SPECIAL, 1),
            (PermitKind.LONG_TERM, 2),
            (PermitKind.PENDING, 1),
        ],
    )


def municipality_of(rng: Random, programme: str) -> str:
    pool = d.MUNICIPALITIES.get(programme, d.MUNICIPALITIES["florence"])
    return rng.choice(pool)


def draw_profile(rng: Random, arrival: Arrival) -> Profile:
    year = arrival.referred_on.year
    age = min(max(round(rng.gauss(d.AGE_MEAN, d.AGE_SD)), d.AGE_MIN), d.AGE_MAX)
    era = "early" if year < 2015 and arrival.programme not in ("EMP", "SOSTENGO") else "late"
    country = weighted(rng, d.ORIGIN_MIX[era])
    years_here = min(int(rng.expovariate(1 / d.YEARS_SINCE_ARRIVAL_MEAN)), age - 16)
    education = weighted(rng, d.EDUCATION_WEIGHTS)
    return Profile(
        birth_year=year - age,
        country_of_birth=country,
        arrival_year=year - years_here,
        first_language=d.LANGUAGE_OF.get(country, "en"),
        italian_level=_cefr(rng, years_here, education),
        education=education,
        permit=_permit(rng, country, years_here),
        municipality=municipality_of(rng, arrival.programme),
    )


def draw_household(rng: Random, profile: Profile, arrival: Arrival) -> Household:
    kind = weighted(rng, d.HOUSEHOLD_WEIGHTS)
    year = arrival.referred_on.year
    count = {
        HouseholdType.SINGLE_MOTHER: rng.randint(1, 3),
        HouseholdType.COUPLE_WITH_CHILDREN: rng.randint(1, 4),
        HouseholdType.EXTENDED: rng.randint(0, 3),
    }.get(kind, 0)
    oldest = min(max(profile.birth_year + 17, year - 17), year)
    p_special = (
        d.P_CHILD_SPECIAL_NEEDS_EMP if arrival.programme == "EMP" else d.P_CHILD_SPECIAL_NEEDS
    )
    children = sorted(
        (Child(rng.randint(oldest, year), rng.random() < p_special) for _ in range(count)),
        key=lambda c: (c.birth_year, c.special_needs),
    )
    return Household(kind, children)


def with_new_child(household: Household, birth_year: int) -> Household:
    """The household after a birth (a maternity suspension)."""
    kind = {
        HouseholdType.ALONE: HouseholdType.SINGLE_MOTHER,
        HouseholdType.COUPLE_NO_CHILDREN: HouseholdType.COUPLE_WITH_CHILDREN,
    }.get(household.kind, household.kind)
    return Household(kind, [*household.children, Child(birth_year, False)])
