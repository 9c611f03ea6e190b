"""What verification found: the first bad position, and how a mismatch is classified.

At a position where the recomputed link differs from the stored one, the two records involved
are looked up — the raw one found there, and the one the chain expected there:
- same record identity, different link          → modified (bytes, topic or notification id)
- raw record unknown to the chain, expected one still in the log → inserted
- raw record known to the chain, expected one gone from the log  → removed
- both known and present, in another place       → reordered
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ..bootstrap import Runtime
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
    """A bad position (1-based chain position; 0 for a stored row outside the chained range)
    and the kind of change found there, with the record's identity where it is known."""

    position: int
    notification_id: int | None
    kind: str
    detail: str
    originator_id: str | None = None
    originator_version: int | None = None

    def describe(self, lang: str = "it") -> str:
        it, en = KINDS[self.kind]
        label = en if lang == "en" else it
        if self.position:
            where = f"{'position' if lang == 'en' else 'posizione'} {self.position}"
        else:
            where = "outside the chain" if lang == "en" else "fuori dalla catena"
        ident = [] if self.notification_id is None else [f"notification id {self.notification_id}"]
        if self.originator_id is not None:
            ident.append(f"aggregate {self.originator_id} v{self.originator_version}")
        return f"{label} — {where}{' (' + ', '.join(ident) + ')' if ident else ''}: {self.detail}"


def diagnose(runtime: Runtime, store: ChainStore, position: int, raw: Any) -> Finding:
    expected = store.at(position)
    assert expected is not None
    raw_id = (str(raw.originator_id), int(raw.originator_version))
    if (expected.originator_id, expected.originator_version) == raw_id:
        detail = (
            "notification id changed"
            if expected.notification_id != raw.id
            else "stored bytes or topic differ"
        )
        return Finding(position, raw.id, "modified", detail, *raw_id)
    raw_known = store.position_of(*raw_id) is not None
    present = in_log(runtime, expected.originator_id, expected.originator_version)
    if raw_known and present:
        return Finding(
            position,
            raw.id,
            "reordered",
            f"the record chained at position {store.position_of(*raw_id)} is here",
            *raw_id,
        )
    if raw_known:
        return Finding(
            position,
            expected.notification_id,
            "removed",
            "the record chained here is no longer in the log",
            expected.originator_id,
            expected.originator_version,
        )
    if present:
        return Finding(position, raw.id, "inserted", "a record the chain never saw", *raw_id)
    return Finding(position, raw.id, "modified", "record identity rewritten", *raw_id)


def in_log(runtime: Runtime, originator_id: str, version: int) -> bool:
    try:
        oid: Any = UUID(originator_id)
    except ValueError:
        oid = originator_id
    return bool(runtime.app.recorder.select_events(oid, gt=version - 1, lte=version, limit=1))


def unreadable(store: ChainStore, position: int) -> Finding:
    expected = store.at(position + 1)
    return Finding(
        position + 1,
        expected.notification_id if expected else None,
        "modified",
        "a stored record cannot be read (its type or encoding was changed)",
    )
