"""Decoding on both cores: a rebuild with the reader process gives the same tables.

Small chunks and batches make the shared pages cross several transactions; the result must be
byte-for-byte the same analytic content as the one-process worker's, whichever process decoded
which chunk. The reader alone (this process taking none) delivers every chunk, in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.analytics import worker as worker_module
from infra.analytics.decoding import NOT_SHIPPED, ProjectionDecoder
from infra.analytics.prefetch import LocalPages, SharedPages
from infra.analytics.runner import runtime_for_worker
from infra.analytics.store import AnalyticsStore
from infra.analytics.worker import ProjectionWorker
from infra.secrets import pseudonym_secret
from infra.settings import Settings

from .test_projection_data import seed_small, table_hashes


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    yield seed_small(tmp_path_factory.mktemp("prefetch") / "var")


def _build(settings: Settings, path: Path, prefetch: bool) -> tuple[int, bool]:
    runtime = runtime_for_worker(settings)
    store = AnalyticsStore(path)
    started: list[bool] = []
    try:
        worker = ProjectionWorker(
            runtime.app,
            store,
            pseudonym_secret(settings),
            batch_size=3_000,
            prefetch_from=settings if prefetch else None,
            prefetch_min=0,
            chunk=700,  # many chunks: some decoded here, the rest by the reader process
        )
        original = worker.step

        def step(*args: object, **kwargs: object) -> int:
            started.append(worker._pages is not None)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        worker.step = step  # type: ignore[method-assign]
        worker.catch_up()
        return store.status().events, all(started)
    finally:
        store.close()
        runtime.close()


def test_prefetched_decoding_builds_the_same_tables(
    seeded: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_module, "PAGE", 1_000)
    one_core, _ = _build(seeded, tmp_path / "one.duckdb", prefetch=False)
    two_cores, used = _build(seeded, tmp_path / "two.duckdb", prefetch=True)
    assert used  # every batch read its pages from the reader process
    assert two_cores == one_core > 3_000
    assert table_hashes(tmp_path / "two.duckdb") == table_hashes(tmp_path / "one.duckdb")


def test_the_reader_process_alone_delivers_every_chunk_in_order(seeded: Settings) -> None:
    runtime = runtime_for_worker(settings := seeded)
    try:
        decoder = ProjectionDecoder(runtime.app.mapper)
        head = runtime.app.recorder.max_notification_id() or 0
        local = LocalPages(runtime.app.recorder, decoder, head)
        shared = SharedPages(settings, local, 0, head, chunk=900, take=False)
        try:
            position, events = 0, []
            while position < head:
                page, position = shared.next_page(position, 10)
                events.extend(page)
        finally:
            shared.close()
        expected, _ = local.next_page(0, 10_000_000)
    finally:
        runtime.close()
    assert shared.taken == 0 and shared.received == shared.chunks == -(-head // 900) > 3
    assert [(e.originator_id, e.originator_version) for e in events] == [
        (e.originator_id, e.originator_version) for e in expected
    ]
    shipped = set(vars(events[0]))  # what the fold reads crossed; the rest did not
    assert {"originator_id", "originator_version", "occurred_on"} <= shipped
    assert not shipped & set(NOT_SHIPPED)
