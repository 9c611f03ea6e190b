"""The key store's identity: a random id written into it when it is made.

The store guard records this id beside the event log, so a key store that went missing (and
would otherwise be recreated empty — every woman reading as erased) or was swapped for another
store's is refused at start instead of being used.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..failures import FileDamaged
from ..pg_ddl import serialised

SQLITE_DDL = (
    "CREATE TABLE IF NOT EXISTS data_keys (subject_id TEXT PRIMARY KEY, wrapped BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS erased_keys (subject_id TEXT PRIMARY KEY)",
    "CREATE TABLE IF NOT EXISTS keystore_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
PG_DDL = (
    "CREATE TABLE IF NOT EXISTS percorsi_data_keys "
    "(subject_id TEXT PRIMARY KEY, wrapped BYTEA NOT NULL)",
    "CREATE TABLE IF NOT EXISTS percorsi_erased_keys (subject_id TEXT PRIMARY KEY)",
    "CREATE TABLE IF NOT EXISTS percorsi_keystore_meta "
    "(name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


@dataclass(frozen=True)
class KeyStoreState:
    """What the guard saw: whether the store exists, its id, whether it holds any key."""

    where: str
    exists: bool
    store_id: str | None
    has_keys: bool


def probe_sqlite(path: Path) -> KeyStoreState:
    """Look without creating anything (a missing file stays missing)."""
    if not path.exists():
        return KeyStoreState(str(path), False, None, False)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "data_keys" not in tables:
            return KeyStoreState(str(path), False, None, False)
        has_keys = db.execute(
            "SELECT EXISTS(SELECT 1 FROM data_keys) OR EXISTS(SELECT 1 FROM erased_keys)"
        ).fetchone() == (1,)
        store_id = None
        if "keystore_meta" in tables:
            row = db.execute("SELECT value FROM keystore_meta WHERE name='store_id'").fetchone()
            store_id = row[0] if row else None
        return KeyStoreState(str(path), True, store_id, has_keys)
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error) or "malformed" in str(error):
            raise FileDamaged(
                f"key store {path} is damaged ({error}): restore it from backup"
            ) from None
        raise
    finally:
        db.close()


def make_sqlite(path: Path) -> str:
    """Create the key store (or adopt one without an id) and return its id."""
    db = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        db.execute("PRAGMA journal_mode=DELETE")
        for statement in SQLITE_DDL:
            db.execute(statement)
        db.execute(
            "INSERT OR IGNORE INTO keystore_meta VALUES ('store_id', ?)", (uuid.uuid4().hex,)
        )
        row = db.execute("SELECT value FROM keystore_meta WHERE name='store_id'").fetchone()
        return str(row[0])
    finally:
        db.close()


def probe_postgres(conn: Any) -> KeyStoreState:
    """The key store tables live in the event store's database on PostgreSQL."""
    where = "tables percorsi_data_keys/percorsi_keystore_meta"
    found = conn.execute(
        "SELECT to_regclass('percorsi_data_keys') IS NOT NULL, "
        "to_regclass('percorsi_erased_keys') IS NOT NULL, "
        "to_regclass('percorsi_keystore_meta') IS NOT NULL"
    ).fetchone()
    if not found[0]:
        return KeyStoreState(where, False, None, False)
    has_keys = bool(conn.execute("SELECT EXISTS(SELECT 1 FROM percorsi_data_keys)").fetchone()[0])
    if found[1]:
        has_keys = has_keys or bool(
            conn.execute("SELECT EXISTS(SELECT 1 FROM percorsi_erased_keys)").fetchone()[0]
        )
    store_id = None
    if found[2]:
        row = conn.execute(
            "SELECT value FROM percorsi_keystore_meta WHERE name='store_id'"
        ).fetchone()
        store_id = row[0] if row else None
    return KeyStoreState(where, True, store_id, has_keys)


def make_postgres(conn: Any) -> str:
    conn.execute(serialised(*PG_DDL))
    conn.execute(
        "INSERT INTO percorsi_keystore_meta VALUES ('store_id', %s) ON CONFLICT DO NOTHING",
        (uuid.uuid4().hex,),
    )
    row = conn.execute("SELECT value FROM percorsi_keystore_meta WHERE name='store_id'").fetchone()
    return str(row[0])
