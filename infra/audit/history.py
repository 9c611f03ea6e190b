"""The auditors' case history: every event in plain language, the state as of a date/version.

Personal values stay masked unless the reader gives a justification; a revealing read is
written to the access log before anything is returned.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.case.aggregate import Case
from domain.person import Person
from domain.shared.errors import InvalidValue, NotFound
from domain.shared.events import Event
from domain.shared.roles import ActorRole
from projections.history import render_history, render_state

from ..bootstrap import Runtime
from ..catalogue import programme_names
from .access_log import record_access

REFERRED_TOPIC = "domain.case.aggregate:Case.Referred"


def parse_id(value: str | UUID, field: str) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value).strip())
    except ValueError:
        raise InvalidValue(f"{field} must be a UUID", field=field) from None


def cases_of(runtime: Runtime, person_id: UUID) -> list[UUID]:
    """Every case of one woman, found from the referrals in the log (in log order)."""
    found: list[UUID] = []
    after, app = 0, runtime.app
    while True:
        page = app.recorder.select_notifications(
            after, 2000, topics=[REFERRED_TOPIC], inclusive_of_start=False
        )
        if not page:
            return found
        after = page[-1].id
        for n in page:
            event = app.mapper.to_domain_event(n)
            if isinstance(event, Case.Referred) and event.person_id == person_id:
                found.append(event.originator_id)


def case_events(
    runtime: Runtime, case_id: UUID, *, version: int | None = None, as_of: date | None = None
) -> list[Any]:
    """The case's decoded events up to `version`, or dated on or before `as_of`."""
    events = list(runtime.app.events.get(case_id, lte=version))
    if not events or not isinstance(events[0], Case.Referred):
        raise NotFound(f"no case with id {case_id}", field="case_id")
    if as_of is not None:
        kept = {
            e.originator_version for e in events if isinstance(e, Event) and e.occurred_on <= as_of
        }
        events = [
            e
            for e in events
            if e.originator_version in kept
            and not (isinstance(e, Case.Corrected) and e.corrects_version not in kept)
        ]
    return events


def case_history(
    runtime: Runtime,
    case_id: str | UUID,
    *,
    actor_id: str,
    role: ActorRole | str,
    as_of: date | None = None,
    version: int | None = None,
    reveal: bool = False,
    why: str | None = None,
    source: str = "api",
) -> dict[str, Any]:
    """History and state of one case; `reveal` needs `why`, and is logged before it happens."""
    cid = parse_id(case_id, "case_id")
    if version is not None and version < 1:
        raise InvalidValue("version starts at 1", field="version")
    if as_of is not None and version is not None:
        raise InvalidValue("give a date or a version, not both", field="as_of")
    if reveal and not (why and why.strip()):
        raise InvalidValue("showing personal data needs a justification (why)", field="why")
    events = case_events(runtime, cid, version=version, as_of=as_of)
    if not events:
        raise NotFound(f"case {cid} did not exist on {as_of}", field="as_of")
    if reveal:
        record_access(runtime, actor_id, role, cid, "case history (revealed)", why, source=source)
    state = runtime.app.case_at(cid, version=version, as_of=as_of)
    return {
        "case_id": str(cid),
        "person_id": str(state.person_id),
        "programme": state.programme,
        "as_of": as_of.isoformat() if as_of else None,
        "version": state.version,
        "revealed": reveal,
        "entries": [
            e.as_dict() for e in render_history(events, reveal=reveal, names=_names(runtime))
        ],
        "state_it": render_state(state, "it"),
        "state_en": render_state(state, "en"),
    }


def person_history(
    runtime: Runtime,
    person_id: str | UUID,
    *,
    actor_id: str,
    role: ActorRole | str,
    reveal: bool = False,
    why: str | None = None,
    source: str = "api",
) -> dict[str, Any]:
    """The woman's own record (registration, profile, household, personal data, erasure) and
    the ids of her cases; personal data masked unless justified, and the reveal is logged."""
    pid = parse_id(person_id, "person_id")
    if reveal and not (why and why.strip()):
        raise InvalidValue("showing personal data needs a justification (why)", field="why")
    events = list(runtime.app.events.get(pid))
    if not events or not isinstance(events[0], Person.Registered):
        raise NotFound(f"no person with id {pid}", field="person_id")
    if reveal:
        record_access(runtime, actor_id, role, pid, "person history (revealed)", why, source=source)
    return {
        "person_id": str(pid),
        "erased": runtime.app.person(pid).erased,
        "revealed": reveal,
        "cases": [str(c) for c in cases_of(runtime, pid)],
        "entries": [e.as_dict() for e in render_history(events, reveal=reveal)],
    }


def _names(runtime: Runtime) -> dict[str, str]:
    """Programme names for the history's sentences (the `programme` field keeps the code)."""
    return programme_names(runtime.settings.catalogue_file)
