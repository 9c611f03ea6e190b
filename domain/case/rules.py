"""Checks shared by the case's commands; each raises the domain error that names the rule."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..shared.case_vocabulary import SCORE_MAX, SCORE_MIN, AssessmentDomain
from ..shared.errors import DateOutOfSequence, InvalidValue, OutsideProgrammePeriod
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
