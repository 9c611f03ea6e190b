"""Builders for test data: a woman, her case, metadata — readable in narrative tests."""

from __future__ import annotations

import itertools
from datetime import date
from uuid import UUID, uuid4

from domain.person import Child, Household, Profile
from domain.shared.profile_vocabulary import CEFRLevel, EducationLevel, HouseholdType, PermitKind
from domain.shared.roles import ActorRole
from domain.shared.values import Meta, PersonalData

_counter = itertools.count()


def meta(
    role: ActorRole = ActorRole.COORDINATOR,
    command_id: str | None = None,
    actor: str = "op-1",
    source: str = "api",
) -> Meta:
    return Meta(actor, role, command_id or f"cmd-{next(_counter)}-{uuid4().hex[:8]}", source)


def personal(person_id: UUID, name: str = "Fatima Zahra Bennani") -> PersonalData:
    return PersonalData(
        person_id,
        name,
        "BNNFMZ80A41Z330X",
        date(1980, 1, 1),
        "+39 333 1234567",
        "fatima.bennani@example.org",
        "Via dei Serragli 12",
    )


def profile(birth_year: int = 1980, level: CEFRLevel = CEFRLevel.A1) -> Profile:
    return Profile(
        birth_year,
        "MA",
        2003,
        "ar",
        level,
        EducationLevel.LOWER_SECONDARY,
        PermitKind.FAMILY,
        "Firenze",
    )


def household() -> Household:
    return Household(HouseholdType.SINGLE_MOTHER, [Child(2004, False), Child(2006, True)])
