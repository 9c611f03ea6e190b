"""Verification marks: signed records of what a verification proved, so the next one can resume.

A mark says "the log was recomputed up to signed checkpoint `position` (notification id, link)
and matched, at `verified_at`, by a `full` or an `incremental` check", or, for a full check that
found tampering, what it found (`outcome`). Each mark is signed with the audit key, like a
checkpoint: a mark written or moved by anyone without the key fails its signature, so nobody can
make the quick check start past what was really verified. See docs/adr/0014.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .db import AuditDb
from .findings import Finding
from .signing import signature_ok_bytes

MARKS = "percorsi_audit_verified"
OK = "ok"


@dataclass(frozen=True)
class Mark:
    position: int
    notification_id: int
    link: str
    verified_at: str
    mode: str  # "full" | "incremental"
    outcome: str  # "ok", or a failed full check's first finding as JSON
    signature: str = ""

    def payload(self) -> bytes:
        return (
            f"percorsi-verified-v1|{self.position}|{self.notification_id}|{self.link}|"
            f"{self.verified_at}|{self.mode}|{self.outcome}"
        ).encode()

    @property
    def ok(self) -> bool:
        return self.outcome == OK

    def finding(self) -> Finding | None:
        """The finding a failed full check recorded (None for a clean mark)."""
        if self.ok:
            return None
        data: dict[str, Any] = json.loads(self.outcome)
        return Finding(**data)

    def signed_by(self, public_hex: str) -> bool:
        return signature_ok_bytes(public_hex, self.payload(), self.signature)


def now() -> str:
    """Microseconds, so marks made in the same second keep their order."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def make_mark(
    key: Ed25519PrivateKey,
    position: int,
    notification_id: int,
    link: str,
    mode: str,
    finding: Finding | None = None,
) -> Mark:
    outcome = OK if finding is None else json.dumps(asdict(finding), sort_keys=True)
    unsigned = Mark(position, notification_id, link, now(), mode, outcome)
    return replace(unsigned, signature=key.sign(unsigned.payload()).hex())


class MarkStore:
    """The marks table, beside the chain in the event store's database."""

    def __init__(self, db: AuditDb) -> None:
        self.db = db
        statement = (
            f"CREATE TABLE IF NOT EXISTS {MARKS} (verified_at TEXT NOT NULL, "
            "position BIGINT NOT NULL, notification_id BIGINT NOT NULL, link TEXT NOT NULL, "
            "mode TEXT NOT NULL, outcome TEXT NOT NULL, signature TEXT NOT NULL)"
        )
        db.create(statement)

    def add(self, mark: Mark) -> None:
        self.db.many(
            f"INSERT INTO {MARKS} VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    mark.verified_at,
                    mark.position,
                    mark.notification_id,
                    mark.link,
                    mark.mode,
                    mark.outcome,
                    mark.signature,
                )
            ],
        )

    def latest(self, mode: str | None = None) -> Mark | None:
        """The newest mark (of `mode`, when given)."""
        where, params = ("WHERE mode = ?", (mode,)) if mode else ("", ())
        rows = self.db.run(
            f"SELECT position, notification_id, link, verified_at, mode, outcome, signature "
            f"FROM {MARKS} {where} ORDER BY verified_at DESC, position DESC LIMIT 1",
            params,
        )
        if not rows:
            return None
        r = rows[0]
        return Mark(int(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]))
