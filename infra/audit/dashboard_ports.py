"""Adapters from the audit trail to the dashboard's injected ports (dashboard/ports.py).

The dashboard imports no infra; its entry point wires these in:
`case_history=history_port(runtime)`, `chain_status=chain_status_port(runtime)`.
The dashboard never reveals personal data: its history is always masked.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from dashboard.ports import (
    AsOf,
    CaseHistory,
    ChainCheck,
    ChainFinding,
    ChainStatus,
    ChainWarning,
    HistoryEntry,
    Viewer,
)
from domain.shared.errors import PermissionDenied

from ..bootstrap import Runtime
from .findings import Finding
from .history import case_history
from .incremental import check_chain, quick_check
from .report import Report, Span

log = logging.getLogger("percorsi.audit")

# The checker's other warnings, by how its English line opens (the spans come as data).
_WARNINGS = (
    ("saves chain their own records", "chain_at_write"),
    ("the file's public key", "foreign_key"),
    ("found by the full verification of", "repeat_failure"),
)
_SPANS = ("unchained tail:", "unverified since checkpoint")


def _entry(raw: dict[str, Any]) -> HistoryEntry:
    return HistoryEntry(
        version=raw["version"],
        position=None,
        kind=raw["kind"],
        occurred_on=date.fromisoformat(raw["occurred_on"]) if raw["occurred_on"] else None,
        recorded_at=datetime.fromisoformat(raw["recorded_at"]),
        actor=raw["actor_id"],
        role=raw["role"],
        source=raw["source"],
        details={
            "it": raw["text_it"],
            "en": raw["text_en"],
            "corrected_by": raw["corrected_by"],
            "void": raw["void"],
        },
        corrects=raw["corrects"],
    )


def history_port(runtime: Runtime) -> Callable[[str, AsOf, Viewer], CaseHistory]:
    def port(case_id: str, as_of: AsOf, viewer: Viewer) -> CaseHistory:
        if not viewer.may_audit:
            raise PermissionDenied("only auditors and administrators read case histories")
        latest = case_history(
            runtime, case_id, actor_id=viewer.user_id, role=viewer.role, source="api"
        )
        found = (
            latest
            if as_of.day is None and as_of.version is None
            else case_history(
                runtime,
                case_id,
                actor_id=viewer.user_id,
                role=viewer.role,
                as_of=as_of.day,
                version=as_of.version,
                source="api",
            )
        )
        return CaseHistory(
            case_id=found["case_id"],
            entries=[_entry(e) for e in found["entries"]],
            state={"it": found["state_it"], "en": found["state_en"]},
            version=found["version"],
            latest_version=latest["version"],
        )

    return port


class _Background:
    """At most one full check at a time, on its own thread; its answer is kept for the next ask.

    The page must answer at once (ADR 0024): where only a full check can answer (no verified
    mark yet, a forged mark, a chain rewritten under the mark) or the button asked for one, it
    runs here while the page shows that it is checking and asks again.
    """

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._done: Report | None = None

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, *, full: bool) -> None:
        with self._lock:
            if self.running():
                return
            self._done = None
            self._thread = threading.Thread(
                target=self._run, args=(full,), name="audit-full-check", daemon=True
            )
            self._thread.start()

    def take(self) -> Report | None:
        """The finished check's report, once."""
        with self._lock:
            done, self._done = self._done, None
            return done

    def _run(self, full: bool) -> None:
        try:
            report = check_chain(self._runtime, full=full)
        except Exception as error:  # the next ask starts it again
            log.warning("background chain check failed: %s", type(error).__name__)
            return
        with self._lock:
            self._done = report


def _status(report: Report) -> ChainStatus:
    message = (
        report.finding.describe("en")
        if report.finding is not None
        else "; ".join(["catena integra / chain intact", *report.warnings])
    )
    last_full = report.last_full_at if report.mode == "incremental" else None
    return ChainStatus(
        ok=report.ok,
        checked=report.records,
        head_position=report.records or None,
        message=message,
        checked_at=datetime.now(UTC),
        full=report.mode == "full",
        rechecked=report.rechecked,
        verified_from=report.verified_from,
        last_full_at=datetime.fromisoformat(last_full) if last_full else None,
        finding=None if report.finding is None else chain_finding(report.finding),
        warnings=chain_warnings(report),
    )


PENDING = ChainStatus(
    ok=False, checked=0, head_position=None, message="checking", full=True, pending=True
)


def chain_status_port(runtime: Runtime) -> ChainCheck:
    """The Audit page's check: quick (from the last verified, signed checkpoint) unless `full`.

    It never blocks on a full check: one that is needed (or asked for) runs in the background
    and the answer is `pending` until it is done. Verification never extends the chain (the
    API server's keeper does); it records signed verification marks only (ADR 0014, 0024).
    """
    background = _Background(runtime)

    def port(*, full: bool = False) -> ChainStatus:
        if full:
            background.start(full=True)
            return replace(PENDING, checked_at=datetime.now(UTC))
        if background.running():
            return replace(PENDING, checked_at=datetime.now(UTC))
        done = background.take()
        if done is not None:
            return _status(done)
        report = quick_check(runtime)
        if report is None:
            background.start(full=False)
            return replace(PENDING, checked_at=datetime.now(UTC))
        return _status(report)

    return port


def chain_finding(finding: Finding) -> ChainFinding:
    return ChainFinding(
        kind=finding.kind,
        position=finding.position,
        notification_id=finding.notification_id,
        originator_id=finding.originator_id,
        originator_version=finding.originator_version,
        detail=finding.detail,
    )


def _span(span: Span) -> dict[str, Any]:
    return {
        "first": span.first_position,
        "last": span.last_position,
        "first_id": span.first_notification_id,
        "last_id": span.last_notification_id,
    }


def chain_warnings(report: Report) -> tuple[ChainWarning, ...]:
    """The report's warnings as codes and values: the dashboard words them per language."""
    found: list[ChainWarning] = []
    if report.unchained is not None:
        found.append(ChainWarning("unchained", _span(report.unchained)))
    if report.unverified is not None:
        values = _span(report.unverified) | {"checkpoint": report.last_checkpoint}
        found.append(ChainWarning("unverified", values))
    for text in report.warnings:
        if text.startswith(_SPANS):
            continue
        code = next((c for opening, c in _WARNINGS if text.startswith(opening)), "other")
        values = {"on": report.last_full_at} if code == "repeat_failure" else {}
        found.append(ChainWarning(code, values, text))
    return tuple(found)
