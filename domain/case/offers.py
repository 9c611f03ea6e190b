"""Which commands a case's state admits now: the state half of each command's guards.

A menu (the workspace's action list) offers only what can succeed in the case's state: no
"resume" on an open case, no intake after closure. Dates, scores and other values are still
checked by the command itself, and every command keeps its own guard: this is for offering,
the guards are for refusing. Names are the services' policy names (`resume_case`, …).
"""

from __future__ import annotations

from typing import Any

from ..shared.case_vocabulary import FOLLOW_UP_MONTHS, ConsentScope
from .values import CaseStatus

WORK = ("agree_plan", "record_activity", "refer_to_service", "assess", "record_outcome")


def admitted(case: Any) -> frozenset[str]:
    """The commands the case's state admits (see the module's docstring)."""
    status: CaseStatus = case.status
    found: set[str] = {"correct_event"}
    if any(case.consents.values()):
        found.add("withdraw_consent")
    remaining = set(FOLLOW_UP_MONTHS) - set(case.follow_ups)
    if status is CaseStatus.CLOSED and case.closed_on is not None and remaining:
        found.add("record_follow_up")
    if status.is_over:
        return frozenset(found)
    found |= {"give_consent", "close_case"}
    processing = bool(case.consents.get(ConsentScope.PROCESSING))
    if case.intake_on is None:
        if processing:
            found |= {"complete_intake", "record_not_taken_on"}
        return frozenset(found)
    if processing:
        found.add("transfer_case")
    if status is CaseStatus.SUSPENDED:
        found.add("resume_case")
    elif processing:
        found |= {*WORK, "suspend_case"}
        if case.goals:
            found.add("review_plan")
    return frozenset(found)
