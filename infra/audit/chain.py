"""Extending the hash chain over new records, and signing checkpoints every N positions.

The chain is maintained incrementally: `extend` continues from the stored head, so each record
is hashed once; `verify` (verify.py) recomputes everything from the raw log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..bootstrap import Runtime
from .db import AuditConflict, open_audit_db
from .links import GENESIS, chain_page
from .signing import Checkpoint, key_id, public_key_hex, sign, signing_key
from .store import ChainStore

PAGE = 5000
EVERY = 1000
FORMAT = "percorsi-audit-checkpoints/1"
Progress = Callable[[int, int], None]
log = logging.getLogger("percorsi.audit")


def chain_store(runtime: Runtime) -> ChainStore:
    """The audit tables of this runtime's event database (opened once, kept in runtime.extra)."""
    store = runtime.extra.get("audit_chain")
    if store is None:
        db = open_audit_db(runtime.settings)
        runtime.resources.register("audit chain database", db.close)
        store = runtime.extra["audit_chain"] = ChainStore(db)
    assert isinstance(store, ChainStore)
    return store


def audit_key(runtime: Runtime) -> Ed25519PrivateKey:
    key = runtime.extra.get("audit_key")
    if key is None:
        key = runtime.extra["audit_key"] = signing_key(runtime.settings)
    assert isinstance(key, Ed25519PrivateKey)
    return key


def notifications(runtime: Runtime, after: int, page: int = PAGE) -> Iterator[list[Any]]:
    """Pages of stored records (still encrypted) with notification id > `after`."""
    recorder = runtime.app.recorder
    while True:
        batch = recorder.select_notifications(after, page, inclusive_of_start=False)
        if not batch:
            return
        yield list(batch)
        after = batch[-1].id


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def extend(
    runtime: Runtime, *, every: int = EVERY, progress: Progress | None = None, by: str = "?"
) -> int:
    """Append links for records stored since the head; sign a checkpoint every `every` links.

    Extending vouches for the records as they are now, so it is never a side effect of
    verification: only the explicit command (`audit extend`/`checkpoint`) and the API server's
    keeper call it, and each extension is logged (positions and counts only, never content).
    Several processes may extend at once (API workers, the CLI): the loser of a race on the
    same positions starts again from the new head.
    """
    for _ in range(20):
        try:
            before, added = _extend(runtime, every, progress)
        except AuditConflict:
            continue
        if added:
            log.info(
                "hash chain extended by %s: positions %d..%d (%d records)",
                by,
                before + 1,
                before + added,
                added,
            )
        return added
    raise AuditConflict("the chain kept moving while extending it; try again")


def _extend(runtime: Runtime, every: int, progress: Progress | None) -> tuple[int, int]:
    """(the head position it started from, the number of links added)."""
    store = chain_store(runtime)
    head = store.head()
    position, after, previous = (
        (0, 0, GENESIS) if head is None else (head.position, head.notification_id, head.link)
    )
    start = position
    total = max((runtime.app.recorder.max_notification_id() or 0) - after, 0)
    key, added, topics = audit_key(runtime), 0, dict[str, bytes]()
    lock = runtime.app.recorder.events_table_name if runtime.settings.chain_at_write else None  # type: ignore[attr-defined]
    for batch in notifications(runtime, after):
        links = chain_page(previous, batch, topics)
        rows = [
            (position + i, n.id, str(n.originator_id), n.originator_version, links[i - 1])
            for i, n in enumerate(batch, start=1)
        ]
        first = position + every - position % every
        marks = [
            sign(key, p, batch[p - position - 1].id, links[p - position - 1], now())
            for p in range(first, position + len(batch) + 1, every)
        ]
        store.append_rows(rows, lock=lock)
        position, previous = position + len(batch), links[-1]
        if marks:
            store.add_checkpoints(marks)
        added += len(rows)
        if progress is not None:
            progress(added, total)
    return start, added


def checkpoint_head(runtime: Runtime) -> Checkpoint | None:
    """Sign the current head (if not yet signed), so the exported file covers the whole log."""
    store = chain_store(runtime)
    head = store.head()
    if head is None:
        return None
    if not store.checkpointed(head.position):
        with suppress(AuditConflict):
            store.add_checkpoints(
                [sign(audit_key(runtime), head.position, head.notification_id, head.link, now())]
            )
    return next(c for c in store.checkpoints() if c.position == head.position)


def backfill(runtime: Runtime, every: int) -> int:
    """Sign the checkpoints at multiples of `every` that the chain lacks (e.g. a new interval)."""
    store = chain_store(runtime)
    have = {c.position for c in store.checkpoints()}
    marks = []
    for position in range(every, store.length() + 1, every):
        row = store.at(position) if position not in have else None
        if row is not None:
            marks.append(sign(audit_key(runtime), position, row.notification_id, row.link, now()))
    if marks:
        with suppress(AuditConflict):  # another process signed them at the same moment
            store.add_checkpoints(marks)
    return len(marks)


def export_checkpoints(runtime: Runtime, every: int | None = None) -> dict[str, Any]:
    """The small JSON document an auditor keeps outside the system."""
    public = public_key_hex(audit_key(runtime))
    if every is not None:
        backfill(runtime, every)
    checkpoint_head(runtime)
    marks = chain_store(runtime).checkpoints()
    return {
        "format": FORMAT,
        "public_key": public,
        "key_id": key_id(public),
        "exported_at": now(),
        "head": marks[-1].as_dict() if marks else None,
        "checkpoints": [c.as_dict() for c in marks],
    }


def read_checkpoint_file(data: dict[str, Any]) -> tuple[str, list[Checkpoint]]:
    """Parse an exported file; ValueError (a clear one) when it is not one of ours."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a Percorsi checkpoint file (format {FORMAT} expected)")
    try:
        marks = [
            Checkpoint(
                int(c["position"]),
                int(c["notification_id"]),
                str(c["link"]),
                str(c["created_at"]),
                str(c["signature"]),
            )
            for c in data["checkpoints"]
        ]
        return str(data["public_key"]), marks
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"malformed checkpoint file: {type(error).__name__}") from None
