"""Reading the seeded store back: event counts, every personal value, a stream fingerprint.

`personal_values` lets other tests scan read models for leaks: it replays the log with the
sealer revealing, and returns every name, code, date, contact, address and free text it finds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.case import Case
from domain.person import Person
from domain.shared.events import CommandRecord
from domain.shared.values import PersonalData, PersonalText
from infra.bootstrap import Runtime
from services.app import Percorsi

PAGE = 5_000
_BOOKKEEPING = get_topic(CommandRecord.Recorded)
_PERSONAL_TOPICS = tuple(
    get_topic(cls)
    for cls in (
        Person.Registered,
        Person.PersonalDataChanged,
        Case.IntakeCompleted,
        Case.PlanAgreed,
        Case.PlanReviewed,
        Case.ActivityRecorded,
        Case.ReferredToService,
        Case.Corrected,
    )
)
_SKIP = {"timestamp"}


def _notifications(app: Percorsi, after: int = 0, topics: tuple[str, ...] = ()) -> Iterator[Any]:
    start = after + 1
    while True:
        page = app.recorder.select_notifications(start, PAGE, topics=topics)
        if not page:
            return
        yield from page
        start = page[-1].id + 1


def count_since(app: Percorsi, after: int) -> tuple[int, int]:
    """(domain events, all stored events) recorded after notification id `after`."""
    events = stored = 0
    for notification in _notifications(app, after):
        stored += 1
        events += notification.topic != _BOOKKEEPING
    return events, stored


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, PersonalData):
        yield from value.values()
    elif isinstance(value, PersonalText):
        if value.text:
            yield value.text
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in vars(value).values():
            yield from _texts(item)


def personal_values(runtime: Runtime) -> set[str]:
    """Every personal value readable in the store (needs a runtime built with reveal=True)."""
    if not runtime.sealer.reveal:
        raise ValueError("personal_values needs a runtime built with reveal=True")
    found: set[str] = set()
    for notification in _notifications(runtime.app, topics=_PERSONAL_TOPICS):
        event = runtime.app.mapper.to_domain_event(notification)
        for value in vars(event).values():
            found.update(_texts(value))
    return found


def _canonical(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _canonical(v) for k, v in vars(value).items()}
    return value


def stream_digest(app: Percorsi, after: int = 0) -> tuple[str, int]:
    """SHA-256 of the decoded log without recorded timestamps, and the number of events.

    Covers topic, originator id, version and every field (occurred_on, meta, sealed values as
    their plaintext), so two stores with the same digest hold the same history.
    """
    digest, count = hashlib.sha256(), 0
    for notification in _notifications(app, after):
        event = app.mapper.to_domain_event(notification)
        fields = {k: _canonical(v) for k, v in vars(event).items() if k not in _SKIP}
        line = json.dumps([notification.topic, fields], sort_keys=True, default=str)
        digest.update(line.encode())
        digest.update(b"\n")
        count += 1
    return digest.hexdigest(), count


def history_digests(app: Percorsi, after: int = 0) -> dict[UUID, str]:
    """SHA-256 of each aggregate's decoded history (by version, without recorded timestamps).

    Unlike `stream_digest` it does not depend on the log's interleaving: two stores with the
    same digests hold the same histories even if their writers' transactions were ordered
    differently (seeding in several processes).
    """
    lines: dict[UUID, dict[int, str]] = {}
    for notification in _notifications(app, after):
        event = app.mapper.to_domain_event(notification)
        fields = {k: _canonical(v) for k, v in vars(event).items() if k not in _SKIP}
        line = json.dumps([notification.topic, fields], sort_keys=True, default=str)
        lines.setdefault(notification.originator_id, {})[notification.originator_version] = line
    return {
        aggregate: hashlib.sha256(
            "\n".join(by_version[v] for v in sorted(by_version)).encode()
        ).hexdigest()
        for aggregate, by_version in lines.items()
    }
