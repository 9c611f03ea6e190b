"""Adapters from the audit trail to the dashboard's injected ports (dashboard/ports.py).

The dashboard imports no infra; its entry point wires these in:
`case_history=history_port(runtime)`, `chain_status=chain_status_port(runtime)`.
The dashboard never reveals personal data: its history is always masked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from dashboard.ports import AsOf, CaseHistory, ChainCheck, ChainStatus, HistoryEntry, Viewer
from domain.shared.errors import PermissionDenied

from ..bootstrap import Runtime
from .history import case_history
from .incremental import check_chain


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


def chain_status_port(runtime: Runtime) -> ChainCheck:
    """The Audit page's check: quick (from the last verified, signed checkpoint) unless `full`.

    Verification never extends the chain (the API server's keeper does); it records signed
    verification marks only (ADR 0014).
    """

    def port(*, full: bool = False) -> ChainStatus:
        report = check_chain(runtime, full=full)
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
        )

    return port
