"""A keyed blind index for finding a woman already registered, without storing her data in clear.

Each registration (and each change of her personal data) yields a few tokens: HMAC-SHA256 of her
normalised fiscal code, and of her normalised name with her birth date, under a key derived from
the key-encryption key (HKDF, its own label). The index holds only `(token, person_id)`; a search
computes the same tokens from what the caseworker typed and looks them up. Without the key a
token says nothing (no dictionary attack on fiscal codes); with it, only equality is learnt.

The rows live beside the data keys (the key store's database): a lookup joins the live keys, so
an erased woman (key destroyed) is never found again, and her rows are purged on sight.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, Protocol
from uuid import UUID

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..pg_ddl import serialised

_SPACES = re.compile(r"\s+")
_NOT_NAME = re.compile(r"[^a-z ]")


def index_key(kek: bytes) -> bytes:
    """The index's own 256-bit key: the KEK itself is never used for anything but wrapping."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"percorsi/blind-index/1")
    return hkdf.derive(kek)


def normal_fiscal_code(text: str) -> str:
    return _SPACES.sub("", text).upper()


def normal_name(text: str) -> str:
    """Accents, case, punctuation and word order do not matter ("Rossi, Maria" = "maria ROSSI")."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    words = _NOT_NAME.sub(" ", plain).split()
    return " ".join(sorted(words))


class BlindKeys:
    """Computes tokens; holds the key, never a plaintext."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _token(self, kind: str, value: str) -> str:
        return hmac.new(self._key, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()

    def tokens(
        self, *, fiscal_code: str | None, full_name: str | None, birth_date: date | None
    ) -> set[str]:
        """Every token of what is given: the fiscal code alone, name and birth date together."""
        out = set()
        if fiscal_code and normal_fiscal_code(fiscal_code):
            out.add(self._token("fc", normal_fiscal_code(fiscal_code)))
        if full_name and birth_date and normal_name(full_name):
            out.add(self._token("nb", f"{normal_name(full_name)}\0{birth_date.isoformat()}"))
        return out


class _Db(Protocol):
    def run(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]: ...

    def many(self, sql: str, rows: list[tuple[Any, ...]]) -> None: ...

    def close(self) -> None: ...


class _Sqlite:
    mark = "?"
    keys = "data_keys"
    table, position = "blind_index", "blind_index_position"

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA secure_delete=ON")

    def run(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, tuple(params)).fetchall()

    def create(self, *statements: str) -> None:
        """Create tables (SQLite serialises writers itself)."""
        for statement in statements:
            self.run(statement)

    def many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(sql, rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Postgres:
    mark = "%s"
    keys = "percorsi_data_keys"
    table, position = "percorsi_blind_index", "percorsi_blind_index_position"

    def __init__(self, conninfo: str) -> None:
        from psycopg_pool import ConnectionPool

        self._pool = ConnectionPool(conninfo, min_size=1, max_size=2, open=True)

    def run(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._pool.connection() as conn:
            cursor = conn.execute(sql, tuple(params))
            return cursor.fetchall() if cursor.description else []

    def create(self, *statements: str) -> None:
        """Create tables one process at a time (infra/pg_ddl.py)."""
        self.run(serialised(*statements))

    def many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self._pool.connection() as conn, conn.cursor() as cursor:
            cursor.executemany(sql, rows)

    def close(self) -> None:
        self._pool.close()


class BlindIndexStore:
    """`(token, person_id)` rows plus how far into the event log they have been built."""

    def __init__(self, db: _Sqlite | _Postgres) -> None:
        self._db = db
        m, t, p = db.mark, db.table, db.position
        db.create(
            f"CREATE TABLE IF NOT EXISTS {t} "
            "(token TEXT, person_id TEXT, PRIMARY KEY (token, person_id))",
            f"CREATE INDEX IF NOT EXISTS {t}_person ON {t} (person_id)",
            f"CREATE TABLE IF NOT EXISTS {p} (name TEXT PRIMARY KEY, position BIGINT NOT NULL)",
        )
        self._insert = f"INSERT INTO {t} VALUES ({m}, {m}) ON CONFLICT DO NOTHING"
        self._forget = f"DELETE FROM {t} WHERE person_id = {m}"
        self._save = (
            f"INSERT INTO {p} VALUES ('log', {m}) ON CONFLICT (name) DO UPDATE SET position = "
            f"CASE WHEN excluded.position > {p}.position THEN excluded.position "
            f"ELSE {p}.position END"
        )

    @classmethod
    def open(
        cls, *, sqlite_path: Path | None = None, postgres: str | None = None
    ) -> BlindIndexStore:
        if postgres:
            return cls(_Postgres(postgres))
        assert sqlite_path is not None
        return cls(_Sqlite(sqlite_path))

    def position(self) -> int:
        rows = self._db.run(f"SELECT position FROM {self._db.position} WHERE name = 'log'")
        return int(rows[0][0]) if rows else 0

    def replace(self, entries: dict[UUID, set[str]], position: int) -> None:
        """Set each woman's tokens to exactly these (her old ones go), then the position."""
        for person_id, tokens in entries.items():
            self._db.run(self._forget, (person_id.hex,))
            if tokens:
                self._db.many(self._insert, [(t, person_id.hex) for t in sorted(tokens)])
        self._db.run(self._save, (position,))

    def lookup(self, tokens: set[str]) -> set[UUID]:
        """Women any of whose tokens matches, whose key still exists (erased: never found)."""
        if not tokens:
            return set()
        db, marks = self._db, ", ".join([self._db.mark] * len(tokens))
        rows = db.run(
            f"SELECT b.person_id, k.subject_id FROM {db.table} b LEFT JOIN {db.keys} k "
            f"ON k.subject_id = b.person_id WHERE b.token IN ({marks})",
            sorted(tokens),
        )
        found = set()
        for person, key in rows:
            if key is None:
                db.run(self._forget, (person,))  # erased: purge what is left of her
            else:
                found.add(UUID(person))
        return found

    def close(self) -> None:
        self._db.close()
