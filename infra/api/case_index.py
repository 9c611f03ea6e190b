"""A small in-process index of cases (programme, woman, status) that follows the event log.

Each API worker keeps its own and catches up from its last notification before it answers a
list or a scoping question, reading only the few event types that change what it holds. A
case's programme and woman never change, so scoping a command costs a dictionary lookup.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.case import Case
from domain.case.values import CaseStatus

_STATUS_OF: dict[type[Any], CaseStatus | None] = {
    Case.Referred: CaseStatus.REFERRED,
    Case.IntakeCompleted: CaseStatus.ACTIVE,
    Case.Suspended: CaseStatus.SUSPENDED,
    Case.Resumed: CaseStatus.ACTIVE,
    Case.Closed: CaseStatus.CLOSED,
    Case.TransferredOut: CaseStatus.TRANSFERRED,
}
TOPICS = tuple(get_topic(cls) for cls in _STATUS_OF)
_PAGE = 1000


@dataclass
class CaseEntry:
    case_id: UUID
    person_id: UUID
    programme: str
    referred_on: date
    status: CaseStatus


class CaseIndex:
    def __init__(self, app: Any) -> None:
        self._app = app
        self._position = 0
        self._cases: dict[UUID, CaseEntry] = {}
        self._by_person: dict[UUID, set[UUID]] = {}
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Read what was recorded since the last call (one cheap query when nothing was)."""
        head = self._app.recorder.max_notification_id() or 0
        if head <= self._position:
            return
        with self._lock:
            while self._position < head:
                page = self._app.recorder.select_notifications(
                    start=self._position + 1, limit=_PAGE, stop=head, topics=TOPICS
                )
                for notification in page:
                    self._apply(self._app.mapper.to_domain_event(notification))
                if len(page) < _PAGE:
                    self._position = head
                else:
                    self._position = page[-1].id

    def _apply(self, event: Any) -> None:
        status = _STATUS_OF.get(type(event))
        if isinstance(event, Case.Referred):
            new = CaseEntry(
                event.originator_id,
                event.person_id,
                event.programme,
                event.occurred_on,
                CaseStatus.REFERRED,
            )
            self._cases[new.case_id] = new
            self._by_person.setdefault(new.person_id, set()).add(new.case_id)
            return
        known = self._cases.get(event.originator_id)
        if known is not None and status is not None:
            known.status = status

    def get(self, case_id: UUID) -> CaseEntry | None:
        entry = self._cases.get(case_id)
        if entry is None:
            self.refresh()
            entry = self._cases.get(case_id)
        return entry

    def programmes_of(self, person_id: UUID) -> set[str]:
        self.refresh()
        return {self._cases[c].programme for c in self._by_person.get(person_id, set())}

    def search(
        self,
        *,
        visible: frozenset[str] | None,
        programme: str | None = None,
        status: CaseStatus | None = None,
        person_id: UUID | None = None,
        referred_from: date | None = None,
        referred_to: date | None = None,
    ) -> list[CaseEntry]:
        """Cases matching every given filter, within `visible` programmes (None: all)."""
        self.refresh()
        if person_id is not None:
            pool = [self._cases[c] for c in self._by_person.get(person_id, set())]
        else:
            pool = list(self._cases.values())
        found = [
            e
            for e in pool
            if (visible is None or e.programme in visible)
            and (programme is None or e.programme == programme)
            and (status is None or e.status is status)
            and (referred_from is None or e.referred_on >= referred_from)
            and (referred_to is None or e.referred_on <= referred_to)
        ]
        found.sort(key=lambda e: (e.referred_on, e.case_id.hex))
        return found
