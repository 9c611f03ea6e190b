"""An unlucky operator's day, through the real CLI in a subprocess: one line and an exit code.

Keys deleted, damaged or swapped, the key store deleted or damaged, the disk full, the data
directory read-only. Every case must stop the command with one readable line naming what to
do — never a traceback — and with the exit code documented in `percorsi --help`; and no secret
or key store is ever recreated over existing data.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from infra.settings import Settings
from tests.conftest import cleaned, make_settings

SECRET_FILES = ["event-cipher.key", "kek.key", "pseudonym.key", "audit-signing.key"]


def run(settings: Settings, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PERCORSI_DATA_DIR": str(settings.data_dir), "COLUMNS": "200"}
    env.pop("PERCORSI_DEBUG", None)
    if settings.database_url:
        env["PERCORSI_DATABASE_URL"] = settings.database_url
    else:
        env.pop("PERCORSI_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "from infra.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def one_line(done: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    """The command failed with `code` and exactly one error line holding `words`."""
    assert done.returncode == code, (done.returncode, done.stderr[-3000:])
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("errore / error:")]
    assert len(errors) == 1, done.stderr[-3000:]
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


@pytest.fixture
def store(tmp_path: Path, backend: str) -> Iterator[Settings]:
    """A store made by `percorsi init`: its catalogue events are data from then on."""
    for settings in cleaned(make_settings(tmp_path, backend)):
        done = run(settings, "init")
        assert done.returncode == 0, done.stderr
        yield settings


def secrets_dir(settings: Settings) -> Path:
    return Path(settings.data_dir) / "secrets"


@pytest.mark.parametrize("name", SECRET_FILES)
def test_a_missing_secret_stops_every_command_and_is_not_recreated(
    store: Settings, name: str
) -> None:
    (secrets_dir(store) / name).unlink()
    commands = [["init"]] if name != "kek.key" else [["info"], ["init"], ["project", "--once"]]
    for command in commands:
        one_line(run(store, *command), 3, name, "missing", "restore")
    assert not (secrets_dir(store) / name).exists()


@pytest.mark.parametrize("name", ["kek.key", "audit-signing.key"])
def test_a_damaged_secret_is_named(store: Settings, name: str) -> None:
    path = secrets_dir(store) / name
    path.write_bytes(path.read_bytes()[:20])  # truncated, as by a bad copy
    one_line(run(store, "info"), 4, name, "damaged", "restore")


@pytest.mark.parametrize("name", ["kek.key", "pseudonym.key", "event-cipher.key"])
def test_a_secret_swapped_for_another_is_refused(store: Settings, name: str) -> None:
    path = secrets_dir(store) / name
    path.write_bytes(base64.b64encode(os.urandom(32)))  # valid, but another store's
    one_line(run(store, "info"), 3, name, "not the one", "restore")


def test_the_signing_key_of_another_store_is_refused(store: Settings, tmp_path: Path) -> None:
    other = make_settings(tmp_path / "other", "sqlite")
    assert run(other, "init").returncode == 0
    (secrets_dir(store) / "audit-signing.key").write_bytes(
        (secrets_dir(other) / "audit-signing.key").read_bytes()
    )
    one_line(run(store, "info"), 3, "audit-signing.key", "not the one")


def test_a_missing_key_store_is_refused_not_recreated(store: Settings) -> None:
    if store.is_postgres:
        with psycopg.connect(store.database, autocommit=True) as conn:
            conn.execute("DROP TABLE percorsi_data_keys, percorsi_keystore_meta")
    else:
        (Path(store.data_dir) / "keys.sqlite").unlink()
    one_line(run(store, "info"), 3, "key store", "missing", "restore")
    if store.is_postgres:
        with psycopg.connect(store.database) as conn:
            found = conn.execute("SELECT to_regclass('percorsi_data_keys')").fetchone()
        assert found == (None,)
    else:
        assert not (Path(store.data_dir) / "keys.sqlite").exists()


def test_another_stores_key_store_is_refused(store: Settings) -> None:
    if store.is_postgres:
        with psycopg.connect(store.database, autocommit=True) as conn:
            conn.execute("UPDATE percorsi_keystore_meta SET value = 'another'")
    else:
        import sqlite3

        db = sqlite3.connect(Path(store.data_dir) / "keys.sqlite")
        db.execute("UPDATE keystore_meta SET value = 'another'")
        db.commit()
        db.close()
    one_line(run(store, "info"), 3, "key store", "not this store's")


def test_a_damaged_key_store_or_event_store_is_named(sqlite_settings: Settings) -> None:
    assert run(sqlite_settings, "init").returncode == 0
    keys = Path(sqlite_settings.data_dir) / "keys.sqlite"
    keys.write_bytes(b"garbage, not a database " * 400)
    one_line(run(sqlite_settings, "info"), 4, "keys.sqlite", "damaged")
    events = Path(sqlite_settings.data_dir) / "events.sqlite"
    events.write_bytes(b"garbage, not a database " * 400)
    one_line(run(sqlite_settings, "info"), 4, "events.sqlite", "damaged")


def test_doctor_reports_health_and_problems(store: Settings) -> None:
    healthy = run(store, "doctor")
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert "kek.key" in healthy.stdout and "sano / healthy" in healthy.stdout
    (secrets_dir(store) / "pseudonym.key").unlink()
    sick = run(store, "doctor")
    assert sick.returncode == 3 and "Traceback" not in sick.stderr
    assert "FAIL secrets" in sick.stdout and "pseudonym.key" in sick.stdout


def test_help_documents_the_exit_codes(sqlite_settings: Settings) -> None:
    shown = run(sqlite_settings, "--help")
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())
    for fragment in ("3 a secret", "4 a damaged file", "5 disk full", "6 read-only", "130"):
        assert fragment in text


# -- the disk and the file system ------------------------------------------------------------


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@pytest.fixture
def root_only() -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs or a read-only bind mount needs root")


def test_a_full_disk_is_one_line(tmp_path: Path, root_only: None) -> None:
    small = tmp_path / "small"
    small.mkdir()
    _mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(small))
    try:
        settings = Settings(data_dir=small / "var")
        assert run(settings, "init").returncode == 0
        done = run(settings, "seed", "--size", "small", timeout=300)
        one_line(done, 5, "disk full")
    finally:
        subprocess.run(["umount", "-l", str(small)], check=False)


def test_a_read_only_data_dir_is_one_line(tmp_path: Path, root_only: None) -> None:
    settings = Settings(data_dir=tmp_path / "var")
    assert run(settings, "init").returncode == 0
    data = str(tmp_path / "var")
    _mount("--bind", data, data)
    try:
        _mount("-o", "remount,ro,bind", data)
        one_line(run(settings, "seed", "--size", "small"), 6, "read-only")
    finally:
        subprocess.run(["umount", "-l", data], check=False)


def _forget_fingerprints(settings: Settings) -> None:
    """Make the store look like one created before fingerprints existed."""
    if settings.is_postgres:
        with psycopg.connect(settings.database, autocommit=True) as conn:
            conn.execute("DELETE FROM percorsi_secrets")
    else:
        import sqlite3

        with sqlite3.connect(settings.sqlite_path) as db:
            db.execute("DELETE FROM percorsi_secrets")


def test_an_older_store_that_never_signed_gets_its_signing_key(store: Settings) -> None:
    """Upgrading data made before the guard: a signing key that was never made (nothing was
    ever signed with it) is made now; once a checkpoint is signed, it never is again."""
    _forget_fingerprints(store)
    (secrets_dir(store) / "audit-signing.key").unlink()
    done = run(store, "info")
    assert done.returncode == 0, done.stderr
    assert (secrets_dir(store) / "audit-signing.key").exists()
    signed = run(store, "audit", "checkpoint", "--out", str(Path(store.data_dir) / "cp.json"))
    assert signed.returncode == 0, signed.stderr
    _forget_fingerprints(store)
    (secrets_dir(store) / "audit-signing.key").unlink()
    one_line(run(store, "info"), 3, "audit-signing.key", "missing", "restore")
    assert not (secrets_dir(store) / "audit-signing.key").exists()
