"""Checks shared by the case's commands; each raises the domain error that names the rule."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..shared.case_vocabulary import (
    SCORE_MAX,
    SCORE_MIN,
    AssessmentDomain,
    ContractKind,
    OutcomeKind,
)
from ..shared.errors import DateOutOfSequence, InvalidValue, OutsideProgrammePeriod
from ..shared.profile_vocabulary import CEFRLevel, PermitKind
from ..shared.values import Period


def check_in_period(day: date, period: Period, programme: str) -> None:
    if not period.contains(day):
        end = period.end.isoformat() if period.end else "open"
        raise OutsideProgrammePeriod(
            f"{day.isoformat()} is outside programme {programme} "
            f"({period.start.isoformat()} – {end})",
            field="occurred_on",
        )


def check_not_before(day: date, earliest: date | None, what: str) -> None:
    if earliest is not None and day < earliest:
        raise DateOutOfSequence(
            f"{day.isoformat()} is before the {what} ({earliest.isoformat()})", field="occurred_on"
        )


def check_scores(scores: Mapping[AssessmentDomain, int], *, complete: bool) -> None:
    if not scores:
        raise InvalidValue("at least one domain score is required", field="scores")
    for domain, score in scores.items():
        if not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX:
            raise InvalidValue(
                f"score for {domain.value} must be an integer {SCORE_MIN}–{SCORE_MAX}",
                field=f"scores.{domain.value}",
            )
    if complete:
        missing = [d.value for d in AssessmentDomain if d not in scores]
        if missing:
            raise InvalidValue(f"baseline lacks domains {missing}", field="baseline")


def check_outcome(
    kind: OutcomeKind,
    contract_kind: ContractKind | None,
    weekly_hours: float | None,
    cefr_level: CEFRLevel | None,
    permit: PermitKind | None,
) -> None:
    """Each outcome kind states what defines it, and nothing that belongs to another kind."""
    is_job = kind is OutcomeKind.JOB_STARTED
    if is_job and (contract_kind is None or weekly_hours is None):
        raise InvalidValue("a job states its contract kind and weekly hours", field="contract_kind")
    if not is_job and (contract_kind is not None or weekly_hours is not None):
        raise InvalidValue("contract and hours belong to job outcomes", field="contract_kind")
    if weekly_hours is not None and not 1 <= weekly_hours <= 60:
        raise InvalidValue("weekly hours must be 1–60", field="weekly_hours")
    if (kind is OutcomeKind.LANGUAGE_CERTIFIED) != (cefr_level is not None):
        raise InvalidValue(
            "a language certificate, and only it, states a CEFR level", field="cefr_level"
        )
    if (kind is OutcomeKind.PERMIT_OBTAINED) != (permit is not None):
        raise InvalidValue("an obtained permit, and only it, states its kind", field="permit")
