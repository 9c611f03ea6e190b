"""The woman herself: registration, profile, household, personal data, and reading them.

Erasure (Art. 17) is the GDPR router's: it destroys her key and hands back a signed proof."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from domain.person import Child, Household, Person, Profile
from domain.shared.profile_vocabulary import CEFRLevel, EducationLevel, HouseholdType, PermitKind
from domain.shared.values import PersonalData

from ...bootstrap import Runtime
from .. import views
from ..bodies import Body
from ..case_index import CaseIndex
from ..commands import COMMAND_HEADERS, CREATED_HEADERS, READ_ETAG, CaseIndexDep, Cmd, CreateCmd
from ..deps import (
    CASE_READERS,
    Justification,
    RuntimeDep,
    UsersDep,
    require_command,
    require_roles,
)
from ..errors import ApiError
from ..schemas import CommandOut, PersonOut
from ..types import IsoDate
from ..users import ALL_PROGRAMMES, User, UserStore
from .cases import reveal_for

router = APIRouter(prefix="/v1/people", tags=["people"])
Short = Field(min_length=1, max_length=200)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class PersonalIn(Strict):
    full_name: str = Short
    fiscal_code: str | None = Field(default=None, pattern=r"^[A-Z0-9]{16}$")
    birth_date: IsoDate | None = None
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=300)

    def sealed(self, person_id: UUID) -> PersonalData:
        return PersonalData(person_id, **self.model_dump())


class ProfileIn(Strict):
    birth_year: StrictInt = Field(ge=1900, le=2100)
    country_of_birth: str = Field(min_length=2, max_length=3, pattern=r"^[A-Z]{2,3}$")
    arrival_year: StrictInt | None = Field(default=None, ge=1900, le=2100)
    first_language: str = Field(min_length=2, max_length=12, pattern=r"^[a-z-]+$")
    italian_level: CEFRLevel
    education: EducationLevel
    permit: PermitKind
    municipality: str = Field(min_length=1, max_length=100)

    def value(self) -> Profile:
        return Profile(**self.model_dump())


class ChildIn(Strict):
    birth_year: StrictInt = Field(ge=1900, le=2100)
    special_needs: StrictBool = False


class HouseholdIn(Strict):
    kind: HouseholdType
    children: list[ChildIn] = Field(default_factory=list, max_length=20)

    def value(self) -> Household:
        return Household(self.kind, [Child(c.birth_year, c.special_needs) for c in self.children])


class RegisterIn(Body):
    person_id: UUID = Field(default_factory=uuid4, description="give one to make retries safe")
    personal: PersonalIn
    profile: ProfileIn
    household: HouseholdIn


class ProfileChangeIn(Body):
    profile: ProfileIn


class HouseholdChangeIn(Body):
    household: HouseholdIn


class PersonalChangeIn(Body):
    personal: PersonalIn


def registrar_programmes(runtime: Runtime, users: UserStore, person_id: UUID) -> set[str] | None:
    """The programmes of the user who registered her (None: no such woman). A registrar the
    user store does not know (an import, the simulator) leaves her to all-programme users."""
    first = next(iter(runtime.app.events.get(person_id, lte=1)), None)
    if not isinstance(first, Person.Registered):
        return None
    registrar = users.find(first.meta.actor_id)
    return set(registrar.programmes) if registrar else set()


def check_person(
    runtime: Runtime, index: CaseIndex, users: UserStore, user: User, person_id: UUID
) -> None:
    """A woman is visible to caseworkers of any programme she has a case in; before her first
    referral, to those sharing a programme with the user who registered her (ADR 0013)."""
    if user.all_programmes:
        return
    programmes = index.programmes_of(person_id) or registrar_programmes(runtime, users, person_id)
    if programmes is None:
        return  # no such woman: the service answers 404
    if ALL_PROGRAMMES not in programmes and not programmes & user.programmes:
        raise ApiError(
            403,
            "outside_your_programmes",
            "this woman has no case in a programme you work in",
            field="person_id",
        )


@router.post("", status_code=201, responses=CREATED_HEADERS)
def register_person(
    body: RegisterIn, cmd: CreateCmd, user: User = Depends(require_command("register_person"))
) -> CommandOut:
    """Register a woman: sealed personal data, analytic profile, household."""
    person_id = cmd.new_id(body, "person_id")
    result = cmd.app.register_person(
        cmd.meta(user),
        occurred_on=body.occurred_on,
        person_id=person_id,
        personal=body.personal.sealed(person_id),
        profile=body.profile.value(),
        household=body.household.value(),
    )
    return cmd.done(result, location="/v1/people/{}")


@router.post("/{person_id}/profile", responses=COMMAND_HEADERS)
def change_profile(
    person_id: UUID,
    body: ProfileChangeIn,
    cmd: Cmd,
    runtime: RuntimeDep,
    users: UsersDep,
    user: User = Depends(require_command("change_profile")),
) -> CommandOut:
    """Change her analytic profile (e.g. a new Italian level or permit)."""
    check_person(runtime, cmd.index, users, user, person_id)
    cmd.target = person_id
    return cmd.done(
        cmd.app.change_profile(
            cmd.meta(user),
            person_id,
            occurred_on=body.occurred_on,
            profile=body.profile.value(),
            expected_version=cmd.expected,
        )
    )


@router.post("/{person_id}/household", responses=COMMAND_HEADERS)
def change_household(
    person_id: UUID,
    body: HouseholdChangeIn,
    cmd: Cmd,
    runtime: RuntimeDep,
    users: UsersDep,
    user: User = Depends(require_command("change_household")),
) -> CommandOut:
    """Change her household (children, single parent)."""
    check_person(runtime, cmd.index, users, user, person_id)
    cmd.target = person_id
    return cmd.done(
        cmd.app.change_household(
            cmd.meta(user),
            person_id,
            occurred_on=body.occurred_on,
            household=body.household.value(),
            expected_version=cmd.expected,
        )
    )


@router.post("/{person_id}/personal-data", responses=COMMAND_HEADERS)
def change_personal_data(
    person_id: UUID,
    body: PersonalChangeIn,
    cmd: Cmd,
    runtime: RuntimeDep,
    users: UsersDep,
    user: User = Depends(require_command("change_personal_data")),
) -> CommandOut:
    """Replace her sealed personal data (name, fiscal code, contacts, address)."""
    check_person(runtime, cmd.index, users, user, person_id)
    cmd.target = person_id
    return cmd.done(
        cmd.app.change_personal_data(
            cmd.meta(user),
            person_id,
            occurred_on=body.occurred_on,
            personal=body.personal.sealed(person_id),
            expected_version=cmd.expected,
        )
    )


@router.get("/{person_id}", responses=READ_ETAG)
def read_person(
    person_id: UUID,
    runtime: RuntimeDep,
    index: CaseIndexDep,
    users: UsersDep,
    response: Response,
    user: Annotated[User, Depends(require_roles(*CASE_READERS))],
    justification: Justification = None,
) -> PersonOut:
    """Her record (ETag = version); personal data for her caseworkers, or for auditors with a
    justification."""
    check_person(runtime, index, users, user, person_id)
    person = runtime.app.person(person_id)
    response.headers["ETag"] = f'"{person.version}"'
    reveal = reveal_for(runtime, user, person_id, "personal data", justification)
    return PersonOut.model_validate(views.person_view(person, reveal))
