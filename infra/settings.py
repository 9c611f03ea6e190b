"""Settings from environment variables prefixed PERCORSI_; every file lives under the data dir."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlparse

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Read once at start. Secrets live in files under `data_dir/secrets`, never in logs."""

    model_config = SettingsConfigDict(env_prefix="PERCORSI_", extra="ignore")

    data_dir: Path = Field(default=Path("./var"), description="where every file goes")
    database_url: str | None = Field(
        default=None,
        description="sqlite:///path or postgresql://user:pw@host:port/db; "
        "default: a SQLite file in the data dir",
    )
    catalogue_file: Path | None = Field(default=None, description="programme catalogue TOML")
    suppression_k: int = Field(default=10, ge=2, description="smallest cell shown in analytics")
    host: str = "127.0.0.1"
    api_port: int = 8000
    dashboard_port: int = 8050
    log_level: str = "INFO"
    chain_extend_seconds: float = Field(
        default=10.0, ge=0, description="how often a server extends the audit hash chain (0: off)"
    )
    audit_full_verify_hours: float = Field(
        default=24.0,
        ge=0,
        description="a running API server re-verifies the whole audit chain when the last full "
        "verification is older than this (0: never; the Audit page checks only what is new)",
    )
    analytics_answers: bool = Field(
        default=True,
        description="after each publish, compute the unfiltered view of every page once and "
        "store it beside the snapshot, so cold readers answer at once (ADR 0024)",
    )
    chain_at_write: bool = Field(
        default=False,
        description="each save chains its own records in its transaction (no unchained tail; "
        "the server then only signs checkpoints). Run `audit extend` once before turning it on",
    )

    @cached_property
    def resolved_data_dir(self) -> Path:
        """Created private (0700): everything under it is personal or secret."""
        path = self.data_dir.expanduser().resolve()
        if not path.is_dir():
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.chmod(0o700)
        return path

    @property
    def secrets_dir(self) -> Path:
        path = self.resolved_data_dir / "secrets"
        path.mkdir(mode=0o700, exist_ok=True)
        return path

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{self.resolved_data_dir / 'events.sqlite'}"

    @property
    def is_postgres(self) -> bool:
        return self.database.startswith(("postgresql://", "postgres://"))

    @property
    def sqlite_path(self) -> Path:
        if self.is_postgres:
            raise ValueError("the event store is PostgreSQL, not SQLite")
        return Path(self.database.removeprefix("sqlite:///"))

    @property
    def keystore_path(self) -> Path:
        return self.resolved_data_dir / "keys.sqlite"

    @property
    def duckdb_path(self) -> Path:
        return self.resolved_data_dir / "analytics.duckdb"

    def postgres_parts(self) -> dict[str, str]:
        url = urlparse(self.database)
        return {
            "POSTGRES_DBNAME": url.path.lstrip("/"),
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
        }


def private_files() -> None:
    """Files 0600 and directories 0700 for everything this process creates (stores, DuckDB
    files and snapshots, secrets, locks): set once by every entry point before any file."""
    os.umask(0o077)
