"""The caseload index: for every case, the few dates its agenda needs, following the event log.

Like the API's case index it catches up from its last notification before answering, reading
only the event types that move those dates; a correction of a date (or a voided entry) is applied
to the entry it names. What is due is the domain's rule (`domain.case.due.agenda`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.case import Case
from domain.case.due import CaseFacts, Due, agenda
from domain.case.values import CaseStatus

_STATUS = {
    "IntakeCompleted": CaseStatus.ACTIVE,
    "Suspended": CaseStatus.SUSPENDED,
    "Resumed": CaseStatus.ACTIVE,
    "Closed": CaseStatus.CLOSED,
    "TransferredOut": CaseStatus.TRANSFERRED,
}
_DATED = ("IntakeCompleted", "PlanAgreed", "PlanReviewed", "Closed")
_KINDS = ("Referred", "FollowedUp", "Corrected", *_STATUS, "PlanAgreed", "PlanReviewed")
TOPICS = tuple(get_topic(getattr(Case, name)) for name in dict.fromkeys(_KINDS))
_PAGE = 2000
FAR_BEHIND = 50_000  # notifications: beyond, a case page folds only its own case


@dataclass
class Entry:
    case_id: UUID
    person_id: UUID
    programme: str
    referred_on: date
    status: CaseStatus = CaseStatus.REFERRED
    dated: dict[int, tuple[str, date]] = field(default_factory=dict)
    follow_ups: dict[int, int] = field(default_factory=dict)  # version → months

    def facts(self) -> CaseFacts:
        def latest(*kinds: str) -> date | None:
            return max((d for k, d in self.dated.values() if k in kinds), default=None)

        return CaseFacts(
            self.status,
            self.referred_on,
            latest("IntakeCompleted"),
            latest("PlanAgreed", "PlanReviewed"),
            latest("Closed"),
            frozenset(self.follow_ups.values()),
        )


@dataclass(frozen=True)
class Row:
    """One line of a caseload: the case and what is due on it (earliest first)."""

    entry: Entry
    due: list[Due]

    @property
    def next_on(self) -> date:
        return self.due[0].on if self.due else date.max

    @property
    def overdue(self) -> bool:
        return any(d.overdue for d in self.due)


class Caseload:
    def __init__(self, app: Any) -> None:
        self._app = app
        self._position = 0
        self._cases: dict[UUID, Entry] = {}
        self._lock = threading.Lock()

    def refresh(self) -> None:
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
                self._position = head if len(page) < _PAGE else page[-1].id

    def _apply(self, event: Any) -> None:
        kind, version = type(event).__name__, event.originator_version
        if isinstance(event, Case.Referred):
            self._cases[event.originator_id] = Entry(
                event.originator_id, event.person_id, event.programme, event.occurred_on
            )
            return
        entry = self._cases.get(event.originator_id)
        if entry is None:
            return
        if kind in _STATUS:
            entry.status = _STATUS[kind]
        if kind in _DATED:
            entry.dated[version] = (kind, event.occurred_on)
        elif kind == "FollowedUp":
            entry.follow_ups[version] = event.months
        elif kind == "Corrected":
            target = entry.dated.get(event.corrects_version)
            if target is not None and "occurred_on" in event.changes:
                day = event.changes["occurred_on"]
                day = day if isinstance(day, date) else date.fromisoformat(str(day))
                entry.dated[event.corrects_version] = (target[0], day)

    def rows(
        self,
        programmes: frozenset[str] | None,
        today: date,
        *,
        programme: str | None = None,
        due_kind: str | None = None,
        overdue_only: bool = False,
        sort: str = "due",
    ) -> list[Row]:
        """Open cases (and closed ones with follow-ups to do) in `programmes` (None: all)."""
        self.refresh()
        out = []
        for entry in list(self._cases.values()):
            if programmes is not None and entry.programme not in programmes:
                continue
            if programme and entry.programme != programme:
                continue
            if entry.status is CaseStatus.TRANSFERRED:
                continue
            due = agenda(entry.facts(), today)
            if entry.status is CaseStatus.CLOSED and not due:
                continue
            if due_kind and not any(d.kind.value == due_kind for d in due):
                continue
            row = Row(entry, due)
            if overdue_only and not row.overdue:
                continue
            out.append(row)
        keys = {
            "due": lambda r: (r.next_on, r.entry.referred_on),
            "referred": lambda r: (r.entry.referred_on, r.next_on),
            "programme": lambda r: (r.entry.programme, r.next_on),
            "status": lambda r: (r.entry.status.value, r.next_on),
        }
        out.sort(key=keys.get(sort, keys["due"]))
        return out

    def entry(self, case_id: UUID) -> Entry | None:
        """One case's entry. Far behind the log (the first case page after a start on a
        regional store: the whole log to fold, over 30 s at `large`), it is folded from that
        case's own events instead — the same entry, since every event applies to its own case
        only; the index catches up when the caseload itself is asked for."""
        head = self._app.recorder.max_notification_id() or 0
        if head - self._position > FAR_BEHIND:
            return self._entry_of(case_id)
        self.refresh()
        return self._cases.get(case_id)

    def _entry_of(self, case_id: UUID) -> Entry | None:
        alone = Caseload(self._app)
        for stored in self._app.recorder.select_events(case_id):
            if stored.topic in TOPICS:
                alone._apply(self._app.mapper.to_domain_event(stored))
        return alone._cases.get(case_id)
