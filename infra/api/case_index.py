"""A small in-process index of cases that follows the event log: programme, woman and status
for the API's lists and scoping, and the few dates the workspace's agenda reads.

Each API worker keeps its own and catches up from its last notification before it answers a
list or a scoping question, reading only the event types that change what it holds. A case's
programme and woman never change, so scoping a command costs a dictionary lookup. Given a file
(case_index_file.py), it starts from the saved index and folds only what was stored since, and
saves what changed every SAVE_EVERY records (ADR 0024). The caseload is a view of this index
(ADR 0024, caseload addendum): one fold and one file per server, not two.

Records are decoded by the projection's decoder (`infra.analytics.decoding`): the index reads
no personal value and not who recorded an event, which that decoder does not build (about half
the library mapper's cost, which was most of a catch-up). Entries' `dated` and `follow_ups`
are replaced, never changed in place, so a page reading an entry while the fold goes on never
sees a dictionary change under it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.case import Case
from domain.case.due import CaseFacts
from domain.case.values import CaseStatus

from ..analytics.decoding import ProjectionDecoder
from . import case_index_file

_STATUS_OF: dict[type[Any], CaseStatus | None] = {
    Case.Referred: CaseStatus.REFERRED,
    Case.IntakeCompleted: CaseStatus.ACTIVE,
    Case.Suspended: CaseStatus.SUSPENDED,
    Case.Resumed: CaseStatus.ACTIVE,
    Case.Closed: CaseStatus.CLOSED,
    Case.TransferredOut: CaseStatus.TRANSFERRED,
}
_DATED: tuple[type[Any], ...] = (
    Case.IntakeCompleted,
    Case.PlanAgreed,
    Case.PlanReviewed,
    Case.Closed,
)
_FOLDED: tuple[type[Any], ...] = (*_STATUS_OF, *_DATED, Case.FollowedUp, Case.Corrected)
TOPICS = tuple(get_topic(cls) for cls in dict.fromkeys(_FOLDED))
_PAGE = 2000
_DECODING = threading.Lock()
SAVE_EVERY = 5000
"""Records folded between two saves of the file (a start re-folds fewer than this)."""


@dataclass(slots=True)
class CaseEntry:
    case_id: UUID
    person_id: UUID
    programme: str
    referred_on: date
    status: CaseStatus
    dated: dict[int, tuple[str, date]] = field(default_factory=dict)  # version → kind, day
    follow_ups: dict[int, int] = field(default_factory=dict)  # version → months
    encoded: str | None = field(default=None, compare=False, repr=False)
    """`dated` and `follow_ups` as read from the file, decoded when first needed."""

    def decoded(self) -> CaseEntry:
        """This entry with its dates decoded, once. Under a lock: a page decoding while the
        fold decodes and then adds an event must not put the older dates back over it."""
        if self.encoded is not None:
            with _DECODING:
                encoded = self.encoded
                if encoded is not None:
                    self.dated, self.follow_ups = case_index_file.decode_agenda(encoded)
                    self.encoded = None
        return self

    def row(self) -> case_index_file.Row:
        """The entry as the file holds it."""
        agenda = self.encoded
        if agenda is None:
            agenda = case_index_file.encode_agenda(self.dated, self.follow_ups)
        return (self.case_id, self.person_id, self.programme, self.referred_on, self.status, agenda)

    def facts(self) -> CaseFacts:
        """What the domain's agenda (`domain.case.due`) reads of this case."""
        self.decoded()

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


def case_index_path(settings: Any) -> Path:
    """The index file of a store: beside its other files in the data dir (private, 0600)."""
    return Path(settings.resolved_data_dir) / case_index_file.FILE_NAME


class CaseIndex:
    def __init__(self, app: Any, path: Path | None = None) -> None:
        """`path`: the file to start from and save to (None: in memory only)."""
        self._app = app
        self._path = path
        self._position = 0
        self._saved_at = 0
        self._loaded = path is None
        self._changed: set[UUID] = set()
        self._cases: dict[UUID, CaseEntry] = {}
        self._by_person: dict[UUID, set[UUID]] | None = None  # built when first asked
        self._lock = threading.Lock()
        self._stopping = False
        self._decode = ProjectionDecoder(app.mapper).decode

    @property
    def position(self) -> int:
        """The last notification folded (0 before the first catch-up)."""
        return self._position

    def entries(self) -> list[CaseEntry]:
        """Every case known so far (no catch-up: callers refresh first when they need to)."""
        return list(self._cases.values())

    def refresh(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Read what was recorded since the last call (one cheap query when nothing was);
        `progress(position, head)` after each page (the CLI's bar)."""
        if not self._loaded:
            with self._lock:
                if not self._loaded:
                    self._load()
        head = self._app.recorder.max_notification_id() or 0
        if head <= self._position:
            return
        with self._lock:
            while self._position < head and not self._stopping:
                page = self._app.recorder.select_notifications(
                    start=self._position + 1, limit=_PAGE, stop=head, topics=TOPICS
                )
                for notification in page:
                    self._apply(self._decode(notification))
                if len(page) < _PAGE:
                    self._position = head
                else:
                    self._position = page[-1].id
                if progress is not None:
                    progress(self._position, head)
            if self._path is not None and self._position - self._saved_at >= SAVE_EVERY:
                self._save()

    def stop(self) -> None:
        """End a running catch-up after its current page: a shutdown saves what was folded
        instead of waiting for the rest of a large log (the next start resumes from it)."""
        self._stopping = True

    def save(self) -> None:
        """Write what changed since the last save (servers call it on shutdown)."""
        if self._path is not None and self._loaded:
            with self._lock:
                self._save()

    def _load(self) -> None:
        """Start from the file when it belongs to this store's log; else from zero."""
        assert self._path is not None
        self._loaded = True
        saved = case_index_file.load(self._path)
        if saved is None:
            return
        head = self._app.recorder.max_notification_id() or 0
        found = self._app.recorder.select_notifications(start=saved.anchor_id, limit=1)
        anchored = bool(found) and (found[0].id, str(found[0].originator_id)) == (
            saved.anchor_id,
            saved.anchor,
        )
        if head < saved.position or not anchored:
            case_index_file.reset(self._path)  # another store, or an older copy of this one
            return
        for case_id, person_id, programme, referred_on, status, agenda in saved.rows:
            self._cases[case_id] = CaseEntry(
                case_id, person_id, programme, referred_on, status, encoded=agenda
            )
        self._position = self._saved_at = saved.position

    def _save(self) -> None:
        assert self._path is not None
        if self._position <= 0:
            return
        found = self._app.recorder.select_notifications(start=self._position, limit=1)
        if not found or found[0].id != self._position:
            return  # no record at the position to anchor it: save at a later one
        rows = [self._cases[c].row() for c in self._changed]
        anchor = str(found[0].originator_id)
        if case_index_file.save(self._path, self._position, self._position, anchor, rows):
            self._changed.clear()
        self._saved_at = self._position

    def _apply(self, event: Any) -> None:
        if isinstance(event, Case.Referred):
            new = CaseEntry(
                event.originator_id,
                event.person_id,
                event.programme,
                event.occurred_on,
                CaseStatus.REFERRED,
            )
            self._cases[new.case_id] = new
            if self._by_person is not None:
                self._by_person.setdefault(new.person_id, set()).add(new.case_id)
            self._changed.add(new.case_id)
            return
        known = self._cases.get(event.originator_id)
        if known is None:
            return
        known.decoded()
        self._changed.add(known.case_id)
        kind, version = type(event), event.originator_version
        status = _STATUS_OF.get(kind)
        if status is not None:
            known.status = status
        if kind in _DATED:
            known.dated = {**known.dated, version: (kind.__name__, event.occurred_on)}
        elif kind is Case.FollowedUp:
            known.follow_ups = {**known.follow_ups, version: event.months}
        elif kind is Case.Corrected:
            target = known.dated.get(event.corrects_version)
            if target is not None and "occurred_on" in event.changes:
                day = event.changes["occurred_on"]
                day = day if isinstance(day, date) else date.fromisoformat(str(day))
                known.dated = {**known.dated, event.corrects_version: (target[0], day)}

    def fold_case(self, case_id: UUID) -> CaseEntry | None:
        """One case's entry folded from its own events alone, not the log (a case page on a
        server far behind its log, ADR 0024): the same entry, as each event applies to its
        own case only. The index itself is left as it is."""
        alone = CaseIndex(self._app)
        for stored in self._app.recorder.select_events(case_id):
            if stored.topic in TOPICS:
                alone._apply(self._decode(stored))  # decoded as the fold decodes
        return alone._cases.get(case_id)

    def _people(self) -> dict[UUID, set[UUID]]:
        """Each woman's cases, built on first use: a start loading 98k entries at `large` need
        not build 98k sets before the first page that never asks (the caseload)."""
        people = self._by_person
        if people is None:
            with self._lock:
                people = self._by_person
                if people is None:
                    people = {}
                    for entry in list(self._cases.values()):
                        people.setdefault(entry.person_id, set()).add(entry.case_id)
                    self._by_person = people
        return people

    def get(self, case_id: UUID) -> CaseEntry | None:
        entry = self._cases.get(case_id)
        if entry is None:
            self.refresh()
            entry = self._cases.get(case_id)
        return entry

    def programmes_of(self, person_id: UUID) -> set[str]:
        self.refresh()
        return {self._cases[c].programme for c in self._people().get(person_id, set())}

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
            pool = [self._cases[c] for c in self._people().get(person_id, set())]
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


def write_index_file(
    app: Any, path: Path, progress: Callable[[int, int], None] | None = None
) -> None:
    """Fold the log up to its head into the index file at `path` (from the file's position if
    it has one) and save it: what `percorsi seed`, `percorsi import` and the bench's cached
    stores leave behind, so the next server folds only what is stored after (ADR 0024)."""
    index = CaseIndex(app, path)
    index.refresh(progress=progress)
    index.save()
