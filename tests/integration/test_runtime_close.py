"""`Runtime.close` closes its registry of resources newest first, every one, each once."""

from __future__ import annotations

import sqlite3
from uuid import uuid4

import psycopg
import psycopg_pool
import pytest

from infra.audit.chain import chain_store
from infra.bootstrap import build
from infra.resources import ResourcesNotClosed
from infra.settings import Settings

CLOSED_ERRORS = (sqlite3.ProgrammingError, psycopg.OperationalError, psycopg_pool.PoolClosed)


def test_a_failing_close_does_not_skip_the_others_and_a_second_close_is_safe(
    settings: Settings,
) -> None:
    runtime = build(settings)
    chain = chain_store(runtime)  # opened on demand: registered after the stores
    closed: list[str] = []

    def failing() -> None:
        closed.append("failing")
        raise OSError("the disk went away")

    runtime.resources.register("first extra", lambda: closed.append("first"))
    runtime.resources.register("failing", failing)
    runtime.resources.register("last", lambda: closed.append("last"))
    assert runtime.resources.names() == [
        "key store",
        "event store",
        "audit chain database",
        "first extra",
        "failing",
        "last",
    ]

    with pytest.raises(ResourcesNotClosed) as caught:
        runtime.close()
    assert closed == ["last", "failing", "first"]  # newest first, past the failure
    [error] = caught.value.exceptions
    assert isinstance(error, OSError) and "while closing failing" in (error.__notes__ or [])
    # The real resources registered before the failing one were closed too.
    with pytest.raises(CLOSED_ERRORS):
        chain.db.run("SELECT 1")
    with pytest.raises(CLOSED_ERRORS):
        runtime.sealer.keystore.load(uuid4())
    assert runtime.resources.names() == []

    runtime.close()  # a second close does nothing and raises nothing
    assert closed == ["last", "failing", "first"]


def test_a_runtime_closes_cleanly_when_nothing_fails(settings: Settings) -> None:
    runtime = build(settings)
    chain_store(runtime)
    runtime.close()
    runtime.close()
    assert runtime.resources.names() == []
