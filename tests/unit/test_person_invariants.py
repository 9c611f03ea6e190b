"""The woman's record: checked personal data and profile, and nothing more after erasure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.person import Child, Household, Person, Profile
from domain.shared.errors import InvalidValue, PersonErased
from domain.shared.profile_vocabulary import HouseholdType
from domain.shared.values import PersonalData
from tests.helpers import household, meta, personal, profile

from .builders import refused

TODAY = date(2012, 1, 10)


def register(
    person_id: UUID | None = None,
    personal_data: PersonalData | None = None,
    person_profile: Profile | None = None,
    person_household: Household | None = None,
) -> Person:
    pid = person_id or uuid4()
    return Person.register(
        meta=meta(),
        occurred_on=TODAY,
        person_id=pid,
        personal=personal_data or personal(pid),
        profile=person_profile or profile(),
        household=person_household or household(),
    )


def test_personal_data_is_sealed_for_her_own_id() -> None:
    with pytest.raises(InvalidValue) as caught:
        register(uuid4(), personal(uuid4()))
    assert caught.value.field == "personal"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"full_name": "  "}, "personal.full_name"),
        ({"full_name": None}, "personal.full_name"),
        ({"fiscal_code": "TOO-SHORT"}, "personal.fiscal_code"),
        ({"fiscal_code": "bnnfmz80a41z330x"}, "personal.fiscal_code"),
    ],
)
def test_personal_data_has_a_name_and_a_well_formed_fiscal_code(
    changes: dict[str, object], field: str
) -> None:
    pid = uuid4()
    with pytest.raises(InvalidValue) as caught:
        register(pid, replace(personal(pid), **changes))  # type: ignore[arg-type]
    assert caught.value.field == field
    assert "Bennani" not in caught.value.message  # messages never carry personal data


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"birth_year": 1920}, "profile.birth_year"),
        ({"birth_year": 2000}, "profile.birth_year"),  # 12 years old in 2012
        ({"country_of_birth": "XX"}, "profile.country_of_birth"),
        ({"arrival_year": 1970}, "profile.arrival_year"),  # before her birth
        ({"arrival_year": 2013}, "profile.arrival_year"),  # in the future
    ],
)
def test_the_profile_is_plausible(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        register(person_profile=replace(profile(), **changes))  # type: ignore[arg-type]
    assert caught.value.field == field


def test_children_are_born_after_their_mother_turned_12_and_not_in_the_future() -> None:
    for year in (1985, 2013):
        with pytest.raises(InvalidValue) as caught:
            register(person_household=Household(HouseholdType.EXTENDED, [Child(year)]))
        assert caught.value.field == "household.children"


def test_a_single_mother_household_lists_her_children() -> None:
    with pytest.raises(InvalidValue) as caught:
        register(person_household=Household(HouseholdType.SINGLE_MOTHER, []))
    assert caught.value.field == "household"


def test_changes_are_checked_like_the_registration() -> None:
    person = register()
    refused(
        InvalidValue,
        person,
        lambda: person.change_profile(
            meta=meta(), occurred_on=TODAY, profile=replace(profile(), country_of_birth="ZZ")
        ),
    )
    refused(
        InvalidValue,
        person,
        lambda: person.change_household(
            meta=meta(), occurred_on=TODAY, household=Household(HouseholdType.SINGLE_MOTHER)
        ),
    )
    refused(
        InvalidValue,
        person,
        lambda: person.change_personal(meta=meta(), occurred_on=TODAY, personal=personal(uuid4())),
    )
    refused(
        InvalidValue,
        person,
        lambda: person.change_personal(
            meta=meta(), occurred_on=TODAY, personal=replace(personal(person.id), full_name="")
        ),
    )


def test_after_erasure_nothing_personal_is_kept_or_accepted() -> None:
    person = register()
    person.erase(meta=meta(), occurred_on=TODAY, legal_basis="GDPR Art. 17")
    assert person.erased and person.personal.erased and person.personal.full_name is None
    assert person.personal.values() == []
    for command in (
        lambda: person.change_profile(meta=meta(), occurred_on=TODAY, profile=profile()),
        lambda: person.change_household(meta=meta(), occurred_on=TODAY, household=household()),
        lambda: person.change_personal(
            meta=meta(), occurred_on=TODAY, personal=personal(person.id)
        ),
        lambda: person.erase(meta=meta(), occurred_on=TODAY, legal_basis="again"),
    ):
        refused(PersonErased, person, command)
