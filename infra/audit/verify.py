"""Verification: recompute the chain from the raw log; report the first bad position and why.

The raw log is read with the library's own `select_notifications`, hashed page by page, and
compared with the stored chain (findings.py classifies a mismatch). Checkpoints (stored, or from
an auditor's file) must carry a valid Ed25519 signature and the recomputed link at their
position; otherwise → checkpoint.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from eventsourcing.persistence import PersistenceError

from ..bootstrap import Runtime
from .chain import PAGE, Progress, audit_key, chain_store, read_checkpoint_file
from .findings import Finding, diagnose, unreadable
from .links import GENESIS, chain_page
from .signing import Checkpoint, public_key_hex, signature_ok
from .store import ChainStore


@dataclass
class Report:
    ok: bool = True
    records: int = 0
    chained: int = 0
    checkpoints_checked: int = 0
    head_link: str = ""
    seconds: float = 0.0
    finding: Finding | None = None
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


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
    """Recompute the chain over the whole raw log; stop at the first bad position."""
    started = time.perf_counter()
    report, store = Report(), chain_store(runtime)
    marks = _marks(runtime, store, against, report)
    positions = sorted(marks)
    report.chained = store.length()
    total = runtime.app.recorder.max_notification_id() or 0
    position, previous, topics = 0, GENESIS, dict[str, bytes]()
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
            previous = links[report.finding.position - position - 1]
            break
        position, previous = position + len(batch), links[-1]
        report.records = position
        if report.finding is not None:
            break
        if progress is not None:
            progress(batch[-1].id, total)
    if report.finding is None and position < report.chained:
        gone = store.at(position + 1)
        report.finding = Finding(
            position + 1,
            gone.notification_id if gone else None,
            "removed",
            "the log ends before the chain does",
        )
    if report.finding is None and positions and positions[-1] > position:
        report.finding = Finding(
            min(p for p in positions if p > position),
            None,
            "checkpoint",
            "the log ends before this checkpoint",
        )
    report.ok = report.finding is None
    report.head_link = previous.hex()
    report.seconds = time.perf_counter() - started
    return report
