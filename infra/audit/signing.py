"""Ed25519 signing of checkpoints: the private key is a secret file, the public key travels.

An auditor keeps the exported checkpoint file (with the public key) outside the system; a log
rewritten afterwards cannot reproduce the signed links without the private key.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from ..secrets import secret_file
from ..settings import Settings

KEY_FILE = "audit-signing.key"


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement: the chain's link at `position` (notification `notification_id`)."""

    position: int
    notification_id: int
    link: str
    created_at: str
    signature: str

    def payload(self) -> bytes:
        return (
            f"percorsi-checkpoint-v1|{self.position}|{self.notification_id}|{self.link}|"
            f"{self.created_at}"
        ).encode()

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The audit signing key, created on first use.

    Another process may be creating the file at this very moment (secret files are written
    after they are created), so a short or empty read is retried briefly.
    """
    for _ in range(100):
        made = Ed25519PrivateKey.generate().private_bytes_raw().hex().encode()
        raw = secret_file(settings, KEY_FILE, made)
        if len(raw) == 64:
            return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(raw.decode()))
        time.sleep(0.02)
    raise ValueError(f"the audit signing key file {KEY_FILE} is damaged")


def public_key_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes_raw().hex()


def key_id(public_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16]


def sign(
    key: Ed25519PrivateKey, position: int, notification_id: int, link: bytes, created_at: str
) -> Checkpoint:
    unsigned = Checkpoint(position, notification_id, link.hex(), created_at, "")
    signature = key.sign(unsigned.payload()).hex()
    return Checkpoint(position, notification_id, link.hex(), created_at, signature)


def signature_ok(public_hex: str, checkpoint: Checkpoint) -> bool:
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        public.verify(bytes.fromhex(checkpoint.signature), checkpoint.payload())
    except (InvalidSignature, ValueError):
        return False
    return True


def signature_ok_bytes(public_hex: str, payload: bytes, signature_hex: str) -> bool:
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        public.verify(bytes.fromhex(signature_hex), payload)
    except (InvalidSignature, ValueError):
        return False
    return True
