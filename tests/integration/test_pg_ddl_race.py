"""Processes that open one PostgreSQL store at the same moment (two API workers starting, the
seeding workers beside their parent) all get a working store: the library's DDL ends with
`CREATE OR REPLACE FUNCTION`, which PostgreSQL refuses with "tuple concurrently updated" when
two sessions run it at once, so ours runs it one process at a time (infra/pg_recorder.py)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.postgres import PostgresApplicationRecorder

from infra.bootstrap import build, event_store_env
from infra.pg_recorder import PostgresRecorder
from infra.settings import Settings

OPENERS = 8
ROUNDS = 10


def _create_together(settings: Settings, recorder_topic: str | None) -> list[str]:
    """Create the event store's tables from OPENERS threads released at once; the errors."""
    build(settings, load_catalogue=False).close()  # secrets, key store: made once, first
    env: dict[str, Any] = event_store_env(settings)
    if recorder_topic:
        env["APPLICATION_RECORDER_TOPIC"] = recorder_topic
    from eventsourcing.persistence import InfrastructureFactory

    start, errors = threading.Barrier(OPENERS), []

    def open_one() -> None:
        factory = InfrastructureFactory.construct(env=_Env(env))
        try:
            recorder = factory.application_recorder()
            start.wait()
            recorder.create_table()
        except Exception as error:  # what a starting worker would die of
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            factory.close()

    threads = [threading.Thread(target=open_one) for _ in range(OPENERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


class _Env(dict[str, Any]):
    """The library's Environment wants a name and a dict; CREATE_TABLE off so the factory
    itself does not create (the threads do, together)."""

    def __init__(self, env: dict[str, Any]) -> None:
        super().__init__({**env, "CREATE_TABLE": "no"})
        self.name = "Percorsi"

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key, default)


def test_stores_opened_together_all_work(postgres_settings: Settings) -> None:
    for _ in range(ROUNDS):  # DDL on a store whose tables exist still replaces the function
        assert _create_together(postgres_settings, None) == []
    runtime = build(postgres_settings)
    try:
        assert type(runtime.app.recorder) is PostgresRecorder
        assert runtime.app.recorder.max_notification_id() is not None
    finally:
        runtime.close()


def test_the_librarys_recorder_alone_fails_that_way(tmp_path: Path) -> None:
    """The control: without the lock the same race is refused (so the test above can fail)."""
    from tests.conftest import cleaned, make_settings

    for settings in cleaned(make_settings(tmp_path, "postgres")):
        topic = f"{PostgresApplicationRecorder.__module__}:{PostgresApplicationRecorder.__name__}"
        rounds = [_create_together(settings, topic) for _ in range(ROUNDS)]
        raced = [errors for errors in rounds if errors]
        if not raced:
            pytest.fail("the library's DDL never raced here: the control proves nothing")
        assert any("concurrently" in e for errors in raced for e in errors), raced


def _open_stores_together(settings: Settings) -> list[str]:
    """Open every other store on a fresh database from OPENERS threads released at once, as
    starting workers do; the errors."""
    from infra.api.users import open_user_store
    from infra.audit.db import open_audit_db
    from infra.audit.marks import MarkStore
    from infra.crypto.blind_index import BlindIndexStore
    from infra.crypto.blind_index import _Postgres as BlindPostgres
    from infra.crypto.keystore import PostgresKeyStore

    url = settings.database
    start, errors = threading.Barrier(OPENERS), []

    def open_one(i: int) -> None:
        start.wait()
        opened: list[Any] = []
        try:
            if i % 4 == 0:
                opened.append(PostgresKeyStore(url)._pool)
            elif i % 4 == 1:
                opened.append(open_user_store(settings))
            elif i % 4 == 2:
                opened.append(open_audit_db(settings))
                MarkStore(opened[0])
            else:
                opened.append(BlindPostgres(url))
                BlindIndexStore(opened[0])
        except Exception as error:  # what a starting worker would die of
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            for each in opened:
                each.close()

    threads = [threading.Thread(target=open_one, args=(i,)) for i in range(OPENERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _fresh_rounds(tmp_path: Path) -> list[list[str]]:
    from tests.conftest import cleaned, make_settings

    rounds = []
    for i in range(ROUNDS):
        for settings in cleaned(make_settings(tmp_path / f"round-{i}", "postgres")):
            rounds.append(_open_stores_together(settings))
    return rounds


def test_the_other_stores_created_together_on_a_fresh_database_all_work(tmp_path: Path) -> None:
    rounds = _fresh_rounds(tmp_path)
    assert [errors for errors in rounds if errors] == []


def test_without_the_lock_the_other_stores_race(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: the same openers without `serialised`'s lock fail on the catalogue."""
    import infra.api.users
    import infra.audit.db
    import infra.crypto.blind_index
    import infra.crypto.keystore

    def unlocked(*statements: str) -> str:
        return "; ".join(statements)

    for module in (
        infra.api.users,
        infra.audit.db,
        infra.crypto.blind_index,
        infra.crypto.keystore,
    ):
        monkeypatch.setattr(module, "serialised", unlocked)
    raced = [errors for errors in _fresh_rounds(tmp_path) if errors]
    if not raced:
        pytest.fail("the stores' DDL never raced here: the control proves nothing")
    assert any("pg_type" in e or "already exists" in e for errors in raced for e in errors), raced
