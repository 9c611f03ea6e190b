"""The access log: every read of personal data, appended as an event to the one event log.

Each read is a tiny `AccessRecord` aggregate with one `Logged` event, so the log is append-only
by construction and the hash chain covers it like every other record. The justification is
sealed with the woman's data key (it may name her): erasing her also erases the reasons given
for reading her file, while who read what and when stays.

Use from entry points (API, CLI):

    record_access(runtime, actor_id, role, subject_id, what, why, source="api")

`subject_id` is the woman's person id or one of her case ids (resolved to her); `what` a short
description without personal data (e.g. "case history", "gdpr export"); `why` the free-text
justification, or None where the role reads personal data as part of its work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.case.aggregate import Case
from domain.person import Person
from domain.shared.errors import InvalidValue
from domain.shared.events import Created
from domain.shared.roles import ActorRole
from domain.shared.values import Meta, PersonalText

from ..bootstrap import Runtime


class AccessRecord(Aggregate):
    """One read of personal data: who, in which role, what, why; never changed afterwards."""

    class Logged(Created):
        person_id: UUID | None
        case_id: UUID | None
        subject: str
        what: str
        why: PersonalText | None

    def __init__(
        self,
        person_id: UUID | None,
        case_id: UUID | None,
        subject: str,
        what: str,
        why: PersonalText | None,
    ) -> None:
        self.person_id, self.case_id, self.subject = person_id, case_id, subject
        self.what, self.why = what, why


LOGGED_TOPIC = f"{__name__}:AccessRecord.Logged"


@dataclass(frozen=True)
class AccessEntry:
    """An access-log line as auditors read it."""

    entry_id: str
    recorded_at: str
    actor_id: str
    role: str
    source: str
    person_id: str | None
    case_id: str | None
    subject: str
    what: str
    why: str | None
    position: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _resolve(runtime: Runtime, subject_id: UUID | str) -> tuple[UUID | None, UUID | None, bool]:
    """(person id, case id, erased) for a person or case id; (None, None, False) if neither.

    Reads only the record's first event and the key store: this runs on every logged read.
    """
    try:
        uid = subject_id if isinstance(subject_id, UUID) else UUID(str(subject_id))
    except ValueError:
        return None, None, False
    first = next(iter(runtime.app.events.get(uid, lte=1)), None)
    if isinstance(first, Case.Referred):
        person_id, case_id = first.person_id, uid
    elif isinstance(first, Person.Registered):
        person_id, case_id = uid, None
    else:
        return None, None, False
    return person_id, case_id, runtime.sealer.keystore.load(person_id) is None


def record_access(
    runtime: Runtime,
    actor_id: str,
    role: ActorRole | str,
    subject_id: UUID | str,
    what: str,
    why: str | None,
    *,
    source: str = "api",
) -> UUID:
    """Append one access-log entry and return its id. Raises InvalidValue on bad input."""
    what = (what or "").strip()
    if not what or len(what) > 200:
        raise InvalidValue("describe what was read in 1–200 characters", field="what")
    if why is not None and len(why) > 2000:
        raise InvalidValue("a justification is at most 2000 characters", field="why")
    meta = Meta(actor_id, ActorRole.parse(role), f"access:{uuid4().hex}", source)
    person_id, case_id, erased = _resolve(runtime, subject_id)
    record_id = uuid4()
    seal_under = person_id if person_id is not None and not erased else record_id
    sealed = PersonalText(seal_under, why.strip()) if why and why.strip() else None
    record = AccessRecord._create(
        AccessRecord.Logged,
        id=record_id,
        meta=meta,
        occurred_on=date.today(),
        person_id=person_id,
        case_id=case_id,
        subject=str(subject_id),
        what=what,
        why=sealed,
    )
    runtime.app.save(record)
    return record_id


def entries(
    runtime: Runtime,
    *,
    subject_id: str | None = None,
    actor_id: str | None = None,
    since: datetime | None = None,
    limit: int = 1000,
) -> list[AccessEntry]:
    """Access-log entries in log order, optionally for one woman (person or case id) or actor.

    A `since` without a time zone is read as UTC.
    """
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    wanted: set[str] | None = None
    if subject_id is not None:
        person_id, case_id, _ = _resolve(runtime, subject_id)
        wanted = {str(subject_id)} | {str(x) for x in (person_id, case_id) if x is not None}
    found: list[AccessEntry] = []
    recorder, after = runtime.app.recorder, 0
    while len(found) < limit:
        page = recorder.select_notifications(
            after, 2000, topics=[LOGGED_TOPIC], inclusive_of_start=False
        )
        if not page:
            break
        after = page[-1].id
        for n in page:
            entry = _entry(runtime.app.mapper.to_domain_event(n), n.id)
            if _matches(entry, wanted, actor_id, since):
                found.append(entry)
    return found[:limit]


def _entry(event: Any, position: int) -> AccessEntry:
    meta: Meta = event.meta
    why = event.why.text if event.why is not None else None
    return AccessEntry(
        entry_id=str(event.originator_id),
        recorded_at=event.timestamp.astimezone(UTC).isoformat(),
        actor_id=meta.actor_id,
        role=meta.actor_role.code,
        source=meta.source,
        person_id=str(event.person_id) if event.person_id else None,
        case_id=str(event.case_id) if event.case_id else None,
        subject=event.subject,
        what=event.what,
        why=why,
        position=position,
    )


def _matches(
    entry: AccessEntry, wanted: set[str] | None, actor_id: str | None, since: datetime | None
) -> bool:
    if wanted is not None and not wanted & {entry.subject, entry.person_id, entry.case_id}:
        return False
    if actor_id is not None and entry.actor_id != actor_id:
        return False
    return since is None or datetime.fromisoformat(entry.recorded_at) >= since
