"""Verification: recompute the chain from the raw log; report the first bad position and why.

Compared position by position with the stored links, a mismatch is classified by looking up the
two records involved (the raw one found at that position, the one the chain expected there):
- same record identity, different link          → modified (bytes, topic or notification id)
- raw record unknown to the chain, expected one still in the log → inserted
- raw record known to the chain, expected one gone from the log  → removed
- both known and present, in another place       → reordered
Checkpoints (stored, or from an auditor's file) must carry a valid Ed25519 signature and the
recomputed link at their position; otherwise → checkpoint.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.persistence import PersistenceError

from ..bootstrap import Runtime
from .chain import PAGE, Progress, audit_key, chain_store, read_checkpoint_file
from .links import GENESIS, chain_page
from .signing import Checkpoint, public_key_hex, signature_ok
from .store import ChainStore

KINDS = {
    "modified": ("record modificato", "record modified"),
    "removed": ("record rimosso", "record removed"),
    "inserted": ("record inserito", "record inserted"),
    "reordered": ("record spostati di posizione", "records reordered"),
    "checkpoint": ("checkpoint non corrispondente", "checkpoint does not match"),
}


@dataclass(frozen=True)
class Finding:
    """The first bad position (1-based chain position) and the kind of change found there."""

    position: int
    notification_id: int | None
    kind: str
    detail: str

    def describe(self, lang: str = "it") -> str:
        it, en = KINDS[self.kind]
        label = en if lang == "en" else it
        where = "position" if lang == "en" else "posizione"
        return f"{label} — {where} {self.position}: {self.detail}"


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


def _diagnose(runtime: Runtime, store: ChainStore, position: int, raw: Any) -> Finding:
    expected = store.at(position)
    assert expected is not None
    raw_id = (str(raw.originator_id), int(raw.originator_version))
    if (expected.originator_id, expected.originator_version) == raw_id:
        detail = (
            "notification id changed"
            if expected.notification_id != raw.id
            else "stored bytes or topic differ"
        )
        return Finding(position, raw.id, "modified", detail)
    raw_known = store.position_of(*raw_id) is not None
    present = _in_log(runtime, expected.originator_id, expected.originator_version)
    if raw_known and present:
        return Finding(
            position,
            raw.id,
            "reordered",
            f"the record chained at position {store.position_of(*raw_id)} is here",
        )
    if raw_known:
        return Finding(
            position,
            expected.notification_id,
            "removed",
            "the record chained here is no longer in the log",
        )
    if present:
        return Finding(position, raw.id, "inserted", "a record the chain never saw")
    return Finding(position, raw.id, "modified", "record identity rewritten")


def _in_log(runtime: Runtime, originator_id: str, version: int) -> bool:
    try:
        oid: Any = UUID(originator_id)
    except ValueError:
        oid = originator_id
    return bool(runtime.app.recorder.select_events(oid, gt=version - 1, lte=version, limit=1))


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
            return _diagnose(runtime, store, position + index + 1, batch[index])
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


def _unreadable(store: ChainStore, position: int) -> Finding:
    expected = store.at(position + 1)
    return Finding(
        position + 1,
        expected.notification_id if expected else None,
        "modified",
        "a stored record cannot be read (its type or encoding was changed)",
    )


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
    for batch, unreadable in _pages(runtime, page):
        if unreadable:
            report.finding = _unreadable(store, position + len(batch))
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
