"""The event store's cipher: the library's AES-GCM, keeping its key schedule per thread.

`eventsourcing.cryptography.AESCipher` builds a new `AESGCM` object (the key's schedule) for
every record it encrypts or decrypts; a command encrypts two records, a rebuild decrypts
millions. This one builds it once per thread and otherwise is the library's cipher: the same
key, a fresh random 96-bit nonce per record, the same byte layout (nonce, tag, ciphertext), so
records written by either read with either (ADR 0026, second pass). Per thread, not shared:
the `cryptography` package does not promise that one AEAD object may be used concurrently.
"""

from __future__ import annotations

import os
import threading

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment

NONCE = 12
TAG = 16

#: What `event_store_env` sets as the library's `CIPHER_TOPIC`.
TOPIC = "infra.crypto.store_cipher:StoreCipher"


class StoreCipher(AESCipher):
    """`AESCipher` with one `AESGCM` per thread (the library's format and nonces)."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self._local = threading.local()

    def _aead(self) -> AESGCM:
        try:
            aead: AESGCM = self._local.aead
        except AttributeError:
            aead = self._local.aead = AESGCM(self.key)
        return aead

    def encrypt(self, plaintext: bytes) -> bytes:
        """Nonce, tag, ciphertext: the library's layout, a fresh nonce every time."""
        nonce = os.urandom(NONCE)
        sealed = self._aead().encrypt(nonce, plaintext, None)
        return nonce + sealed[-TAG:] + sealed[:-TAG]

    def decrypt(self, ciphertext: bytes) -> bytes:
        """The library's checks and errors (a damaged record raises `ValueError`)."""
        if len(ciphertext) < NONCE + TAG:
            raise ValueError("Damaged cipher text: invalid nonce or tag length")
        nonce, tag = ciphertext[:NONCE], ciphertext[NONCE : NONCE + TAG]
        try:
            return self._aead().decrypt(nonce, ciphertext[NONCE + TAG :] + tag, None)
        except InvalidTag as error:
            raise ValueError("Invalid cipher tag") from error
