"""Key stores holding each woman's data key, wrapped by the key-encryption key.

Deleting a row is the erasure: SQLite runs with secure_delete and a rollback journal (no WAL),
so the deleted bytes are overwritten in the file; PostgreSQL keeps them only until vacuum, and
they are wrapped anyway, so a dump or a data file never holds a usable key.

Erasure also leaves a tombstone (her id, nothing else): no new key is ever made for her, so no
later note about her can be sealed under a fresh key that would survive her erasure.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Protocol
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..failures import FileDamaged
from ..pg_ddl import serialised
from .identity import PG_DDL, SQLITE_DDL


class KeyStore(Protocol):
    def load(self, subject_id: UUID) -> bytes | None: ...

    def load_many(self, subject_ids: list[UUID]) -> dict[UUID, bytes]: ...

    def store(self, subject_id: UUID, wrapped: bytes) -> bytes | None: ...

    def store_many(self, wrapped: dict[UUID, bytes]) -> None: ...

    def delete(self, subject_id: UUID) -> bool: ...

    def close(self) -> None: ...


# Insert a key unless one exists or the subject was erased (parameters: id, wrapped key, id).
_SQLITE_INSERT = (
    "INSERT OR IGNORE INTO data_keys SELECT ?, ? "
    "WHERE NOT EXISTS (SELECT 1 FROM erased_keys WHERE subject_id = ?)"
)
_PG_INSERT = (
    "INSERT INTO percorsi_data_keys SELECT %s, %s "
    "WHERE NOT EXISTS (SELECT 1 FROM percorsi_erased_keys WHERE subject_id = %s) "
    "ON CONFLICT (subject_id) DO NOTHING"
)


class SQLiteKeyStore:
    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.execute("PRAGMA journal_mode=DELETE")
        for statement in SQLITE_DDL:
            self._db.execute(statement)

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

    def store(self, subject_id: UUID, wrapped: bytes) -> bytes | None:
        """Insert unless present; return the stored key (first writer wins), None if erased."""
        with self._lock:
            self._db.execute(_SQLITE_INSERT, (subject_id.hex, wrapped, subject_id.hex))
            row = self._db.execute(
                "SELECT wrapped FROM data_keys WHERE subject_id=?", (subject_id.hex,)
            ).fetchone()
        return None if row is None else bytes(row[0])

    def store_many(self, wrapped: dict[UUID, bytes]) -> None:
        """Insert many keys in one transaction (bulk loads); existing keys are kept."""
        rows = [(subject_id.hex, key, subject_id.hex) for subject_id, key in wrapped.items()]
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(_SQLITE_INSERT, rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def delete(self, subject_id: UUID) -> bool:
        """Destroy her key and leave her tombstone, in one transaction."""
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("INSERT OR IGNORE INTO erased_keys VALUES (?)", (subject_id.hex,))
            cursor = self._db.execute("DELETE FROM data_keys WHERE subject_id=?", (subject_id.hex,))
            self._db.execute("COMMIT")
        return cursor.rowcount > 0

    def close(self) -> None:
        with self._lock:
            self._db.close()


class PostgresKeyStore:
    def __init__(self, conninfo: str) -> None:
        from psycopg_pool import ConnectionPool

        self._pool = ConnectionPool(conninfo, min_size=1, max_size=4, open=True)
        try:
            with self._pool.connection() as conn:
                conn.execute(serialised(*PG_DDL))
        except BaseException:
            self._pool.close()  # not left to the collector: its __del__ cannot join threads
            raise

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

    def store(self, subject_id: UUID, wrapped: bytes) -> bytes | None:
        with self._pool.connection() as conn:
            conn.execute(_PG_INSERT, (subject_id.hex, wrapped, subject_id.hex))
            row = conn.execute(
                "SELECT wrapped FROM percorsi_data_keys WHERE subject_id=%s", (subject_id.hex,)
            ).fetchone()
        return None if row is None else bytes(row[0])

    def store_many(self, wrapped: dict[UUID, bytes]) -> None:
        """Insert many keys in one transaction (bulk loads); existing keys are kept."""
        rows = [(subject_id.hex, key, subject_id.hex) for subject_id, key in wrapped.items()]
        with self._pool.connection() as conn, conn.cursor() as cursor:
            cursor.executemany(_PG_INSERT, rows)

    def delete(self, subject_id: UUID) -> bool:
        """Destroy her key and leave her tombstone, in one transaction."""
        with self._pool.connection() as conn:
            conn.execute(
                "INSERT INTO percorsi_erased_keys VALUES (%s) ON CONFLICT DO NOTHING",
                (subject_id.hex,),
            )
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
    """Her data key; a row that does not open under this KEK is damage, said in one line."""
    try:
        return AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], subject_id.bytes)
    except (InvalidTag, ValueError):
        raise FileDamaged(
            "a wrapped data key in the key store does not open with kek.key: the key store "
            "or kek.key is damaged or not this store's; restore both from the same backup"
        ) from None
