"""The woman's cells of a legacy referral row: her sealed personal data, profile, household."""

from __future__ import annotations

from uuid import UUID

from domain.person import Child, Household, Profile
from domain.shared.geography import is_known_country
from domain.shared.profile_vocabulary import CEFRLevel, EducationLevel, HouseholdType, PermitKind
from domain.shared.values import PersonalData

from .layout import REGISTRATION, CellError, Row, split


def _children(row: Row) -> list[Child]:
    children = []
    for part in split(row.get("children")):
        special = part.endswith("*")
        try:
            children.append(Child(int(part.rstrip("*")), special))
        except ValueError:
            raise CellError("children", "expected birth years like 2004|2009*") from None
    return children


def person_cells(row: Row, pid: UUID) -> tuple[PersonalData, Profile, Household]:
    for column in REGISTRATION:
        row.text(column)
    birth = row.day("birth_date") if row.has("birth_date") else None
    personal = PersonalData(
        pid,
        row.text("full_name"),
        row.get("fiscal_code").upper() or None,
        birth,
        row.get("phone") or None,
        row.get("email") or None,
        row.get("address") or None,
    )
    country = row.text("country").upper()
    if not is_known_country(country):
        raise CellError("country", "unknown ISO 3166 country code")
    arrival = row.integer("arrival_year", 1930, 2100) if row.has("arrival_year") else None
    profile = Profile(
        row.integer("birth_year", 1900, 2100),
        country,
        arrival,
        row.get("first_language") or "und",
        row.code("italian_level", CEFRLevel),
        row.code("education", EducationLevel),
        row.code("permit", PermitKind),
        row.text("municipality"),
    )
    return personal, profile, Household(row.code("household", HouseholdType), _children(row))
