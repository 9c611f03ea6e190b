"""New women's data keys, held back until the file's events are about to commit.

The key store is another database (SQLite) or another connection (PostgreSQL), so it cannot
share the events' transaction. Keys made during an import are kept here and stored in one
transaction just before the events commit: an import that fails on any row leaves no key
behind, and a dry run or a refused file writes no key at all. Should the events' commit itself
fail after the keys are stored, those keys belong to no stored event; a re-run finds and reuses
them (a key of a woman with no events unlocks nothing).

Sealing stays the `KeyStoreSealer`'s: the importer's sealer is the runtime's, `over` this
staging store instead of the real one (`KeyStoreSealer.over`).
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from infra.crypto.keystore import KeyStore

from .errors import ImportWriteFailed


class StagingKeyStore:
    """A `KeyStore` that reads through to the real one and keeps new keys in memory."""

    def __init__(self, real: KeyStore, has_events: Callable[[UUID], bool]) -> None:
        self.real = real
        self.has_events = has_events
        self.staged: dict[UUID, bytes] = {}

    def load(self, subject_id: UUID) -> bytes | None:
        return self.staged.get(subject_id) or self.real.load(subject_id)

    def load_many(self, subject_ids: list[UUID]) -> dict[UUID, bytes]:
        found = self.real.load_many(subject_ids)
        found.update({s: self.staged[s] for s in subject_ids if s in self.staged})
        return found

    def store(self, subject_id: UUID, wrapped: bytes) -> bytes | None:
        """Stage a key for a woman new to the store; None (erased) for one who has events but
        no key — her key was destroyed, and nothing new may be sealed for her."""
        present = self.load(subject_id)
        if present is not None:
            return present
        if self.has_events(subject_id):
            return None
        self.staged[subject_id] = wrapped
        return wrapped

    def store_many(self, wrapped: dict[UUID, bytes]) -> None:
        for subject_id, key in wrapped.items():
            self.store(subject_id, key)

    def delete(self, subject_id: UUID) -> bool:
        raise NotImplementedError("an import never erases")

    def close(self) -> None:
        """The real store belongs to the runtime, which closes it."""

    def flush(self) -> int:
        """Store the staged keys in one transaction; fail if any was taken meanwhile.

        Another process may have keyed or erased one of these women since she was staged: her
        events are sealed with the staged key, so they must not commit under another.
        """
        if not self.staged:
            return 0
        self.real.store_many(self.staged)
        stored = self.real.load_many(list(self.staged))
        lost = sum(stored.get(s) != key for s, key in self.staged.items())
        if lost:
            raise ImportWriteFailed(
                f"{lost} donne cancellate o modificate da un altro processo durante l'import, "
                f"nulla importato / {lost} women erased or keyed by another process during "
                "the import, nothing imported: re-run",
                "conflict",
            )
        count, self.staged = len(self.staged), {}
        return count
