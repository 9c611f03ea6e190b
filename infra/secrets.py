"""Secret files: made once with the store (mode 0600), read on start, never printed or logged.

Reading never creates: a missing secret over existing data would silently change what the data
means (a new key-encryption key makes imports unreadable once the real one is restored, a new
pseudonym key renames every analytic row, a new signing key fakes tampering). Only the store
guard (`infra.guard`) creates them, and only for a store that holds no data at all.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.cryptography import AESCipher

from .failures import FileDamaged, SecretMissing
from .settings import Settings


def _b64_key() -> bytes:
    return base64.b64encode(os.urandom(32))


def _b64_32(text: bytes) -> bytes:
    raw = base64.b64decode(text, validate=True)
    if len(raw) != 32:
        raise ValueError("wrong length")
    return raw


def _hex_32(text: bytes) -> bytes:
    raw = bytes.fromhex(text.decode("ascii"))
    if len(raw) != 32:
        raise ValueError("wrong length")
    return raw


@dataclass(frozen=True)
class SecretKind:
    """One secret file: its name, how to make one, how to parse (and so validate) it."""

    name: str
    make: Callable[[], bytes]
    parse: Callable[[bytes], bytes]
    purpose: str


CIPHER = SecretKind(
    "event-cipher.key",
    lambda: AESCipher.create_key(32).encode(),
    _b64_32,
    "encrypts every stored event",
)
KEK = SecretKind("kek.key", _b64_key, _b64_32, "wraps each woman's data key in the key store")
PSEUDONYM = SecretKind("pseudonym.key", _b64_key, _b64_32, "HMAC secret of analytic pseudonyms")
SIGNING = SecretKind(
    "audit-signing.key",
    lambda: Ed25519PrivateKey.generate().private_bytes_raw().hex().encode(),
    _hex_32,
    "signs audit checkpoints and erasure proofs",
)
KINDS = (CIPHER, KEK, PSEUDONYM, SIGNING)
BY_NAME = {kind.name: kind for kind in KINDS}


def path_of(settings: Settings, kind: SecretKind) -> Path:
    return settings.secrets_dir / kind.name


def read(settings: Settings, kind: SecretKind) -> bytes:
    """The secret's raw bytes; one-line operator errors when it is missing or damaged."""
    path = path_of(settings, kind)
    try:
        text = path.read_bytes().strip()
    except FileNotFoundError:
        raise SecretMissing(
            f"secret {path} is missing: restore the secrets directory from backup "
            "(it is never recreated while the store holds data)"
        ) from None
    try:
        return kind.parse(text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise FileDamaged(
            f"secret {path} is damaged (not a valid {kind.name}): restore it from backup"
        ) from None


def fingerprint(name: str, raw: bytes) -> str:
    """A one-way digest of a 256-bit secret: names it without revealing it."""
    return hashlib.sha256(b"percorsi-secret/1\0" + name.encode() + b"\0" + raw).hexdigest()[:32]


def create(settings: Settings, kind: SecretKind) -> None:
    """Create atomically unless present: written to a private temp file, then hard-linked into
    place, so a process starting at the same moment sees either nothing or the whole secret
    (and the loser of a race keeps the winner's)."""
    path = path_of(settings, kind)
    if path.exists():
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(kind.make())
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process won: its secret stands
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def cipher_key(settings: Settings) -> str:
    """The whole-event AES key (eventsourcing's CIPHER_KEY), base64 text."""
    return base64.b64encode(read(settings, CIPHER)).decode()


def key_encryption_key(settings: Settings) -> bytes:
    """Wraps each woman's data key in the key store, so the store alone reveals nothing."""
    return read(settings, KEK)


def pseudonym_secret(settings: Settings) -> bytes:
    """HMAC secret for analytic pseudonyms; kept here, never in DuckDB."""
    return read(settings, PSEUDONYM)


def secret_file(settings: Settings, name: str, make: bytes = b"") -> bytes:
    """A secret's file content (e.g. the audit signing key as hex). Never created here: `make`
    is kept for callers written when reading created on first use."""
    kind = BY_NAME[name]
    read(settings, kind)  # validates, with the operator's message if missing or damaged
    return path_of(settings, kind).read_bytes().strip()
