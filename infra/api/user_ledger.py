"""Idempotency for the user commands, which live beside the event store, not in it.

The event-sourced commands keep a CommandRecord in the same transaction as their events; user
commands keep a row here instead: the command id (`api:<admin>:<key>`), the use case, the
request's fingerprint and the user it acted on. A repeat answers as the first time; the same key
on another use case or another request is refused.

A token is shown once and stored only as a hash, so a repeat cannot look it up: a token issued
under an Idempotency-Key is derived (HMAC) from a server secret, the command id and the
request's fingerprint, so the repeat derives the same token again. Without the secret nothing
about the token can be computed from what is stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from typing import Any, Protocol

from domain.shared.errors import IdempotencyKeyReused
from domain.shared.roles import ActorRole
from services.base import command_record_id

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS percorsi_api_commands (command_id TEXT PRIMARY KEY,"
    " command TEXT NOT NULL, request_hash TEXT NOT NULL, subject TEXT NOT NULL)"
)


class _Backend(Protocol):
    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def create(self, *statements: str) -> None: ...


class CommandLedger:
    def __init__(self, backend: _Backend) -> None:
        self._db = backend
        self._db.create(_SCHEMA)

    def recall(self, command_id: str, command: str, request_hash: str) -> str | None:
        """The user a first run of this command acted on, or None if there was none."""
        rows = self._db.run(
            "SELECT command, request_hash, subject FROM percorsi_api_commands WHERE command_id = ?",
            (command_id,),
        )
        if not rows:
            return None
        first_command, first_hash, subject = rows[0]
        if (first_command, first_hash) != (command, request_hash):
            raise IdempotencyKeyReused(
                "this Idempotency-Key was already used for another request",
                field="Idempotency-Key",
            )
        return str(subject)

    def holds(self, role: ActorRole, command_id: str) -> bool:
        """True if this ledger has a command under `command_id` of a caller in `role` (only
        admins write here, so for any other role it is known without asking the database)."""
        if role is not ActorRole.ADMIN:
            return False
        rows = self._db.run(
            "SELECT 1 FROM percorsi_api_commands WHERE command_id = ?", (command_id,)
        )
        return bool(rows)

    def remember(self, command_id: str, command: str, request_hash: str, subject: str) -> None:
        self._db.run(
            "INSERT INTO percorsi_api_commands (command_id, command, request_hash, subject) "
            "VALUES (?, ?, ?, ?)",
            (command_id, command, request_hash, subject),
        )


def in_event_ledger(app: Any, command_id: str) -> bool:
    """True if the event store holds a command record under `command_id` (any command)."""
    return bool(app.recorder.select_events(command_record_id(command_id), limit=1))


def refuse_if_in_event_ledger(app: Any, command_id: str) -> None:
    """A user command under a key an event-sourced command already used: refused, nothing
    written (422 `idempotency_key_reused`, like every reuse)."""
    if in_event_ledger(app, command_id):
        raise IdempotencyKeyReused(
            "this Idempotency-Key was already used for another request",
            field="Idempotency-Key",
        )


def derived_token(secret: bytes, command_id: str, request_hash: str) -> str:
    """The token a command issues under an Idempotency-Key (the same on every repeat)."""
    message = b"percorsi-api-token/1\0" + command_id.encode() + b"\0" + request_hash.encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return "pct_" + base64.urlsafe_b64encode(digest).decode().rstrip("=")
