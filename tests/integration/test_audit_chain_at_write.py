"""PERCORSI_CHAIN_AT_WRITE: every save links its own records in its own transaction.

There is no unchained tail to vouch for afterwards, so a row slipped into the table between
two saves stays unlinked, and `verify` names it `inserted` at its position.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from infra.audit.chain import backfill, chain_store, extend
from infra.audit.keeper import ChainKeeper
from infra.audit.verify import verify
from infra.bootstrap import Runtime, build
from infra.settings import Settings
from tests.conftest import cleaned, make_settings
from tests.integration.audit_support import story
from tests.integration.raw_log import RawLog


@pytest.fixture
def at_write(tmp_path: Path, backend: str) -> Iterator[Settings]:
    yield from cleaned(make_settings(tmp_path, backend, chain_at_write=True))


@pytest.fixture
def linked(at_write: Settings) -> Iterator[Runtime]:
    runtime = build(at_write)
    yield runtime
    runtime.close()


def test_every_save_is_chained_as_it_commits(linked: Runtime) -> None:
    story(linked)
    story(linked, "Amina Diallo")
    stored = linked.app.recorder.max_notification_id()
    report = verify(linked)
    assert report.ok and report.unchained is None
    assert report.chained == report.records == chain_store(linked).length() > 0
    assert chain_store(linked).head().notification_id == stored  # type: ignore[union-attr]
    assert extend(linked) == 0  # nothing left for an extension to vouch for
    assert backfill(linked, 5) == report.records // 5
    assert verify(linked).checkpoints_checked == report.records // 5


def test_a_row_slipped_in_between_two_saves_is_reported_inserted(linked: Runtime) -> None:
    story(linked)
    raw = RawLog(linked)
    try:
        n = int(raw.sql("SELECT MAX({n}) FROM {t}")[0][0])
        chained = chain_store(linked).length()
        oid, topic, state = raw.sql("SELECT originator_id, topic, state FROM {t} WHERE {n} = ?", n)[
            0
        ]
        raw.sql(
            "INSERT INTO {t} (originator_id, originator_version, topic, state) VALUES (?, 7, ?, ?)",
            oid,
            topic,
            state,
        )
    finally:
        raw.close()
    story(linked, "Amina Diallo")  # the next save links its own records, not the forged one
    finding = verify(linked).finding
    assert finding is not None
    assert (finding.kind, finding.position, finding.notification_id) == (
        "inserted",
        chained + 1,
        n + 1,
    )
    assert finding.originator_version == 7


def test_concurrent_writers_and_an_extension_leave_one_consistent_chain(
    at_write: Settings,
) -> None:
    runtimes = [build(at_write, load_catalogue=i == 0) for i in range(3)]
    names = ["Uno Una", "Due Dua", "Tre Tra", "Quattro Qua", "Cinque Cin", "Sei Sei"]
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            done = [pool.submit(story, runtimes[i % 3], name) for i, name in enumerate(names)]
            done.append(pool.submit(extend, runtimes[0]))
            for future in done:
                future.result()
        report = verify(runtimes[0])
        assert report.ok and report.unchained is None and report.records == report.chained
    finally:
        for runtime in runtimes:
            runtime.close()


def test_the_keeper_only_signs_when_saves_chain_themselves(linked: Runtime) -> None:
    story(linked)
    raw = RawLog(linked)
    try:
        n = int(raw.sql("SELECT MAX({n}) FROM {t}")[0][0])
        oid, topic, state = raw.sql("SELECT originator_id, topic, state FROM {t} WHERE {n} = ?", n)[
            0
        ]
        raw.sql(
            "INSERT INTO {t} (originator_id, originator_version, topic, state) VALUES (?, 7, ?, ?)",
            oid,
            topic,
            state,
        )
    finally:
        raw.close()
    chained = chain_store(linked).length()
    keeper = ChainKeeper(linked.settings, 0.05).start()
    try:
        time.sleep(1.0)
    finally:
        keeper.stop()
    assert chain_store(linked).length() == chained  # the forged row was not vouched for
    report = verify(linked)
    assert report.unchained is not None and report.unchained.first_notification_id == n + 1
    assert "stored by other means" in " ".join(report.warnings)
