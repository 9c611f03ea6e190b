"""Domain objects → JSON-ready dicts, with personal values shown only when the reader may see them.

`reveal=False` replaces every sealed value by null and marks it `masked`, so an auditor without
a logged justification sees the shape of a history, never its personal content.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from domain.case import Case
from domain.person import Person
from domain.shared.values import PersonalData, PersonalText

_SKIP = {"originator_id", "originator_version", "timestamp", "originator_topic", "meta"}


def plain(value: Any, reveal: bool) -> Any:
    """A JSON-ready copy of `value`; sealed texts become {text, masked, erased}."""
    if isinstance(value, PersonalText):
        return {
            "text": value.text if reveal else None,
            "masked": not reveal,
            "erased": value.erased,
        }
    if isinstance(value, PersonalData):
        return personal(value, reveal)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name), reveal) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(plain(k, reveal)): plain(v, reveal) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v, reveal) for v in value]
    return value


def personal(data: PersonalData, reveal: bool) -> dict[str, Any]:
    shown = reveal and not data.erased
    fields = ("full_name", "fiscal_code", "birth_date", "phone", "email", "address")
    return {
        **{name: plain(getattr(data, name), True) if shown else None for name in fields},
        "masked": not reveal,
        "erased": data.erased,
    }


def case_state(case: Case, reveal: bool) -> dict[str, Any]:
    intake = case.intake
    return {
        "id": str(case.id),
        "version": case.version,
        "person_id": str(case.person_id),
        "programme": case.programme,
        "status": case.status.value,
        "referred_on": case.referred_on.isoformat(),
        "referring_service": case.referring_service.value,
        "reasons": [r.value for r in case.reasons],
        "carried_over_from": plain(case.carried_over_from, reveal),
        "successor_case_id": plain(case.successor_case_id, reveal),
        "consents": {scope.value: given for scope, given in case.consents.items()},
        "intake_on": plain(case.intake_on, reveal),
        "intake": None if intake is None else plain(intake, reveal),
        "goals": [
            {**plain(goal, reveal), "status": case.goal_statuses[goal_id].value}
            for goal_id, goal in case.goals.items()
        ],
        "latest_scores": case.latest_scores,
        "activity_hours": {k.value: h for k, h in case.hours_by_kind().items()},
        "activities": len(case.activities),
        "outcomes": [
            {"occurred_on": r.occurred_on.isoformat(), **plain(r.fields, reveal)}
            for r in case.outcomes
        ],
        "first_job_on": plain(case.first_job_on, reveal),
        "closed_on": plain(case.closed_on, reveal),
        "closure_reason": plain(case.closure_reason, reveal),
        "employment_at_exit": plain(case.employment_at_exit, reveal),
        "follow_ups": sorted(case.follow_ups),
    }


def history(events: list[Any], case: Case, reveal: bool) -> list[dict[str, Any]]:
    """Every event as recorded, with metadata and the links corrections make."""
    out = []
    for event in events:
        record = case.records.get(event.originator_version)
        data = {
            k: plain(v, reveal)
            for k, v in vars(event).items()
            if k not in _SKIP and k != "occurred_on"
        }
        meta = event.meta
        out.append(
            {
                "version": event.originator_version,
                "kind": type(event).__name__,
                "occurred_on": event.occurred_on.isoformat(),
                "recorded_at": event.timestamp.isoformat(),
                "actor_id": meta.actor_id,
                "role": meta.actor_role.value,
                "command_id": meta.command_id,
                "source": meta.source,
                "data": data,
                "corrects": getattr(event, "corrects_version", None),
                "corrected_by": list(record.corrected_by) if record else [],
                "void": bool(record and record.void),
            }
        )
    return out


def person_view(person: Person, reveal: bool) -> dict[str, Any]:
    return {
        "id": str(person.id),
        "version": person.version,
        "erased": person.erased,
        "personal": personal(person.personal, reveal),
        "profile": plain(person.profile, reveal),
        "household": plain(person.household, reveal),
    }
