"""Answers stored beside a snapshot are exactly what the readers would compute (ADR 0024).

On the simulator's `small` lineage: every stored answer is compared with the same query run
on the same snapshot without them; readers that must not use them (other protection, a
filter, another k, answers stamped for another snapshot) compute instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import projections.queries as q
from infra.analytics.answers import answers_pending
from infra.analytics.store import AnalyticsStore
from infra.settings import Settings
from projections.queries import PUBLISHED, AnalyticsReader, Filters, Protection, snapshot_path
from projections.queries.published import answers_path, lookup, materialise, snapshot_identity


@pytest.fixture
def snapshot(small_analytics: Settings, tmp_path: Path) -> Iterator[Path]:
    """A copy of the `small` snapshot (the session's one is shared and read-only)."""
    path = tmp_path / "analytics.snapshot.duckdb"
    shutil.copy(snapshot_path(small_analytics.duckdb_path), path)
    yield path


def same(a: pl.DataFrame, b: pl.DataFrame) -> None:
    # Sums of floats (hours) may differ in the last bits between two runs of one query.
    assert_frame_equal(a, b, check_exact=False, rel_tol=1e-9)


def test_every_stored_answer_is_the_queries_own(snapshot: Path) -> None:
    stored = materialise(snapshot, PUBLISHED, [10, 5])
    assert stored == 2 * len(PUBLISHED)
    plain = AnalyticsReader(snapshot, use_published=False)
    served = AnalyticsReader(snapshot)
    try:
        for k in (10, 5):
            for name, query in PUBLISHED.items():
                found = lookup(served, name, k)
                assert found is not None, name
                expected = query(plain, Filters(), k)
                same(found.frame, expected.frame)
                assert (found.position, found.k, found.notes) == (
                    expected.position,
                    expected.k,
                    expected.notes,
                )
                assert query(served, Filters(), k).frame.equals(found.frame)  # via the memo
    finally:
        plain.close()
        served.close()


def test_readers_that_must_not_use_them_compute(snapshot: Path) -> None:
    materialise(snapshot, {"time_to_first_job": q.time_to_first_job}, [10])
    unprotected = AnalyticsReader(snapshot, Protection(enabled=False))
    served = AnalyticsReader(snapshot)
    try:
        assert lookup(unprotected, "time_to_first_job", 10) is None
        assert lookup(served, "time_to_first_job", 5) is None  # another k
        assert lookup(served, "employment_follow_up", 10) is None  # not stored
        assert lookup(served, "time_to_first_job", 10) is not None
        filtered = q.time_to_first_job(served, Filters(programmes=("LESFEMMES",)), 10)
        everything = q.time_to_first_job(served, Filters(), 10)
        assert not filtered.frame.equals(everything.frame)
    finally:
        unprotected.close()
        served.close()


def test_answers_stamped_for_another_snapshot_are_ignored(snapshot: Path, tmp_path: Path) -> None:
    materialise(snapshot, {"overview_totals": q.overview_totals}, [10])
    other = tmp_path / "other" / snapshot.name
    other.parent.mkdir()
    shutil.copy(snapshot, other)
    shutil.copy(answers_path(snapshot), answers_path(other))
    working = tmp_path / "other" / "analytics.duckdb"
    shutil.copy(snapshot, working)
    store = AnalyticsStore(working)
    try:
        store.publish()  # a new publish time: the copied answers belong to the old one
    finally:
        store.close()
    reader = AnalyticsReader(other)
    try:
        assert lookup(reader, "overview_totals", 10) is None
    finally:
        reader.close()


def _published(working: Path) -> None:
    store = AnalyticsStore(working)
    try:
        store.publish()
    finally:
        store.close()


def _settled(target: Path) -> None:
    deadline = time.monotonic() + 300
    while answers_pending(target) and time.monotonic() < deadline:
        time.sleep(0.2)  # the publish returned at once; the answers process works meanwhile
    assert not answers_pending(target)


@pytest.fixture
def working(small_analytics: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the `small` analytics file to publish from, with stored answers turned on."""
    monkeypatch.setenv("PERCORSI_ANALYTICS_ANSWERS", "1")
    path = tmp_path / "analytics.duckdb"
    shutil.copy(small_analytics.duckdb_path, path)
    return path


def test_a_publish_stores_them_in_a_process_of_its_own(working: Path) -> None:
    threads = set(threading.enumerate())
    _published(working)
    target = snapshot_path(working)
    # The answers are not computed here: no thread of the publisher holds them (ADR 0027),
    # and the lock the publisher took is held by the process it started until they are stored.
    assert set(threading.enumerate()) <= threads
    assert answers_pending(target)
    assert not answers_path(target).exists()
    _settled(target)
    reader = AnalyticsReader(target)
    try:
        found = lookup(reader, "suppression_report", 10)
        assert found is not None
        assert found.position == reader.position
    finally:
        reader.close()
    assert stored_stamp(target) == snapshot_identity(target)


def test_a_newer_publish_supersedes_the_computation_in_progress(working: Path) -> None:
    target = snapshot_path(working)
    _published(working)
    first = snapshot_identity(target)
    assert answers_pending(target)  # computing the first snapshot's answers
    time.sleep(0.01)  # a publish time is to the microsecond: make the second one differ
    _published(working)  # finds the lock held: starts nothing, the running process follows
    second = snapshot_identity(target)
    assert first is not None and second is not None and first != second
    _settled(target)
    assert stored_stamp(target) == second  # never the first one's, written late over it
    reader = AnalyticsReader(target)
    try:
        assert lookup(reader, "overview_totals", 10) is not None
    finally:
        reader.close()


def test_a_rebuild_command_returns_before_its_answers_are_stored(
    small_analytics: Settings, tmp_path: Path
) -> None:
    """`percorsi rebuild` run with its output read (as the bench and scripts do) returns once
    the snapshot is published: the answers process neither holds its pipe nor its exit."""
    data = tmp_path / "var"
    shutil.copytree(small_analytics.resolved_data_dir, data)
    env = {**os.environ, "PERCORSI_ANALYTICS_ANSWERS": "1", "PERCORSI_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, "-c", "from infra.cli import main; main()", "rebuild", "--quiet"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=600,
    )
    assert "rebuild" in done.stdout
    target = snapshot_path(Settings(data_dir=data).duckdb_path)
    identity = snapshot_identity(target)
    assert answers_pending(target)  # still being computed, by another process
    _settled(target)
    assert stored_stamp(target) == identity


def stored_stamp(snapshot: Path) -> tuple[int, str]:
    """The (position, publish time) the answers file beside `snapshot` is stamped with."""
    table = pl.read_parquet(answers_path(snapshot))
    assert table.height == len(PUBLISHED)  # the default k, also the configured one here
    return int(table["position"][0]), str(table["published_at"][0])


def test_a_cold_export_reads_the_stored_release_and_gives_the_same_rows(
    snapshot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rebuilding the release (reading every case, the level search) is most of a cold
    export: with the release stored, neither runs, and the export is row for row the one
    computed from the snapshot (rows come shuffled), with the same notes."""
    from projections.queries import release as release_module

    plain = AnalyticsReader(snapshot, use_published=False)
    try:
        expected = q.microdata_export(plain, Filters(), 10)
        expected_emp = q.microdata_export(plain, Filters(programmes=("EMP",)), 10)
    finally:
        plain.close()
    materialise(snapshot, {"microdata_release": q.microdata_release}, [10])

    def refused(*_: object, **__: object) -> None:
        raise AssertionError("the release was rebuilt although it is stored")

    monkeypatch.setattr(release_module, "_search", refused)
    monkeypatch.setattr(release_module, "cases", refused)
    served = AnalyticsReader(snapshot)
    try:
        found = q.microdata_export(served, Filters(), 10)
        found_emp = q.microdata_export(served, Filters(programmes=("EMP",)), 10)
    finally:
        served.close()
    for got, want in ((found, expected), (found_emp, expected_emp)):
        assert got.notes == want.notes
        columns = got.frame.columns
        assert got.frame.sort(columns).equals(want.frame.sort(columns))
    assert 0 < found_emp.frame.height < found.frame.height
