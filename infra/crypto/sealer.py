"""AES-GCM sealing of personal values with each woman's own key (the services' Sealer port)."""

from __future__ import annotations

import os
import threading
import time
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.shared.errors import PersonErased

from .keystore import KeyStore, unwrap, wrap

_ERASED = b""


class KeyStoreSealer:
    """Seals with per-subject keys; `reveal=False` makes every unseal return None.

    Projection workers run with reveal=False: they never hold plaintext personal data at all.
    """

    def __init__(
        self, keystore: KeyStore, kek: bytes, *, reveal: bool = True, ttl_seconds: float = 2.0
    ) -> None:
        self.keystore = keystore
        self.reveal = reveal
        self._kek = kek
        self._ttl = ttl_seconds
        self._keys: dict[UUID, tuple[bytes, float]] = {}
        self._lock = threading.Lock()

    def over(self, keystore: KeyStore) -> KeyStoreSealer:
        """The same sealer (key-encryption key, reveal) over another key store: the legacy
        importer stages new keys apart until its file commits. The KEK never leaves this class."""
        return KeyStoreSealer(keystore, self._kek, reveal=self.reveal, ttl_seconds=self._ttl)

    def _key(self, subject_id: UUID, *, create: bool) -> bytes | None:
        """A cached key lives `ttl_seconds`, so an erasure by another process bites quickly."""
        cached = self._keys.get(subject_id)
        if cached is not None and time.monotonic() - cached[1] < self._ttl:
            return cached[0] or None
        wrapped = self.keystore.load(subject_id)
        if wrapped is None and create:
            wrapped = self.keystore.store(
                subject_id, wrap(self._kek, subject_id, AESGCM.generate_key(bit_length=256))
            )
        key = _ERASED if wrapped is None else unwrap(self._kek, subject_id, wrapped)
        with self._lock:
            self._keys[subject_id] = (key, time.monotonic())
        return key or None

    def seal(self, subject_id: UUID, plaintext: bytes) -> bytes:
        key = self._key(subject_id, create=True)
        if key is None:
            raise PersonErased("this person's data has been erased: nothing new is sealed for her")
        nonce = os.urandom(12)
        return nonce + AESGCM(key).encrypt(nonce, plaintext, subject_id.bytes)

    def unseal(self, subject_id: UUID, ciphertext: bytes) -> bytes | None:
        if not self.reveal:
            return None
        key = self._key(subject_id, create=False)
        if key is None:
            return None
        try:
            return AESGCM(key).decrypt(ciphertext[:12], ciphertext[12:], subject_id.bytes)
        except InvalidTag:
            return None

    def destroy(self, subject_id: UUID) -> bool:
        with self._lock:
            self._keys[subject_id] = (_ERASED, float("inf"))
        return self.keystore.delete(subject_id)

    def prepare(self, subject_ids: list[UUID]) -> None:
        """Create the missing keys of many subjects in one transaction (bulk loads, the simulator).

        One insert per new woman would cost a synced write each; this costs one for all of them.
        """
        present = self.keystore.load_many(subject_ids)
        missing = [s for s in subject_ids if s not in present]
        if missing:
            self.keystore.store_many(
                {s: wrap(self._kek, s, AESGCM.generate_key(bit_length=256)) for s in missing}
            )

    def forget_cache(self) -> None:
        """Drop cached keys (another process may have erased someone)."""
        with self._lock:
            self._keys.clear()
