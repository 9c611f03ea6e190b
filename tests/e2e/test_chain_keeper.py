"""A running API server keeps the audit hash chain at the log's head, without anyone asking."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from uuid import uuid4

from infra.audit.chain import chain_store
from infra.bootstrap import build
from tests.helpers import household, meta, personal, profile

from .conftest import start_api


def chained_head(settings: object) -> tuple[int, int]:
    """(last notification id covered by the chain, last notification id in the log)."""
    runtime = build(settings, load_catalogue=False)  # type: ignore[arg-type]
    try:
        head = chain_store(runtime).head()
        covered = 0 if head is None else head.notification_id
        return covered, int(runtime.app.recorder.max_notification_id() or 0)
    finally:
        runtime.close()


def wait_until_chained(settings: object, timeout: float = 30.0) -> tuple[int, int]:
    deadline = time.monotonic() + timeout
    covered, head = chained_head(settings)
    while covered < head and time.monotonic() < deadline:
        time.sleep(0.3)
        covered, head = chained_head(settings)
    return covered, head


def test_the_server_extends_the_chain_over_new_records(tmp_path: Path) -> None:
    server = start_api(tmp_path / "var", PERCORSI_CHAIN_EXTEND_SECONDS="0.5")
    try:
        covered, head = wait_until_chained(server.settings)
        assert head > 0 and covered == head  # the catalogue's records, chained on start

        runtime = build(server.settings, load_catalogue=False)
        person_id = uuid4()
        runtime.app.register_person(
            meta(),
            occurred_on=date(2019, 5, 2),
            person_id=person_id,
            personal=personal(person_id),
            profile=profile(),
            household=household(),
        )
        runtime.close()
        covered, new_head = wait_until_chained(server.settings)
        assert new_head > head and covered == new_head
    finally:
        server.stop()
