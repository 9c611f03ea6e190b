"""The caseload: open cases (and closed ones with follow-ups to do) and what is due on each.

A view of the API's case index (infra/api/case_index.py), which holds, for every case, the few
dates the agenda needs, follows the event log, and is kept in a file so a restart folds only
what came after (ADR 0024). What is due is the domain's rule (`domain.case.due.agenda`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.case.due import Due, agenda
from domain.case.values import CaseStatus

from ..api.case_index import CaseEntry, CaseIndex

FAR_BEHIND = 50_000  # notifications: beyond, a case page folds only its own case


@dataclass(frozen=True)
class Row:
    """One line of a caseload: the case and what is due on it (earliest first)."""

    entry: CaseEntry
    due: list[Due]

    @property
    def next_on(self) -> date:
        return self.due[0].on if self.due else date.max

    @property
    def overdue(self) -> bool:
        return any(d.overdue for d in self.due)


class Caseload:
    def __init__(self, index: CaseIndex, app: Any) -> None:
        self._index = index
        self._app = app

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
        self._index.refresh()
        out = []
        for entry in self._index.entries():
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

    def entry(self, case_id: UUID) -> CaseEntry | None:
        """One case's entry. Far behind the log (a server started on a regional store whose
        index file is missing or old: the whole log to fold, 46 s at `large`), it is folded
        from that case's own events instead — the same entry; the index catches up in the
        background and when the caseload itself is asked for."""
        head = self._app.recorder.max_notification_id() or 0
        if head - self._index.position > FAR_BEHIND:
            return self._index.fold_case(case_id)
        self._index.refresh()
        return self._index.get(case_id)
