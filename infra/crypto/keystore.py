"""Key stores holding each woman's data key, wrapped by the key-encryption key.

Deleting a row is the erasure: SQLite runs with secure_delete and a rollback journal (no WAL),
so the deleted bytes are overwritten in the file; PostgreSQL keeps them only until vacuum, and
they are wrapped anyway, so a dump or a data file never holds a usable key.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Protocol
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class KeyStore(Protocol):
    def load(self, subject_id: UUID) -> bytes | None: ...

    def load_many(self, subject_ids: list[UUID]) -> dict[UUID, bytes]: ...

    def store(self, subject_id: UUID, wrapped: bytes) -> bytes: ...

    def store_many(self, wrapped: dict[UUID, bytes]) -> None: ...

    def delete(self, subject_id: UUID) -> bool: ...


class SQLiteKeyStore:
    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.execute("PRAGMA journal_mode=DELETE")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS data_keys "
            "(subject_id TEXT PRIMARY KEY, wrapped BLOB NOT NULL)"
        )

    def load(self, subject_id: UUID) -> bytes | None:
        with self._lock:
            row = self._db.execute(
                "SELECT wrapped FROM data_keys WHERE subject_id=?", (subject_id.hex,)
            ).fetchone()
        return None if row is None else bytes(row[0])

    def load_many(self, subject_ids: list[UUID]) -> dict[UUID, bytes]:
        found: dict[UUID, bytes] = {}
        for start in range(0, len(subject_ids), 500):
            chunk = [s.hex for s in subject_ids[start : start + 500]]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT subject_id, wrapped FROM data_keys WHERE subject_id IN ({marks})",
                    chunk,
                ).fetchall()
            found.update({UUID(s): bytes(w) for s, w in rows})
        return found

    def store(self, subject_id: UUID, wrapped: bytes) -> bytes:
        """Insert unless present; return the wrapped key that is stored (first writer wins)."""
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO data_keys VALUES (?, ?)", (subject_id.hex, wrapped)
            )
            row = self._db.execute(
                "SELECT wrapped FROM data_keys WHERE subject_id=?", (subject_id.hex,)
            ).fetchone()
        return bytes(row[0])

    def store_many(self, wrapped: dict[UUID, bytes]) -> None:
        """Insert many keys in one transaction (bulk loads); existing keys are kept."""
        rows = [(subject_id.hex, key) for subject_id, key in wrapped.items()]
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany("INSERT OR IGNORE INTO data_keys VALUES (?, ?)", rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def delete(self, subject_id: UUID) -> bool:
        with self._lock:
            cursor = self._db.execute("DELETE FROM data_keys WHERE subject_id=?", (subject_id.hex,))
        return cursor.rowcount > 0


class PostgresKeyStore:
    def __init__(self, conninfo: str) -> None:
        from psycopg_pool import ConnectionPool

        self._pool = ConnectionPool(conninfo, min_size=1, max_size=4, open=True)
        with self._pool.connection() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS percorsi_data_keys "
                "(subject_id TEXT PRIMARY KEY, wrapped BYTEA NOT NULL)"
            )

    def load(self, subject_id: UUID) -> bytes | None:
        with self._pool.connection() as conn:
            row = conn.execute(
                "SELECT wrapped FROM percorsi_data_keys WHERE subject_id=%s", (subject_id.hex,)
            ).fetchone()
        return None if row is None else bytes(row[0])

    def load_many(self, subject_ids: list[UUID]) -> dict[UUID, bytes]:
        with self._pool.connection() as conn:
            rows = conn.execute(
                "SELECT subject_id, wrapped FROM percorsi_data_keys WHERE subject_id = ANY(%s)",
                ([s.hex for s in subject_ids],),
            ).fetchall()
        return {UUID(s): bytes(w) for s, w in rows}

    def store(self, subject_id: UUID, wrapped: bytes) -> bytes:
        with self._pool.connection() as conn:
            conn.execute(
                "INSERT INTO percorsi_data_keys VALUES (%s, %s) "
                "ON CONFLICT (subject_id) DO NOTHING",
                (subject_id.hex, wrapped),
            )
            row = conn.execute(
                "SELECT wrapped FROM percorsi_data_keys WHERE subject_id=%s", (subject_id.hex,)
            ).fetchone()
        assert row is not None
        return bytes(row[0])

    def store_many(self, wrapped: dict[UUID, bytes]) -> None:
        """Insert many keys in one transaction (bulk loads); existing keys are kept."""
        rows = [(subject_id.hex, key) for subject_id, key in wrapped.items()]
        with self._pool.connection() as conn, conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO percorsi_data_keys VALUES (%s, %s) "
                "ON CONFLICT (subject_id) DO NOTHING",
                rows,
            )

    def delete(self, subject_id: UUID) -> bool:
        with self._pool.connection() as conn:
            cursor = conn.execute(
                "DELETE FROM percorsi_data_keys WHERE subject_id=%s", (subject_id.hex,)
            )
        return cursor.rowcount > 0

    def close(self) -> None:
        self._pool.close()


def wrap(kek: bytes, subject_id: UUID, key: bytes) -> bytes:
    nonce = AESGCM.generate_key(bit_length=128)[:12]
    return nonce + AESGCM(kek).encrypt(nonce, key, subject_id.bytes)


def unwrap(kek: bytes, subject_id: UUID, wrapped: bytes) -> bytes:
    return AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], subject_id.bytes)
