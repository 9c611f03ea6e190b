"""Shared fixtures: real stores only — a SQLite file per test, a PostgreSQL database per test.

PostgreSQL comes from PERCORSI_TEST_POSTGRES_URL (set by `make test` / .ci/run after they start
the server). Without it the PostgreSQL tests fail loudly: a missing server is a bug, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
import pytest

from infra.bootstrap import Runtime, build
from infra.settings import Settings

BACKENDS = ["sqlite", "postgres"]
# Storing each snapshot's unfiltered answers costs every query once per publish (ADR 0024):
# off in tests, which publish often; tests of that path turn it on or call it directly.
os.environ.setdefault("PERCORSI_ANALYTICS_ANSWERS", "0")


def postgres_admin_url() -> str:
    url = os.environ.get("PERCORSI_TEST_POSTGRES_URL")
    if not url:
        pytest.fail("PERCORSI_TEST_POSTGRES_URL is not set: run the tests with `make test`")
    return url


def fresh_postgres_database() -> str:
    """Create an empty database for one test and return its URL."""
    admin = postgres_admin_url()
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlparse(admin)
    return urlunparse(parts._replace(path=f"/{name}"))


def drop_postgres_database(url: str) -> None:
    """Drop a test's database, ending any connection a test left open (pools not closed)."""
    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(postgres_admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cleaned(settings: Settings) -> Iterator[Settings]:
    yield settings
    if settings.is_postgres:
        drop_postgres_database(settings.database)


def make_settings(tmp_path: Path, backend: str, **overrides: object) -> Settings:
    url = None if backend == "sqlite" else fresh_postgres_database()
    return Settings(data_dir=tmp_path / "var", database_url=url, **overrides)  # type: ignore[arg-type]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(tmp_path: Path, backend: str) -> Iterator[Settings]:
    yield from cleaned(make_settings(tmp_path, backend))


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, "sqlite")


@pytest.fixture
def postgres_settings(tmp_path: Path) -> Iterator[Settings]:
    yield from cleaned(make_settings(tmp_path, "postgres"))


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    rt = build(settings)
    yield rt
    rt.close()
