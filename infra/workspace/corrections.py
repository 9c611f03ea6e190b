"""The correction form: which entries can be corrected, their fields, what actually changed.

Which events and fields are correctable is the domain's table (`domain.case.corrections`); this
module only gives each correctable field its control, prefilled with the value as it stands.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from domain.case.corrections import CORRECTABLE, VOIDABLE
from domain.shared.case_vocabulary import (
    ActivityKind,
    ClosureReason,
    ContractKind,
    OutcomeKind,
    ReferringService,
    ServiceKind,
)
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from domain.shared.typed_dates import typed

from .fields import Field

_EMPLOYMENT = Field("employment", "Lavoro", "Employment", "select", EmploymentStatus)
_INCOME = Field("income_source", "Fonte di reddito", "Income source", "select", IncomeSource)
_HOUSING = Field("housing", "Abitazione", "Housing", "select", HousingStatus)


def _opt(f: Field) -> Field:
    return Field(f.name, f.it, f.en, f.kind, f.vocab, False)


CONTROLS: dict[str, tuple[Field, ...]] = {
    "Referred": (
        Field(
            "referring_service",
            "Servizio inviante",
            "Referring service",
            "select",
            ReferringService,
        ),
    ),
    "IntakeCompleted": (_EMPLOYMENT, _INCOME, _HOUSING),
    "ActivityRecorded": (
        Field("kind", "Tipo di attività", "Kind of activity", "select", ActivityKind),
        Field("hours", "Ore", "Hours", "float"),
    ),
    "ReferredToService": (Field("service", "Servizio", "Service", "select", ServiceKind),),
    "Assessed": (Field("scores", "Punteggi", "Scores", "scores", required=False),),
    "OutcomeRecorded": (
        Field("kind", "Risultato", "Outcome", "select", OutcomeKind),
        Field("contract_kind", "Contratto", "Contract", "select", ContractKind, False),
        Field("weekly_hours", "Ore settimanali", "Weekly hours", "float", required=False),
        Field("cefr_level", "Livello QCER", "CEFR level", "select", CEFRLevel, False),
        Field("permit", "Permesso", "Permit", "select", PermitKind, False),
    ),
    "Closed": (
        Field("reason", "Motivo di chiusura", "Closure reason", "select", ClosureReason),
        Field(
            "employment_at_exit",
            "Lavoro all'uscita",
            "Employment at exit",
            "select",
            EmploymentStatus,
        ),
    ),
    "FollowedUp": (
        Field("reached", "Contattata", "Reached", "check", required=False),
        _opt(_EMPLOYMENT),
        _opt(_INCOME),
        _opt(_HOUSING),
    ),
}
assert set(CONTROLS) == set(CORRECTABLE), "every correctable kind has its controls"

DATE = Field("occurred_on", "Data dell'evento", "Date of the event", "date")
REASON = Field("reason_text", "Motivo della correzione", "Reason for the correction", "textarea")
VOID = Field(
    "void",
    "Annulla questa voce (registrata per errore)",
    "Void this entry (recorded by mistake)",
    "check",
    required=False,
)


def fields_for(kind: str) -> tuple[Field, ...]:
    own = CONTROLS.get(kind, ())
    return (DATE, *own, *((VOID,) if kind in VOIDABLE else ()), REASON)


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, date):
        return typed(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def current_values(record: Any) -> dict[str, str]:
    """The entry's values as the form shows them (scores spread over their inputs)."""
    out = {"occurred_on": typed(record.occurred_on)}
    for name, value in record.fields.items():
        if name == "scores" and isinstance(value, dict):
            out.update({f"scores.{k}": str(v) for k, v in value.items()})
        else:
            out[name] = as_text(value)
    return out


def changed(record: Any, parsed: dict[str, Any]) -> dict[str, Any]:
    """Only the fields the coordinator actually changed, as codes the domain parses."""
    out: dict[str, Any] = {}
    if parsed.get("occurred_on") and parsed["occurred_on"] != record.occurred_on:
        out["occurred_on"] = parsed["occurred_on"].isoformat()
    for f in CONTROLS.get(record.kind, ()):
        new = parsed.get(f.name)
        old = record.fields.get(f.name)
        if f.kind == "scores":
            scores = {k.value: v for k, v in (new or {}).items()}
            if scores and scores != dict(old or {}):
                out["scores"] = scores
            continue
        if as_text(new) != as_text(old):
            out[f.name] = new.value if isinstance(new, Enum) else new
    return out
