"""The store guard: secrets are made once, with the store, and checked at every start.

A fingerprint of each secret file and the key store's id are kept in `percorsi_secrets`, a
small table in the event store's own database (SQLite file or PostgreSQL database), so they
travel with the log in every backup and every host sharing one PostgreSQL store checks against
the same record (ADR 0008). At start:

- a store with no data at all (no events, no recorded fingerprint, no key in the key store)
  bootstraps itself: missing secrets and the key store are created, and their fingerprints
  recorded — first use, the demo and the tests rely on it;
- any other store must find every secret and its key store, each the one it was made with;
  otherwise the command stops with one line naming the file and what to do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from . import secrets
from .crypto import identity
from .failures import FileDamaged, SecretMismatch, SecretMissing
from .pg_ddl import serialised
from .settings import Settings

KEY_STORE = "key-store"
TABLE = "percorsi_secrets"
_DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} "
    "(name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, recorded_at TEXT NOT NULL)"
)


@dataclass
class _Meta:
    """The event store's database, as the guard needs it (SQLite or PostgreSQL)."""

    conn: Any
    postgres: bool

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.postgres:
            cur = self.conn.execute(query.replace("?", "%s"), params)
            return list(cur.fetchall()) if cur.description else []
        return list(self.conn.execute(query, params).fetchall())

    def has_events(self) -> bool:
        table = "percorsi_events" if self.postgres else "stored_events"
        if self.postgres:
            if self.sql(f"SELECT to_regclass('{table}') IS NOT NULL") != [(True,)]:
                return False
        elif not self.sql("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)):
            return False
        return bool(self.sql(f"SELECT 1 FROM {table} LIMIT 1"))

    def recorded(self) -> dict[str, str]:
        return {str(n): str(f) for n, f in self.sql(f"SELECT name, fingerprint FROM {TABLE}")}

    def record(self, found: dict[str, str]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        conflict = "ON CONFLICT (name) DO NOTHING" if self.postgres else "ON CONFLICT DO NOTHING"
        for name, fp in found.items():
            self.sql(f"INSERT INTO {TABLE} VALUES (?, ?, ?) {conflict}", (name, fp, now))


@contextmanager
def _meta(settings: Settings) -> Iterator[_Meta]:
    if settings.is_postgres:
        import psycopg

        with psycopg.connect(settings.database, autocommit=True) as conn:
            meta = _Meta(conn, True)
            meta.sql(serialised(_DDL))
            yield meta
        return
    path = settings.sqlite_path
    db = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as error:
            if "not a database" not in str(error) and "malformed" not in str(error):
                raise
            raise FileDamaged(
                f"event store {path} is damaged ({error}): restore it from backup"
            ) from None
        meta = _Meta(db, False)
        meta.sql(_DDL)
        yield meta
    finally:
        db.close()


def _key_store(settings: Settings, meta: _Meta) -> identity.KeyStoreState:
    if settings.is_postgres:
        return identity.probe_postgres(meta.conn)
    return identity.probe_sqlite(settings.keystore_path)


def _make_key_store(settings: Settings, meta: _Meta) -> str:
    if settings.is_postgres:
        return identity.make_postgres(meta.conn)
    return identity.make_sqlite(settings.keystore_path)


def ensure(settings: Settings) -> None:
    """Check (or, for a store without any data, create) every secret and the key store."""
    with _meta(settings) as meta:
        recorded = meta.recorded()
        store = _key_store(settings, meta)
        if recorded or store.has_keys or meta.has_events():
            _check(settings, meta, recorded, store)
        else:
            _bootstrap(settings, meta, store)


def _fingerprints(settings: Settings) -> dict[str, str]:
    return {k.name: secrets.fingerprint(k.name, secrets.read(settings, k)) for k in secrets.KINDS}


def _check(
    settings: Settings, meta: _Meta, recorded: dict[str, str], store: identity.KeyStoreState
) -> None:
    if secrets.SIGNING.name not in recorded and not _signed_anything(meta):
        # A store made before fingerprints that never signed a checkpoint may still lack the
        # signing key (it was made on first use): nothing was signed with it, so making it now
        # loses nothing, and the upgraded demo data keeps working.
        secrets.create(settings, secrets.SIGNING)
    found = _fingerprints(settings)  # raises SecretMissing/FileDamaged, naming the file
    for kind in secrets.KINDS:
        expected = recorded.get(kind.name)
        if expected is not None and expected != found[kind.name]:
            raise SecretMismatch(
                f"secret {secrets.path_of(settings, kind)} is not the one this store was made "
                f"with ({kind.purpose}): restore the right file from backup"
            )
    if not store.exists:
        raise SecretMissing(
            f"key store {store.where} is missing while the store holds data (without it every "
            "woman would read as erased): restore it from backup"
        )
    if not recorded and not meta.has_events():
        raise SecretMissing(
            f"the key store {store.where} holds keys but the event store "
            f"{_event_store_name(settings)} is empty or missing: restore it from backup"
        )
    expected_store = recorded.get(KEY_STORE)
    if expected_store is not None and store.store_id != expected_store:
        raise SecretMismatch(
            f"key store {store.where} is not this store's (its id differs): restore the key "
            "store that belongs to this event store from backup"
        )
    if store.store_id is None:  # a store made before ids: adopt it as it is
        store_id = _make_key_store(settings, meta)
        store = identity.KeyStoreState(store.where, True, store_id, store.has_keys)
    missing = {n: fp for n, fp in found.items() if n not in recorded}
    if expected_store is None and store.store_id is not None:
        missing[KEY_STORE] = store.store_id
    if missing:  # a store made before fingerprints: record what it runs with now
        meta.record(missing)


def _signed_anything(meta: _Meta) -> bool:
    """Whether any checkpoint was ever signed (then the signing key must be the old one)."""
    table = "percorsi_audit_checkpoints"
    if meta.postgres:
        if meta.sql(f"SELECT to_regclass('{table}') IS NOT NULL") != [(True,)]:
            return False
    elif not meta.sql("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)):
        return False
    return bool(meta.sql(f"SELECT 1 FROM {table} LIMIT 1"))


def _bootstrap(settings: Settings, meta: _Meta, store: identity.KeyStoreState) -> None:
    for kind in secrets.KINDS:
        secrets.create(settings, kind)
    found = _fingerprints(settings)
    found[KEY_STORE] = store.store_id or _make_key_store(settings, meta)
    meta.record(found)
    now = meta.recorded()
    if now != found:  # another process bootstrapped at the same moment with other values
        raise SecretMismatch(
            "two processes created this store's secrets at once and disagree: stop them, "
            "remove the new data dir and start one"
        )


def _event_store_name(settings: Settings) -> str:
    return "(PostgreSQL)" if settings.is_postgres else str(settings.sqlite_path)


def status(settings: Settings) -> list[tuple[str, bool, str]]:
    """(what, ok, detail) per secret and for the key store, without raising (for `doctor`)."""
    rows: list[tuple[str, bool, str]] = []
    with _meta(settings) as meta:
        recorded = meta.recorded()
        for kind in secrets.KINDS:
            try:
                fp = secrets.fingerprint(kind.name, secrets.read(settings, kind))
            except (SecretMissing, FileDamaged) as error:
                rows.append((kind.name, False, str(error)))
                continue
            expected = recorded.get(kind.name)
            ok = expected == fp
            detail = "matches the store" if ok else "NOT this store's" if expected else "unrecorded"
            rows.append((kind.name, ok, detail))
        try:
            store = _key_store(settings, meta)
        except FileDamaged as error:
            rows.append(("key store", False, str(error)))
            return rows
        expected = recorded.get(KEY_STORE)
        ok = store.exists and expected is not None and store.store_id == expected
        detail = (
            "matches the store" if ok else "missing" if not store.exists else "NOT this store's"
        )
        rows.append(("key store", ok, f"{store.where}: {detail}"))
    return rows
