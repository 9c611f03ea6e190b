"""Which earlier events a correction may change, and how its new values are read and checked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from ..shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
    ClosureReason,
    ContractKind,
    OutcomeKind,
    ReferralReason,
    ReferringService,
    ServiceKind,
)
from ..shared.errors import DomainError, InvalidCorrection, InvalidValue
from ..shared.profile_vocabulary import (
    CEFRLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)
from .rules import check_outcome, check_scores

if TYPE_CHECKING:
    from .state import CaseState

Parser = Callable[[Any], Any]


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _optional(parse: Parser) -> Parser:
    return lambda value: None if value is None else parse(value)


def _scores(value: Any) -> dict[str, int]:
    scores = {AssessmentDomain.parse(k): v for k, v in dict(value).items()}
    check_scores(scores, complete=False)
    return {d.value: s for d, s in scores.items()}


def _hours(value: Any) -> float:
    hours = float(value)
    if not 0 < hours <= 12:
        raise InvalidValue("hours must be more than 0 and at most 12", field="hours")
    return hours


CORRECTABLE: dict[str, dict[str, Parser]] = {
    "Referred": {
        "referring_service": ReferringService.parse,
        "reasons": lambda v: [ReferralReason.parse(x) for x in v],
    },
    "IntakeCompleted": {
        "baseline": _scores,
        "employment": EmploymentStatus.parse,
        "income_source": IncomeSource.parse,
        "housing": HousingStatus.parse,
    },
    "ActivityRecorded": {"kind": ActivityKind.parse, "hours": _hours},
    "ReferredToService": {"service": ServiceKind.parse},
    "Assessed": {"scores": _scores},
    "OutcomeRecorded": {
        "kind": OutcomeKind.parse,
        "contract_kind": _optional(ContractKind.parse),
        "weekly_hours": _optional(float),
        "cefr_level": _optional(CEFRLevel.parse),
        "permit": _optional(PermitKind.parse),
    },
    "Closed": {"reason": ClosureReason.parse, "employment_at_exit": EmploymentStatus.parse},
    "FollowedUp": {
        "reached": bool,
        "employment": _optional(EmploymentStatus.parse),
        "income_source": _optional(IncomeSource.parse),
        "housing": _optional(HousingStatus.parse),
    },
}
VOIDABLE = {"ActivityRecorded", "ReferredToService", "Assessed", "OutcomeRecorded"}


def normalise_correction(
    case: CaseState, version: int, changes: dict[str, Any], void: bool
) -> dict[str, Any]:
    """Check a correction against the event it names; return its changes as typed values."""
    target = case.records.get(version)
    if target is None:
        raise InvalidCorrection(
            f"the case has no event at version {version}", field="corrects_version"
        )
    if target.kind not in CORRECTABLE:
        raise InvalidCorrection(
            f"a {target.kind} event cannot be corrected", field="corrects_version"
        )
    if target.void:
        raise InvalidCorrection("that event was already voided", field="corrects_version")
    if void:
        if target.kind not in VOIDABLE or changes:
            raise InvalidCorrection(
                f"a {target.kind} event cannot be voided this way", field="void"
            )
        return {}
    if not changes:
        raise InvalidCorrection("a correction changes at least one field", field="changes")
    parsers = {**CORRECTABLE[target.kind], "occurred_on": _date}
    typed: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in parsers:
            raise InvalidCorrection(
                f"field {key!r} of {target.kind} cannot be corrected", field=f"changes.{key}"
            )
        try:
            typed[key] = parsers[key](value)
        except DomainError:
            raise
        except (TypeError, ValueError) as error:
            raise InvalidCorrection(str(error), field=f"changes.{key}") from None
    if target.kind == "OutcomeRecorded":
        merged = {**target.fields, **typed}
        check_outcome(
            merged["kind"],
            merged["contract_kind"],
            merged["weekly_hours"],
            merged["cefr_level"],
            merged["permit"],
        )
    if "occurred_on" in typed and version > 1 and typed["occurred_on"] < case.referred_on:
        raise InvalidCorrection(
            "the corrected date falls before the referral", field="changes.occurred_on"
        )
    return typed
