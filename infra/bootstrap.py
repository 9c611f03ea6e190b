"""The composition root: settings → event store, key store, sealer → the Percorsi application."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.shared.roles import ActorRole
from domain.shared.values import Meta
from services.app import Percorsi

from .catalogue import read_catalogue
from .crypto.keystore import KeyStore, PostgresKeyStore, SQLiteKeyStore
from .crypto.sealer import KeyStoreSealer
from .crypto.store_cipher import TOPIC as STORE_CIPHER
from .guard import ensure
from .resources import Resources
from .secrets import cipher_key, key_encryption_key
from .settings import Settings, private_files


def event_store_env(settings: Settings, **extra: str) -> dict[str, str]:
    """eventsourcing's own settings, derived from ours (storage chosen by settings, not code)."""
    env = {
        "CIPHER_TOPIC": STORE_CIPHER,  # the library's AES-GCM, its key schedule kept per thread
        "CIPHER_KEY": cipher_key(settings),
    }
    if settings.is_postgres:
        env.update(
            {
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                **settings.postgres_parts(),
                "POSTGRES_POOL_SIZE": "5",
                "POSTGRES_MAX_OVERFLOW": "10",
                # No pre-ping: it costs a round trip per checkout (~⅓ of a command's time,
                # measured by bench_commands), and the library already retries every read
                # and write on InterfaceError/OperationalError, which covers stale connections.
                "POSTGRES_PRE_PING": "n",
            }
        )
    else:
        env.update(
            {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(settings.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        )
    if settings.chain_at_write:
        backend = "postgres" if settings.is_postgres else "sqlite"
        env["APPLICATION_RECORDER_TOPIC"] = f"infra.audit.write_chain:{_RECORDERS[backend]}"
    elif not settings.is_postgres:  # the head check and statement cache (ADR 0026)
        env["APPLICATION_RECORDER_TOPIC"] = "infra.store_recorder:SQLiteRecorder"
    else:  # DDL under an advisory lock: processes starting together
        env["APPLICATION_RECORDER_TOPIC"] = "infra.pg_recorder:PostgresRecorder"
    env.update(extra)
    return env


_RECORDERS = {"sqlite": "ChainingSQLiteRecorder", "postgres": "ChainingPostgresRecorder"}


def open_keystore(settings: Settings) -> KeyStore:
    if settings.is_postgres:
        return PostgresKeyStore(settings.database)
    return SQLiteKeyStore(settings.keystore_path)


@dataclass
class Runtime:
    """What entry points need: the settings, the application and its sealer.

    `resources` holds everything opened for this runtime, the key store and the event store
    first (registered here), then whatever is opened on demand (the audit chain's database);
    `close` closes them newest first. `extra` is a cache of objects made on demand (the chain
    store, the audit key), never closed through it.
    """

    settings: Settings
    app: Percorsi
    sealer: KeyStoreSealer
    extra: dict[str, Any] = field(default_factory=dict)
    resources: Resources = field(default_factory=Resources)

    def __post_init__(self) -> None:
        self.resources.register("key store", self.sealer.keystore.close)
        self.resources.register("event store", self.app.close)

    def close(self) -> None:
        """Close every resource, newest first, each once; a second call does nothing.

        Every close is attempted even when one fails; the failures are then raised together
        (`ResourcesNotClosed`).
        """
        self.resources.close()


def build(
    settings: Settings | None = None,
    *,
    reveal: bool = True,
    load_catalogue: bool = True,
    **env: str,
) -> Runtime:
    """Wire everything; `reveal=False` for processes that must never see personal data.

    The store guard runs first: a missing, damaged or swapped secret or key store stops here,
    before anything is opened (and so before anything could be created over existing data).
    """
    private_files()
    settings = settings or Settings()
    ensure(settings)
    sealer = KeyStoreSealer(open_keystore(settings), key_encryption_key(settings), reveal=reveal)
    app = Percorsi(env=event_store_env(settings, **env), sealer=sealer)
    if load_catalogue:
        system = Meta("percorsi", ActorRole.SYSTEM, "catalogue", "cli")
        app.load_catalogue(system, read_catalogue(settings.catalogue_file))
    return Runtime(settings, app, sealer)
