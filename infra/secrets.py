"""Secret files: created once with mode 0600, read on start, never printed or logged."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from eventsourcing.cryptography import AESCipher

from .settings import Settings


def _read_or_create(path: Path, make: bytes) -> bytes:
    """Create atomically: the secret is written to a private temp file, then hard-linked into
    place, so a process starting at the same moment reads either nothing or the whole secret."""
    if path.exists():
        return path.read_bytes().strip()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(make)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return path.read_bytes().strip()  # another process won the race: use its secret
    finally:
        tmp.unlink(missing_ok=True)
    return make


def cipher_key(settings: Settings) -> str:
    """The whole-event AES key (eventsourcing's CIPHER_KEY), base64 text."""
    made = AESCipher.create_key(32).encode()
    return _read_or_create(settings.secrets_dir / "event-cipher.key", made).decode()


def key_encryption_key(settings: Settings) -> bytes:
    """Wraps each woman's data key in the key store, so the store alone reveals nothing."""
    made = base64.b64encode(os.urandom(32))
    return base64.b64decode(_read_or_create(settings.secrets_dir / "kek.key", made))


def pseudonym_secret(settings: Settings) -> bytes:
    """HMAC secret for analytic pseudonyms; kept here, never in DuckDB."""
    made = base64.b64encode(os.urandom(32))
    return base64.b64decode(_read_or_create(settings.secrets_dir / "pseudonym.key", made))


def secret_file(settings: Settings, name: str, make: bytes) -> bytes:
    """Any other secret (e.g. the audit signing key), created on first use."""
    return _read_or_create(settings.secrets_dir / name, make)
