"""Verification: recompute the chain from the raw log; report the first bad position and why.

The raw log is read with the library's own `select_notifications`, hashed page by page, and
compared with the stored chain (findings.py classifies a mismatch). Checkpoints (stored, or from
an auditor's file) must carry a valid Ed25519 signature and the recomputed link at their
position; otherwise → checkpoint. Then coverage.py checks that no stored row escapes that
order. Verification only reads: it never extends the chain (records after the head are
reported as an unchained tail, see report.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import PersistenceError

from ..bootstrap import Runtime
from .chain import PAGE, Progress, audit_key, chain_store, read_checkpoint_file
from .coverage import uncovered
from .findings import Finding, diagnose, unreadable
from .links import GENESIS, chain_page
from .report import Report
from .signing import Checkpoint, public_key_hex, signature_ok
from .store import ChainStore

__all__ = ["Report", "verify"]


@dataclass
class _Mark:
    checkpoint: Checkpoint
    signed: bool
    origin: str


def _marks(
    runtime: Runtime, store: ChainStore, against: dict[str, Any] | None, report: Report
) -> dict[int, list[_Mark]]:
    public = public_key_hex(audit_key(runtime))
    found: dict[int, list[_Mark]] = {}
    sources: list[tuple[str, str, list[Checkpoint]]] = [("database", public, store.checkpoints())]
    if against is not None:
        file_public, file_marks = read_checkpoint_file(against)
        if file_public != public:
            report.warnings.append("the file's public key is not this system's signing key")
        sources.append(("file", file_public, file_marks))
    for origin, key, marks in sources:
        for mark in marks:
            found.setdefault(mark.position, []).append(_Mark(mark, signature_ok(key, mark), origin))
    # The auditor's file, when given, is the anchor kept outside the system; else the database.
    trusted = [m.position for m in sources[-1][2]]
    report.last_checkpoint = max(trusted, default=0)
    return found


def _check_marks(marks: list[_Mark], position: int, nid: int, current: bytes) -> Finding | None:
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


def _page_finding(
    runtime: Runtime,
    store: ChainStore,
    position: int,
    batch: list[Any],
    links: list[bytes],
    chained: int,
) -> Finding | None:
    """Compare a page with the stored chain: one lookup when it matches, a scan when not.

    Links are cumulative, so an equal link at the page's last chained position vouches for
    every record before it (SHA-256 collision resistance); only a page that differs is read
    link by link to find the first bad position.
    """
    upto = min(position + len(batch), chained)
    if upto <= position or store.link_at(upto) == links[upto - position - 1]:
        return None
    stored = store.links(position, upto - position)
    for index, computed in enumerate(links[: upto - position]):
        if index >= len(stored) or stored[index] != computed:
            return diagnose(runtime, store, position + index + 1, batch[index])
    return None


def _marks_finding(
    marks: dict[int, list[_Mark]],
    positions: list[int],
    position: int,
    batch: list[Any],
    links: list[bytes],
    report: Report,
) -> Finding | None:
    for p in positions:
        if position < p <= position + len(batch):
            index = p - position - 1
            report.checkpoints_checked += len(marks[p])
            found = _check_marks(marks[p], p, batch[index].id, links[index])
            if found is not None:
                return found
    return None


def _pages(runtime: Runtime, page: int) -> Iterator[tuple[list[Any], bool]]:
    """Pages of stored records; `(readable prefix, True)` where a record cannot even be read
    (e.g. its column type was changed), so verification reports it instead of crashing."""
    recorder, after = runtime.app.recorder, 0
    while True:
        try:
            batch = list(recorder.select_notifications(after, page, inclusive_of_start=False))
        except PersistenceError:
            good: list[Any] = []
            while True:
                try:
                    one = recorder.select_notifications(after, 1, inclusive_of_start=False)
                except PersistenceError:
                    yield good, True
                    return
                good.append(one[0])
                after = one[0].id
        if not batch:
            return
        yield batch, False
        after = batch[-1].id


def verify(
    runtime: Runtime,
    *,
    against: dict[str, Any] | None = None,
    progress: Progress | None = None,
    page: int = PAGE,
) -> Report:
    """Recompute the chain over the whole raw log (stopping at the first bad position), then
    check that every stored row is covered; never writes."""
    started = time.perf_counter()
    report, store = Report(), chain_store(runtime)
    marks = _marks(runtime, store, against, report)
    report.chained = store.length()
    ids, last_id, previous = _recompute(runtime, store, marks, report, progress, page)
    chain_finding, report.finding = report.finding, None
    recomputed = chain_finding is None
    found = uncovered(runtime, store, report, last_id if recomputed else None)
    report.add([chain_finding, *found] if chain_finding is not None else found)
    if recomputed:
        report.last_checkpoint = min(report.last_checkpoint, report.records)
        report.note_spans(ids)
        if report.unchained is not None and runtime.settings.chain_at_write:
            report.warnings.append(
                "saves chain their own records (PERCORSI_CHAIN_AT_WRITE): unless they were "
                "stored before it was turned on, the unchained records were stored by other means"
            )
    report.head_link = previous.hex()
    report.seconds = time.perf_counter() - started
    return report


def _recompute(
    runtime: Runtime,
    store: ChainStore,
    marks: dict[int, list[_Mark]],
    report: Report,
    progress: Progress | None,
    page: int,
) -> tuple[dict[int, int], int, bytes]:
    """The chain over the log in notification order; sets `records` and the first finding.

    Returns the notification ids at the positions the report names (after the chain head and
    after the last checkpoint), the last notification id read, and the last link computed.
    """
    positions = sorted(marks)
    wanted = {report.chained + 1, report.last_checkpoint + 1}
    ids: dict[int, int] = {}
    total = runtime.app.recorder.max_notification_id() or 0
    position, previous, topics, last_id = 0, GENESIS, dict[str, bytes](), 0
    for batch, broken in _pages(runtime, page):
        if broken:
            report.finding = unreadable(store, position + len(batch))
        if not batch:
            break
        links = chain_page(previous, batch, topics)
        found = [
            f
            for f in (
                _page_finding(runtime, store, position, batch, links, report.chained),
                _marks_finding(marks, positions, position, batch, links, report),
            )
            if f is not None
        ]
        if found:  # a finding inside the page comes before an unreadable record after it
            report.finding = min(found, key=lambda f: (f.position, f.kind == "checkpoint"))
            report.records = report.finding.position
            return ids, last_id, links[report.finding.position - position - 1]
        ids.update(
            {p: batch[p - position - 1].id for p in wanted if 0 < p - position <= len(batch)}
        )
        position, previous, last_id = position + len(batch), links[-1], batch[-1].id
        ids[position] = last_id
        report.records = position
        if report.finding is not None:
            return ids, last_id, previous
        if progress is not None:
            progress(last_id, total)
    if position < report.chained:
        gone = store.at(position + 1)
        report.finding = Finding(
            position + 1,
            gone.notification_id if gone else None,
            "removed",
            "the log ends before the chain does",
        )
    elif positions and positions[-1] > position:
        report.finding = Finding(
            min(p for p in positions if p > position),
            None,
            "checkpoint",
            "the log ends before this checkpoint",
        )
    return ids, last_id, previous
