"""An import is all or nothing for writes too: the store refusing the last row, or a disk
filling up, leaves exactly what was there before, and the operator reads the real cause."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from infra.bootstrap import build
from infra.legacy import ImportWriteFailed, import_legacy
from infra.settings import Settings
from infra.synthetic import personal_values
from tests.conftest import make_settings
from tests.integration.import_support import (
    EXAMPLES,
    cli,
    fill,
    head,
    mount_tmpfs,
    one_readable_line,
    stored_keys,
    stored_rows,
    unmount,
)

QUOTA = "events quota reached"


def rows_written_by_example(tmp_path: Path) -> int:
    """How many rows the example file stores (events and command records), on a scratch store."""
    runtime = build(make_settings(tmp_path / "scratch", "sqlite"))
    try:
        before = stored_rows(runtime.settings)
        import_legacy(runtime, EXAMPLES / "cases.csv")
        return stored_rows(runtime.settings) - before
    finally:
        runtime.close()


def refuse_from(settings: Settings, limit: int) -> None:
    """A real store-side refusal: a trigger rejects every insert once `limit` rows exist."""
    if settings.is_postgres:
        with psycopg.connect(settings.database, autocommit=True) as conn:
            conn.execute(
                "CREATE FUNCTION quota() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF (SELECT count(*) FROM percorsi_events) >= {limit} THEN "
                f"RAISE EXCEPTION '{QUOTA}'; END IF; RETURN NEW; END $$"
            )
            conn.execute(
                "CREATE TRIGGER quota BEFORE INSERT ON percorsi_events "
                "FOR EACH ROW EXECUTE FUNCTION quota()"
            )
    else:
        with sqlite3.connect(settings.sqlite_path) as db:
            db.execute(
                "CREATE TRIGGER quota BEFORE INSERT ON stored_events WHEN "
                f"(SELECT count(*) FROM stored_events) >= {limit} "
                f"BEGIN SELECT RAISE(ABORT, '{QUOTA}'); END"
            )


def lift_refusal(settings: Settings) -> None:
    if settings.is_postgres:
        with psycopg.connect(settings.database, autocommit=True) as conn:
            conn.execute("DROP TRIGGER quota ON percorsi_events")
    else:
        with sqlite3.connect(settings.sqlite_path) as db:
            db.execute("DROP TRIGGER quota")


def test_the_store_refusing_the_very_last_row_leaves_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    total = rows_written_by_example(tmp_path)
    runtime = build(settings)
    try:
        rows_before, keys_before, head_before = (
            stored_rows(settings),
            stored_keys(settings),
            head(runtime),
        )
        refuse_from(settings, rows_before + total - 1)  # every row fits but the last one
        with pytest.raises(ImportWriteFailed) as failed:
            import_legacy(runtime, EXAMPLES / "cases.csv", chunk_rows=5)  # many chunks
        assert QUOTA in str(failed.value) and "nothing imported" in str(failed.value)
        assert "cannot rollback" not in str(failed.value)
        assert stored_rows(settings) == rows_before and head(runtime) == head_before
        assert stored_keys(settings) == keys_before  # no key made for a woman not stored

        lift_refusal(settings)
        report = import_legacy(runtime, EXAMPLES / "cases.csv", chunk_rows=5)
        assert report.events == 56 and stored_rows(settings) == rows_before + total
        assert "Samira Esempio" in personal_values(runtime)
        again = import_legacy(runtime, EXAMPLES / "cases.csv")
        assert again.events == 0 and stored_rows(settings) == rows_before + total
    finally:
        runtime.close()


def test_the_store_refusing_the_last_row_is_one_line_from_the_cli(
    settings: Settings, tmp_path: Path
) -> None:
    total = rows_written_by_example(tmp_path)
    build(settings).close()
    before = stored_rows(settings)
    refuse_from(settings, before + total - 1)
    done = cli(settings, "import", str(EXAMPLES / "cases.csv"))
    assert done.returncode == 5, done.stderr  # the store refused the write (failures.IO)
    line = one_readable_line(done)
    assert QUOTA in line and "nothing imported" in line
    assert stored_rows(settings) == before


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Settings]:
    """A data dir on a 4 MiB tmpfs, unmounted afterwards whatever happens."""
    data = tmp_path / "var"
    mount_tmpfs(data, "4m")
    try:
        yield Settings(data_dir=data)
    finally:
        unmount(data)


def test_a_disk_filling_up_mid_import_writes_nothing_and_says_disk_full(
    tiny_disk: Settings,
) -> None:
    settings = tiny_disk
    dry = cli(settings, "import", str(EXAMPLES / "cases.csv"), "--dry-run")
    assert dry.returncode == 0, dry.stderr  # the store exists, with its catalogue
    before = stored_rows(settings)
    filler = fill(settings.data_dir, 64 * 1024)  # room to start, not to hold the file's events

    done = cli(settings, "import", str(EXAMPLES / "cases.csv"))
    assert done.returncode == 5, done.stdout + done.stderr  # disk full (failures.IO)
    line = one_readable_line(done)
    assert "disk full" in line and "nothing imported" in line, line
    assert "cannot rollback" not in line
    filler.unlink()
    assert stored_rows(settings) == before  # not one of the 112 rows

    retry = cli(settings, "import", str(EXAMPLES / "cases.csv"))
    assert retry.returncode == 0, retry.stderr
    assert "56 events appended" in retry.stdout
    runtime = build(settings)
    try:  # a key left by the failed run (if any) is the one the retry used: names read back
        assert "Samira Esempio" in personal_values(runtime)
    finally:
        runtime.close()
