"""Reads one legacy row into the application command(s) it stands for.

Cells are parsed here (unknown codes, malformed dates, missing fields become `CellError`s);
the domain's own rules (dates inside the programme, impossible sequences) run when the command
runs, so the importer reuses them rather than restating them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.case import Goal
from domain.shared.case_vocabulary import (
    ActivityKind,
    AssessmentDomain,
    ClosureReason,
    ConsentScope,
    ContractKind,
    Need,
    NotTakenOnReason,
    OutcomeKind,
    ReferralReason,
    ReferringService,
    ServiceKind,
    SuspensionReason,
)
from domain.shared.profile_vocabulary import (
    CEFRLevel,
    EmploymentStatus,
    HousingStatus,
    IncomeSource,
    PermitKind,
)

from .layout import NEEDS, CellError, Row, parse_code, split
from .person_cells import person_cells


def person_id(ref: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"percorsi:legacy:person:{ref}")


def case_id(ref: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"percorsi:legacy:case:{ref}")


@dataclass
class Command:
    """A call to make: `method(meta, *args, **kwargs)` on the Percorsi application."""

    method: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


def _scores(row: Row) -> dict[AssessmentDomain, int]:
    scores: dict[AssessmentDomain, int] = {}
    for part in split(row.text("scores")):
        name, _, value = part.partition("=")
        domain = parse_code("scores", name, AssessmentDomain)
        try:
            scores[domain] = int(value)
        except ValueError:
            raise CellError(
                "scores", "expected domain=score pairs, e.g. work=4|language=3"
            ) from None
    return scores


def _goals(row: Row) -> list[Goal]:
    goals = []
    for n, part in enumerate(split(row.text("goals")), start=1):
        name, _, target = part.partition(":")
        domain = parse_code("goals", name, AssessmentDomain)
        try:
            day = date.fromisoformat(target.strip())
        except ValueError:
            raise CellError("goals", "expected domain:YYYY-MM-DD, e.g. work:2017-06-30") from None
        goals.append(Goal(f"r{row.number}g{n}", domain, day))
    return goals


def _outcome(row: Row) -> dict[str, Any]:
    kind = row.code("kind", OutcomeKind)
    return {
        "kind": kind,
        "contract_kind": row.code("contract_kind", ContractKind)
        if row.has("contract_kind")
        else None,
        "weekly_hours": row.number_of("weekly_hours") if row.has("weekly_hours") else None,
        "cefr_level": row.code("cefr_level", CEFRLevel) if row.has("cefr_level") else None,
        "permit": row.code("permit", PermitKind) if row.has("permit") else None,
    }


def _closure_reason(row: Row) -> ClosureReason:
    reason: ClosureReason = row.code("reason", ClosureReason)
    if reason is ClosureReason.TRANSFERRED:
        raise CellError("reason", "a carry-over is a transfer row (programme, successor_ref)")
    return reason


def _optional(row: Row, column: str, vocabulary: type[Any]) -> Any:
    return row.code(column, vocabulary) if row.has(column) else None


def _notes(row: Row) -> str | None:
    return row.get("notes") or None


def _prior_work(row: Row) -> int | None:
    """Months in work in the 24 before the referral: empty when unknown. The domain says
    whether the number is in range; here it only has to be a whole number."""
    column = "months_worked_prior_24"
    if not row.has(column):
        return None
    try:
        months = float(row.get(column).replace(",", "."))
    except ValueError:
        raise CellError(column, "not a whole number of months") from None
    if not months.is_integer():
        raise CellError(column, "not a whole number of months")
    return int(months)


_CASE: dict[str, Callable[[Row], dict[str, Any]]] = {
    "consent": lambda r: {"scope": r.code("scope", ConsentScope)},
    "consent_withdrawal": lambda r: {"scope": r.code("scope", ConsentScope)},
    "intake": lambda r: {
        "baseline": _scores(r),
        "employment": r.code("employment", EmploymentStatus),
        "income_source": r.code("income_source", IncomeSource),
        "housing": r.code("housing", HousingStatus),
        "needs": r.codes("needs", Need) if r.has("needs") else [],
        "notes": _notes(r),
        "months_worked_prior_24": _prior_work(r),
    },
    "not_taken_on": lambda r: {
        "reason": r.code("reason", NotTakenOnReason),
        "employment": r.code("employment", EmploymentStatus),
        "months_worked_prior_24": _prior_work(r),
    },
    "plan": lambda r: {"goals": _goals(r)},
    "activity": lambda r: {
        "kind": r.code("kind", ActivityKind),
        "hours": r.number_of("hours"),
        "notes": _notes(r),
    },
    "service_referral": lambda r: {"service": r.code("kind", ServiceKind), "notes": _notes(r)},
    "assessment": lambda r: {"scores": _scores(r)},
    "outcome": _outcome,
    "suspension": lambda r: {"reason": r.code("reason", SuspensionReason)},
    "resumption": lambda r: {},
    "closure": lambda r: {
        "reason": _closure_reason(r),
        "employment_at_exit": r.code("employment", EmploymentStatus),
    },
    "follow_up": lambda r: {
        "months": r.integer("months", 1, 60),
        "reached": r.flag("reached"),
        "employment": _optional(r, "employment", EmploymentStatus),
        "income_source": _optional(r, "income_source", IncomeSource),
        "housing": _optional(r, "housing", HousingStatus),
    },
}
_METHOD = {
    "consent": "give_consent",
    "consent_withdrawal": "withdraw_consent",
    "intake": "complete_intake",
    "plan": "agree_plan",
    "activity": "record_activity",
    "service_referral": "refer_to_service",
    "assessment": "assess",
    "outcome": "record_outcome",
    "suspension": "suspend_case",
    "resumption": "resume_case",
    "closure": "close_case",
    "follow_up": "record_follow_up",
    "not_taken_on": "record_not_taken_on",
}


def commands_for(row: Row, programme: str | None) -> tuple[list[Command], str | None]:
    """The commands of one row, and its programme (referrals only); raises `CellError`."""
    action = row.text("action").lower()
    if action not in NEEDS:
        raise CellError("action", f"unknown action; allowed: {', '.join(NEEDS)}")
    for column in NEEDS[action]:
        row.text(column)
    day = row.day("date")
    cid = case_id(row.text("case_ref"))
    if action == "transfer":
        return [_transfer(row, cid, day)], None
    if action != "referral":
        return [Command(_METHOD[action], (cid,), {"occurred_on": day, **_CASE[action](row)})], None
    code = _programme_of(row, programme)
    pid = person_id(row.text("person_ref"))
    refer = Command(
        "refer_case",
        (),
        {
            "occurred_on": day,
            "case_id": cid,
            "person_id": pid,
            "programme": code,
            "referring_service": row.code("referring_service", ReferringService),
            "reasons": row.codes("reasons", ReferralReason),
        },
    )
    if not row.has("full_name"):
        return [refer], code  # she is known already: her data came with an earlier referral
    personal, profile, household = person_cells(row, pid)
    register = Command(
        "register_person",
        (),
        {
            "occurred_on": day,
            "person_id": pid,
            "personal": personal,
            "profile": profile,
            "household": household,
        },
    )
    return [register, refer], code


def _transfer(row: Row, cid: UUID, day: date) -> Command:
    """The domain's carry-over: this case closes as transferred, `successor_ref` opens in
    `programme` (which must succeed this case's programme). `--programme` names the file's
    referrals, not where a case moves on to, so it does not apply here."""
    successor = row.text("successor_ref")
    if successor == row.text("case_ref"):
        raise CellError("successor_ref", "must differ from case_ref")
    return Command(
        "transfer_case",
        (cid,),
        {
            "occurred_on": day,
            "successor_programme": row.text("programme").upper(),
            "successor_case_id": case_id(successor),
        },
    )


def _programme_of(row: Row, given: str | None) -> str:
    value = row.get("programme").upper()
    if given and value and value != given.upper():
        raise CellError("programme", "differs from the --programme option")
    code = value or (given or "").upper()
    if not code:
        raise CellError("programme", "required on referral rows (or pass --programme)")
    return code
