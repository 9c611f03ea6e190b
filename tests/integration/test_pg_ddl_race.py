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
