"""A key store in memory: a unit of women computed apart gets its data keys here first.

The parent copies the wrapped keys (and the erasures' tombstones) into the real key store
before it stores the unit's events, so every sealed value opens there exactly as it did in the
worker. Keys are wrapped by the same key-encryption key as the real store's, so they are
copied as they are, never unwrapped on the way.
"""

from __future__ import annotations

from uuid import UUID


class MemoryKeyStore:
    """The `KeyStore` port over two dicts: wrapped keys, and the subjects erased here."""

    def __init__(self, present: dict[UUID, bytes] | None = None) -> None:
        self.keys: dict[UUID, bytes] = dict(present or {})
        self.erased: list[UUID] = []

    def load(self, subject_id: UUID) -> bytes | None:
        return self.keys.get(subject_id)

    def load_many(self, subject_ids: list[UUID]) -> dict[UUID, bytes]:
        return {s: self.keys[s] for s in subject_ids if s in self.keys}

    def store(self, subject_id: UUID, wrapped: bytes) -> bytes | None:
        if subject_id in self.erased:
            return None
        return self.keys.setdefault(subject_id, wrapped)

    def store_many(self, wrapped: dict[UUID, bytes]) -> None:
        for subject_id, key in wrapped.items():
            self.store(subject_id, key)

    def delete(self, subject_id: UUID) -> bool:
        if subject_id not in self.erased:
            self.erased.append(subject_id)
        return self.keys.pop(subject_id, None) is not None

    def close(self) -> None:
        """Nothing to release."""
