"""Registration and referral: their fields and how they become service calls."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.person import Child, Household, Profile
from domain.shared.case_vocabulary import ReferralReason, ReferringService
from domain.shared.errors import DomainError, InvalidValue
from domain.shared.profile_vocabulary import CEFRLevel, EducationLevel, HouseholdType, PermitKind
from domain.shared.values import Meta, PersonalData

from .fields import DAY, Field, parse

PERSONAL = (
    Field("full_name", "Nome e cognome", "Full name"),
    Field("fiscal_code", "Codice fiscale", "Fiscal code", required=False),
    Field("birth_date", "Data di nascita", "Birth date", "date", required=False),
    Field("phone", "Telefono", "Phone", required=False),
    Field("email", "Email", "Email", required=False),
    Field("address", "Indirizzo", "Address", required=False),
)
PROFILE = (
    Field("birth_year", "Anno di nascita", "Birth year", "int"),
    Field(
        "country_of_birth",
        "Paese di nascita (codice ISO, es. MA)",
        "Country of birth (ISO code, e.g. MA)",
    ),
    Field(
        "arrival_year",
        "Anno di arrivo in Italia",
        "Year of arrival in Italy",
        "int",
        required=False,
    ),
    Field("first_language", "Prima lingua (codice, es. ar)", "First language (code, e.g. ar)"),
    Field("italian_level", "Livello di italiano", "Italian level", "select", CEFRLevel),
    Field("education", "Istruzione", "Education", "select", EducationLevel),
    Field("permit", "Permesso di soggiorno", "Residence permit", "select", PermitKind),
    Field("municipality", "Comune di residenza", "Municipality"),
)
HOUSEHOLD = (
    Field("household", "Nucleo familiare", "Household", "select", HouseholdType),
    Field(
        "children",
        "Anni di nascita dei figli (es. 2012, 2015*)",
        "Children's birth years (e.g. 2012, 2015*)",
        required=False,
        hint_it="Un asterisco indica bisogni speciali.",
        hint_en="An asterisk marks special needs.",
    ),
)
REGISTER = (DAY, *PERSONAL, *PROFILE, *HOUSEHOLD)
GROUPS = (
    (("Dati personali (protetti)", "Personal data (sealed)"), (DAY, *PERSONAL)),
    (("Profilo", "Profile"), PROFILE),
    (("Famiglia", "Household"), HOUSEHOLD),
)
REFER = (
    Field("programme", "Programma", "Programme", "programme"),
    DAY,
    Field(
        "referring_service", "Servizio inviante", "Referring service", "select", ReferringService
    ),
    Field(
        "reasons", "Motivi della segnalazione", "Reasons for the referral", "multi", ReferralReason
    ),
)


def parse_all(
    fields: tuple[Field, ...], form: Any
) -> tuple[dict[str, Any], dict[str, DomainError]]:
    values: dict[str, Any] = {}
    errors: dict[str, DomainError] = {}
    for f in fields:
        try:
            values[f.name] = parse(f, form)
        except DomainError as error:
            errors[error.field or f.name] = error
    return values, errors


def _children(text: str | None) -> list[Child]:
    out = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            out.append(Child(int(part.rstrip("*").strip()), part.endswith("*")))
        except ValueError:
            raise InvalidValue("write birth years separated by commas", field="children") from None
    return out


def register(app: Any, meta: Meta, v: dict[str, Any]) -> Any:
    person_id = uuid5(NAMESPACE_URL, f"percorsi:person:{meta.command_id}")
    return app.register_person(
        meta,
        occurred_on=v["occurred_on"],
        person_id=person_id,
        personal=PersonalData(person_id, **{f.name: v[f.name] for f in PERSONAL}),
        profile=Profile(**{f.name: v[f.name] for f in PROFILE}),
        household=Household(v["household"], _children(v["children"])),
    )


def refer(app: Any, meta: Meta, person_id: UUID, v: dict[str, Any]) -> Any:
    case_id = uuid5(NAMESPACE_URL, f"percorsi:case:{meta.command_id}")
    return app.refer_case(
        meta,
        occurred_on=v["occurred_on"],
        case_id=case_id,
        person_id=person_id,
        programme=v["programme"],
        referring_service=v["referring_service"],
        reasons=v["reasons"],
    )
