"""API users and bearer tokens: tokens are stored only as SHA-256 hashes, beside the event store.

A SQLite file in the data dir when the event store is SQLite; tables in the same PostgreSQL
database when it is PostgreSQL, so every API worker sees the same users. Tokens are 32 random
bytes, so a plain SHA-256 (no salt, no stretching) is enough: there is nothing to guess.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from domain.shared.errors import AlreadyExists, InvalidValue, NotFound
from domain.shared.roles import ActorRole

from ..pg_ddl import serialised
from ..settings import Settings
from .user_ledger import CommandLedger

ALL_PROGRAMMES = "*"
API_ROLES = tuple(r for r in ActorRole if r is not ActorRole.SYSTEM)
_USER_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

# Known tokens for the demo and the README (never for real use): `percorsi serve --demo-users`.
DEMO_USERS: dict[str, tuple[ActorRole, str, str]] = {
    "demo-caseworker": (ActorRole.CASEWORKER, "LESFEMMES,EMP,SOSTENGO", "demo-token-caseworker"),
    "demo-coordinator": (ActorRole.COORDINATOR, ALL_PROGRAMMES, "demo-token-coordinator"),
    "demo-auditor": (ActorRole.AUDITOR, ALL_PROGRAMMES, "demo-token-auditor"),
    "demo-evaluator": (ActorRole.EVALUATOR, ALL_PROGRAMMES, "demo-token-evaluator"),
    "demo-manager": (ActorRole.MANAGER, ALL_PROGRAMMES, "demo-token-manager"),
    "demo-admin": (ActorRole.ADMIN, ALL_PROGRAMMES, "demo-token-admin"),
}


@dataclass(frozen=True)
class User:
    """Who is calling: an id (never a name), a role, and the programmes she works in."""

    user_id: str
    role: ActorRole
    programmes: frozenset[str]

    @property
    def all_programmes(self) -> bool:
        return ALL_PROGRAMMES in self.programmes

    def may_see(self, programme: str) -> bool:
        return self.all_programmes or programme in self.programmes


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return "pct_" + secrets.token_urlsafe(32)


def parse_programmes(text: str | Iterable[str]) -> frozenset[str]:
    items = text.split(",") if isinstance(text, str) else list(text)
    codes = frozenset(
        i.strip().upper() if i.strip() != ALL_PROGRAMMES else ALL_PROGRAMMES
        for i in items
        if i.strip()
    )
    if not codes:
        raise InvalidValue("name at least one programme, or * for all", field="programmes")
    return codes


class _Backend(Protocol):
    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def create(self, *statements: str) -> None: ...

    def close(self) -> None: ...


class UserStore:
    """Users and their hashed tokens; lookups are cached a few seconds (revocation bites fast)."""

    def __init__(self, backend: _Backend, ttl_seconds: float = 5.0) -> None:
        self._db = backend
        self._ttl = ttl_seconds
        self._cache: dict[str, tuple[User | None, float]] = {}
        self.ledger = CommandLedger(backend)
        self._db.create(*_SCHEMA)

    def add_user(
        self,
        user_id: str,
        role: ActorRole,
        programmes: str | Iterable[str],
        token: str | None = None,
    ) -> str:
        """Create a user and her first token; return the token (shown once, stored hashed)."""
        if not _USER_ID.match(user_id):
            raise InvalidValue(
                "user ids are 2–64 lowercase letters, digits, . _ -", field="user_id"
            )
        if role is ActorRole.SYSTEM:
            raise InvalidValue("the system role is not for people", field="role")
        codes = ",".join(sorted(parse_programmes(programmes)))
        if self._db.run("SELECT 1 FROM percorsi_api_users WHERE user_id = ?", (user_id,)):
            raise AlreadyExists("a user with this id exists", field="user_id")
        self._db.run(
            "INSERT INTO percorsi_api_users (user_id, role, programmes, active) "
            "VALUES (?, ?, ?, 1)",
            (user_id, role.value, codes),
        )
        return self.issue_token(user_id, token)

    def issue_token(self, user_id: str, token: str | None = None) -> str:
        if not self._db.run("SELECT 1 FROM percorsi_api_users WHERE user_id = ?", (user_id,)):
            raise NotFound("no user with this id", field="user_id")
        token = token or new_token()
        self._db.run(
            "INSERT INTO percorsi_api_tokens (token_hash, user_id, created) VALUES (?, ?, ?)",
            (hash_token(token), user_id, time.time()),
        )
        return token

    def ensure_demo_users(self) -> dict[str, str]:
        """Create the demo users with their known tokens if absent; return user → token."""
        for user_id, (role, programmes, token) in DEMO_USERS.items():
            if not self._db.run("SELECT 1 FROM percorsi_api_users WHERE user_id = ?", (user_id,)):
                self.add_user(user_id, role, programmes, token)
        return {user_id: token for user_id, (_, _, token) in DEMO_USERS.items()}

    def deactivate(self, user_id: str) -> None:
        if not self._db.run("SELECT 1 FROM percorsi_api_users WHERE user_id = ?", (user_id,)):
            raise NotFound("no user with this id", field="user_id")
        self._db.run("UPDATE percorsi_api_users SET active = 0 WHERE user_id = ?", (user_id,))
        self._cache.clear()

    def revoke_tokens(self, user_id: str) -> None:
        self._db.run("DELETE FROM percorsi_api_tokens WHERE user_id = ?", (user_id,))
        self._cache.clear()

    def find(self, user_id: str) -> User | None:
        """A user by id, active or not (who registered a woman stays known after she leaves)."""
        rows = self._db.run(
            "SELECT user_id, role, programmes FROM percorsi_api_users WHERE user_id = ?", (user_id,)
        )
        return _user(rows[0]) if rows else None

    def users(self) -> list[User]:
        rows = self._db.run(
            "SELECT user_id, role, programmes FROM percorsi_api_users "
            "WHERE active = 1 ORDER BY user_id"
        )
        return [_user(row) for row in rows]

    def close(self) -> None:
        self._db.close()

    def authenticate(self, token: str) -> User | None:
        digest = hash_token(token)
        cached = self._cache.get(digest)
        if cached is not None and time.monotonic() - cached[1] < self._ttl:
            return cached[0]
        rows = self._db.run(
            "SELECT u.user_id, u.role, u.programmes FROM percorsi_api_tokens t "
            "JOIN percorsi_api_users u ON u.user_id = t.user_id "
            "WHERE t.token_hash = ? AND u.active = 1",
            (digest,),
        )
        user = _user(rows[0]) if rows else None
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[digest] = (user, time.monotonic())
        return user


def _user(row: tuple[Any, ...]) -> User:
    return User(str(row[0]), ActorRole(row[1]), parse_programmes(str(row[2])))


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS percorsi_api_users (user_id TEXT PRIMARY KEY, role TEXT NOT NULL,"
    " programmes TEXT NOT NULL, active INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS percorsi_api_tokens (token_hash TEXT PRIMARY KEY,"
    " user_id TEXT NOT NULL REFERENCES percorsi_api_users(user_id), created DOUBLE PRECISION)",
)


class _SQLite:
    def __init__(self, path: str) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._db.execute(sql, tuple(params)).fetchall())

    def create(self, *statements: str) -> None:
        """Create tables (SQLite serialises writers itself)."""
        for statement in statements:
            self.run(statement)

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Postgres:
    def __init__(self, conninfo: str) -> None:
        from psycopg_pool import ConnectionPool

        self._pool = ConnectionPool(conninfo, min_size=1, max_size=4, open=True)

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._pool.connection() as conn:
            cursor = conn.execute(sql.replace("?", "%s"), tuple(params))
            return list(cursor.fetchall()) if cursor.description else []

    def create(self, *statements: str) -> None:
        """Create tables one process at a time (infra/pg_ddl.py)."""
        self.run(serialised(*statements))

    def close(self) -> None:
        self._pool.close()


def open_user_store(settings: Settings) -> UserStore:
    """The users of this installation, stored where its events are."""
    if settings.is_postgres:
        backend = _Postgres(settings.database)
        try:
            return UserStore(backend)
        except BaseException:
            backend.close()  # its pool's threads, not left to the collector
            raise
    return UserStore(_SQLite(str(settings.resolved_data_dir / "users.sqlite")))
