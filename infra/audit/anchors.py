"""Checkpoints as anchors of a recomputation: each must be signed and carry the recomputed link.

The stored checkpoints (and an auditor's file, when given) are read once per verification; a
recomputation that starts after a verified position (ADR 0014) only checks the checkpoints past
it, so the quick check does not re-verify every signature of a long log's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..bootstrap import Runtime
from .chain import audit_key, read_checkpoint_file
from .findings import Finding
from .report import Report
from .signing import Checkpoint, public_key_hex, signature_ok
from .store import ChainStore


@dataclass
class Anchor:
    checkpoint: Checkpoint
    signed: bool
    origin: str


def anchors(
    runtime: Runtime,
    store: ChainStore,
    against: dict[str, Any] | None,
    report: Report,
    after: int = 0,
) -> dict[int, list[Anchor]]:
    """Checkpoints past position `after` by position, their signatures checked; sets
    `report.last_checkpoint` (the auditor's file, when given, else the database)."""
    public = public_key_hex(audit_key(runtime))
    found: dict[int, list[Anchor]] = {}
    stored = store.checkpoints(after)
    sources: list[tuple[str, str, list[Checkpoint]]] = [("database", public, stored)]
    report.last_checkpoint = stored[-1].position if stored else store.last_checkpoint_position()
    if against is not None:
        file_public, file_marks = read_checkpoint_file(against)
        if file_public != public:
            report.warnings.append("the file's public key is not this system's signing key")
        sources.append(("file", file_public, file_marks))
        # The auditor's file, when given, is the anchor kept outside the system.
        report.last_checkpoint = max((m.position for m in file_marks), default=0)
    for origin, key, marks in sources:
        for mark in marks:
            if mark.position > after:
                signed = signature_ok(key, mark)
                found.setdefault(mark.position, []).append(Anchor(mark, signed, origin))
    return found


def _check(marks: list[Anchor], position: int, nid: int, current: bytes) -> Finding | None:
    for mark in marks:
        if not mark.signed:
            return Finding(
                position, nid, "checkpoint", f"{mark.origin} checkpoint signature does not verify"
            )
        if mark.checkpoint.link != current.hex() or mark.checkpoint.notification_id != nid:
            return Finding(
                position,
                nid,
                "checkpoint",
                f"{mark.origin} checkpoint link differs from the recomputed chain",
            )
    return None


def anchors_finding(
    marks: dict[int, list[Anchor]],
    positions: list[int],
    position: int,
    batch: list[Any],
    links: list[bytes],
    report: Report,
) -> Finding | None:
    """The first checkpoint inside this page (positions position+1 …) that fails, if any."""
    for p in positions:
        if position < p <= position + len(batch):
            index = p - position - 1
            report.checkpoints_checked += len(marks[p])
            found = _check(marks[p], p, batch[index].id, links[index])
            if found is not None:
                return found
    return None
