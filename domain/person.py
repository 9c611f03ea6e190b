"""Person: the woman, with sealed identifying data kept apart from her analytic profile."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate

from .shared.errors import InvalidValue, PersonErased
from .shared.events import Created, Event
from .shared.geography import is_known_country
from .shared.profile_vocabulary import CEFRLevel, EducationLevel, HouseholdType, PermitKind
from .shared.text import clean_optional, clean_text
from .shared.values import Meta, PersonalData

_FISCAL_CODE = re.compile(r"^[A-Z0-9]{16}$")


@dataclass(frozen=True)
class Child:
    birth_year: int
    special_needs: bool = False


@dataclass(frozen=True)
class Household:
    kind: HouseholdType
    children: list[Child] = field(default_factory=list)


@dataclass(frozen=True)
class Profile:
    """What analytics may use: nothing here identifies her on its own."""

    birth_year: int
    country_of_birth: str
    arrival_year: int | None
    first_language: str
    italian_level: CEFRLevel
    education: EducationLevel
    permit: PermitKind
    municipality: str


def check_profile(profile: Profile, today: date) -> Profile:
    """The profile with its text cleaned (NFC); refused when a value is out of range."""
    profile = replace(
        profile,
        municipality=clean_text(profile.municipality, field="profile.municipality"),
        first_language=clean_text(profile.first_language, field="profile.first_language"),
    )
    if not 1930 <= profile.birth_year <= today.year - 14:
        raise InvalidValue("birth year out of range", field="profile.birth_year")
    if not is_known_country(profile.country_of_birth):
        raise InvalidValue("unknown country code", field="profile.country_of_birth")
    arrival = profile.arrival_year
    if arrival is not None and not profile.birth_year <= arrival <= today.year:
        raise InvalidValue(
            "arrival year before birth or in the future", field="profile.arrival_year"
        )
    return profile


def check_household(household: Household, birth_year: int, today: date) -> None:
    for child in household.children:
        if not birth_year + 12 <= child.birth_year <= today.year:
            raise InvalidValue("child birth year out of range", field="household.children")
    if household.kind is HouseholdType.SINGLE_MOTHER and not household.children:
        raise InvalidValue("a single mother's household lists her children", field="household")


def check_personal(personal: PersonalData, today: date) -> PersonalData:
    """Her personal data with every text in NFC; refused on control characters or bad values."""
    personal = replace(
        personal,
        full_name=clean_optional(personal.full_name, field="personal.full_name"),
        fiscal_code=clean_optional(personal.fiscal_code, field="personal.fiscal_code"),
        phone=clean_optional(personal.phone, field="personal.phone"),
        email=clean_optional(personal.email, field="personal.email"),
        address=clean_optional(personal.address, field="personal.address"),
    )
    if not personal.full_name or not personal.full_name.strip():
        raise InvalidValue("a name is required", field="personal.full_name")
    if personal.fiscal_code is not None and not _FISCAL_CODE.match(personal.fiscal_code):
        raise InvalidValue("fiscal code must be 16 letters or digits", field="personal.fiscal_code")
    if personal.birth_date is not None and personal.birth_date > today:
        raise InvalidValue("birth date in the future", field="personal.birth_date")
    return personal


class Person(Aggregate):
    class Registered(Created):
        personal: PersonalData
        profile: Profile
        household: Household

    class ProfileChanged(Event):
        profile: Profile

        def apply(self, aggregate: Person) -> None:
            aggregate.profile = self.profile

    class HouseholdChanged(Event):
        household: Household

        def apply(self, aggregate: Person) -> None:
            aggregate.household = self.household

    class PersonalDataChanged(Event):
        personal: PersonalData

        def apply(self, aggregate: Person) -> None:
            aggregate.personal = self.personal

    class Erased(Event):
        """Art. 17 erasure: her data key is destroyed; this record holds nothing personal."""

        legal_basis: str

        def apply(self, aggregate: Person) -> None:
            aggregate.erased = True
            aggregate.personal = PersonalData.erased_for(aggregate.id)

    def __init__(self, personal: PersonalData, profile: Profile, household: Household) -> None:
        self.personal = personal
        self.profile = profile
        self.household = household
        self.erased = personal.erased

    @classmethod
    def register(
        cls,
        *,
        meta: Meta,
        occurred_on: date,
        person_id: UUID,
        personal: PersonalData,
        profile: Profile,
        household: Household,
    ) -> Person:
        if personal.subject_id != person_id:
            raise InvalidValue("personal data sealed for another person", field="personal")
        personal = check_personal(personal, occurred_on)
        profile = check_profile(profile, occurred_on)
        check_household(household, profile.birth_year, occurred_on)
        return cls._create(
            cls.Registered,
            id=person_id,
            meta=meta,
            occurred_on=occurred_on,
            personal=personal,
            profile=profile,
            household=household,
        )

    def _check_not_erased(self) -> None:
        if self.erased:
            raise PersonErased("this person's data has been erased")

    def change_profile(self, *, meta: Meta, occurred_on: date, profile: Profile) -> None:
        self._check_not_erased()
        profile = check_profile(profile, occurred_on)
        self.trigger_event(self.ProfileChanged, meta=meta, occurred_on=occurred_on, profile=profile)

    def change_household(self, *, meta: Meta, occurred_on: date, household: Household) -> None:
        self._check_not_erased()
        check_household(household, self.profile.birth_year, occurred_on)
        self.trigger_event(
            self.HouseholdChanged, meta=meta, occurred_on=occurred_on, household=household
        )

    def change_personal(self, *, meta: Meta, occurred_on: date, personal: PersonalData) -> None:
        self._check_not_erased()
        if personal.subject_id != self.id:
            raise InvalidValue("personal data sealed for another person", field="personal")
        personal = check_personal(personal, occurred_on)
        self.trigger_event(
            self.PersonalDataChanged, meta=meta, occurred_on=occurred_on, personal=personal
        )

    def erase(self, *, meta: Meta, occurred_on: date, legal_basis: str) -> None:
        self._check_not_erased()
        legal_basis = clean_text(legal_basis, field="legal_basis")
        if not legal_basis.strip():
            raise InvalidValue("an erasure states its legal basis", field="legal_basis")
        self.trigger_event(self.Erased, meta=meta, occurred_on=occurred_on, legal_basis=legal_basis)
