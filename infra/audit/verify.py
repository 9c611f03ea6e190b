"""Verification: recompute the chain from the raw log; report the first bad position and why.

The raw log is read with the library's own `select_notifications`, hashed page by page, and
compared with the stored chain (findings.py classifies a mismatch). Checkpoints (stored, or from
an auditor's file) must carry a valid Ed25519 signature and the recomputed link at their
position; otherwise → checkpoint. Then coverage.py checks that no stored row escapes that
order. Verification only reads: it never extends the chain (records after the head are
reported as an unchained tail, see report.py).

`verify(start=…)` recomputes only the records after a verified position (the quick check of
incremental.py, ADR 0014); without it, the whole log.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import PersistenceError

from ..bootstrap import Runtime
from .anchors import Anchor, anchors, anchors_finding
from .chain import PAGE, Progress, chain_store
from .coverage import uncovered
from .findings import Finding, diagnose, unreadable
from .links import GENESIS, chain_page
from .report import Report
from .store import ChainStore

__all__ = ["Report", "verify"]


@dataclass(frozen=True)
class Start:
    """Where a recomputation begins: after chain `position` (notification id, link there)."""

    position: int
    notification_id: int
    link: bytes


ORIGIN = Start(0, 0, GENESIS)


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


def _pages(runtime: Runtime, page: int, after: int) -> Iterator[tuple[list[Any], bool]]:
    """Pages of stored records after notification id `after`; `(readable prefix, True)` where a
    record cannot even be read (e.g. its column type was changed), so verification reports it
    instead of crashing."""
    recorder = runtime.app.recorder
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
    start: Start = ORIGIN,
) -> Report:
    """Recompute the chain over the raw log after `start` (the whole log by default), stopping
    at the first bad position, then check that every stored row is covered; never writes.

    From a later `start`, records up to it are taken as verified (its link must be the stored
    chain's, which the caller checks) and the respelt-id scan covers the rows after it only.
    """
    started = time.perf_counter()
    report, store = Report(), chain_store(runtime)
    report.mode = "full" if start == ORIGIN else "incremental"
    report.verified_from = start.position
    marks = anchors(runtime, store, against, report, after=start.position)
    report.chained = store.length()
    ids, last_id, previous = _recompute(runtime, store, marks, report, progress, page, start)
    chain_finding, report.finding = report.finding, None
    recomputed = chain_finding is None
    found = uncovered(
        runtime, store, report, last_id if recomputed else None, since=start.notification_id
    )
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
    marks: dict[int, list[Anchor]],
    report: Report,
    progress: Progress | None,
    page: int,
    start: Start,
) -> tuple[dict[int, int], int, bytes]:
    """The chain over the log in notification order; sets `records` and the first finding.

    Returns the notification ids at the positions the report names (after the chain head and
    after the last checkpoint), the last notification id read, and the last link computed.
    """
    positions = sorted(marks)
    wanted = {report.chained + 1, report.last_checkpoint + 1}
    ids: dict[int, int] = {}
    total = runtime.app.recorder.max_notification_id() or 0
    position, previous, last_id = start.position, start.link, start.notification_id
    topics: dict[str, bytes] = {}
    report.records = position
    for batch, broken in _pages(runtime, page, last_id):
        if broken:
            report.finding = unreadable(store, position + len(batch))
        if not batch:
            break
        links = chain_page(previous, batch, topics)
        found = [
            f
            for f in (
                _page_finding(runtime, store, position, batch, links, report.chained),
                anchors_finding(marks, positions, position, batch, links, report),
            )
            if f is not None
        ]
        if found:  # a finding inside the page comes before an unreadable record after it
            report.finding = min(found, key=lambda f: (f.position, f.kind == "checkpoint"))
            report.rechecked += report.finding.position - position
            report.records = report.finding.position
            return ids, last_id, links[report.finding.position - position - 1]
        ids.update(
            {p: batch[p - position - 1].id for p in wanted if 0 < p - position <= len(batch)}
        )
        position, previous, last_id = position + len(batch), links[-1], batch[-1].id
        ids[position] = last_id
        report.rechecked += len(batch)
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
