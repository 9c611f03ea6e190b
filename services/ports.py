"""Ports the services need from infrastructure, as Protocols (infra provides the adapters)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol
from uuid import UUID


class Sealer(Protocol):
    """Seals a woman's personal data with her own data key (crypto-shredding).

    `unseal` returns None once her key is destroyed, or when the reader may not see plaintext.
    """

    def seal(self, subject_id: UUID, plaintext: bytes) -> bytes: ...

    def unseal(self, subject_id: UUID, ciphertext: bytes) -> bytes | None: ...

    def destroy(self, subject_id: UUID) -> bool: ...


class InMemorySealer:
    """A fake sealer for unit tests: keeps plaintext per subject, forgets it on destroy."""

    def __init__(self) -> None:
        self._live: set[UUID] = set()

    def seal(self, subject_id: UUID, plaintext: bytes) -> bytes:
        self._live.add(subject_id)
        return plaintext[::-1]

    def unseal(self, subject_id: UUID, ciphertext: bytes) -> bytes | None:
        return ciphertext[::-1] if subject_id in self._live else None

    def destroy(self, subject_id: UUID) -> bool:
        present = subject_id in self._live
        self._live.discard(subject_id)
        return present


class StoreMovedOn(Exception):
    """Raised by an event store asked to save only if its head is still where the caller saw
    it (`expected_head`), when another record was stored since: nothing was written.

    The command cache decides a command without reading the store when the store offers this
    check (`checks_head` on its recorder): the check costs nothing in the write transaction,
    and a moved head makes the command read what changed and decide again (ADR 0026).
    """


class Committer(Protocol):
    """Stores the new events of one command in one atomic write (the application's port).

    The default saves at once (`DirectCommitter`); the API plugs in a group committer that
    shares one store transaction among concurrent commands. Either way a conflict with another
    writer raises `ConcurrencyConflict` and stores none of the command's events.
    """

    def commit(self, events: Sequence[Any]) -> None: ...
