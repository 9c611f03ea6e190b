"""The worker's DuckDB file: schema, tracking position, batch writes and snapshot publishing.

Rows and the tracking position are written in one DuckDB transaction, so after a crash the
file holds either the whole batch and its position or neither (exactly-once, DESIGN §5).
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from projections import schema
from projections.projector import Changes
from projections.shared import snapshot_path


class Status:
    """The tracking row: where the worker is in the log, and what it saw."""

    def __init__(self, row: tuple[Any, ...] | None) -> None:
        self.schema_version = int(row[0]) if row else schema.SCHEMA_VERSION
        self.position = int(row[1]) if row else 0
        self.events = int(row[4]) if row and row[4] is not None else 0
        self.business_date: date | None = row[5] if row else None


class AnalyticsStore:
    """One writable DuckDB file; only the projection worker ever opens one."""

    def __init__(self, path: Path, *, threads: int | None = None) -> None:
        self.path = path
        self.threads = threads
        path.parent.mkdir(parents=True, exist_ok=True)
        self.con = self._connect()
        # One transaction: a process killed while creating the file leaves either nothing or
        # the tables with their tracking row, never tables without a position.
        self.con.execute("BEGIN TRANSACTION")
        try:
            for statement in schema.ddl():
                self.con.execute(statement)
            if self.con.execute("SELECT count(*) FROM projection_status").fetchone() == (0,):
                self.con.execute(
                    "INSERT INTO projection_status VALUES (?, 0, 0, 0, 0, NULL, NULL, NULL)",
                    [schema.SCHEMA_VERSION],
                )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(self.path))
        if self.threads:
            con.execute(f"SET threads = {int(self.threads)}")
        return con

    def purge(self, *, person_keys: list[str], case_keys: list[str]) -> int:
        """Delete every row of these women and of these cases, in one transaction; the number
        of cases removed."""
        if not person_keys and not case_keys:
            return 0
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.register("_people", _key_frame(person_keys))
            con.register("_cases", _key_frame(case_keys))
            gone = (
                "SELECT case_key FROM case_facts WHERE person_key IN (SELECT k FROM _people) "
                "UNION SELECT k FROM _cases"
            )
            con.execute(f"CREATE TEMP TABLE _gone AS {gone}")
            row = con.execute("SELECT count(*) FROM _gone").fetchone()
            for table in schema.CASE_TABLES:
                con.execute(f"DELETE FROM {table} WHERE case_key IN (SELECT case_key FROM _gone)")
            con.execute("DROP TABLE _gone")
            con.unregister("_people")
            con.unregister("_cases")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return int(row[0]) if row else 0

    def compact(self) -> None:
        """Rewrite the file with its live rows only, and swap it in.

        Deleted rows (an erased woman's, a withdrawn consent's) otherwise stay as bytes in the
        file's freed blocks — a CHECKPOINT does not overwrite them — until those blocks are
        reused. The copy holds live rows only; the old file is replaced by an atomic rename.
        """
        tmp = self.path.with_name(f"{self.path.name}.compact.tmp")
        tmp.unlink(missing_ok=True)
        self._copy_to(tmp)
        self.con.close()
        os.replace(tmp, self.path)
        Path(f"{self.path}.wal").unlink(missing_ok=True)
        _fsync_dir(self.path.parent)
        self.con = self._connect()

    def _copy_to(self, tmp: Path) -> None:
        self.con.execute(f"ATTACH '{tmp}' AS snap")
        try:
            source = self.con.execute("SELECT current_database()").fetchone()
            self.con.execute(f'COPY FROM DATABASE "{source[0] if source else "main"}" TO snap')
        finally:
            self.con.execute("DETACH snap")
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())

    def status(self) -> Status:
        return Status(self.con.execute("SELECT * FROM projection_status").fetchone())

    def close(self) -> None:
        self.con.close()

    def write(self, changes: Changes, *, position: int, head: int, events: int) -> None:
        """Apply one batch and move the tracking position, atomically."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for table, (column, keys) in changes.deletes.items():
                con.register("_keys", _key_frame(keys))
                con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT k FROM _keys)")
                con.unregister("_keys")
            for table, frame in changes.inserts.items():
                if frame.height:
                    con.register("_rows", frame)
                    con.execute(f"INSERT INTO {table} SELECT * FROM _rows")
                    con.unregister("_rows")
            for code, territory, generation in changes.programme_updates:
                for table in schema.CASE_TABLES:
                    con.execute(
                        f"UPDATE {table} SET territory = ? WHERE programme = ?", [territory, code]
                    )
                con.execute(
                    "UPDATE case_facts SET generation = ? WHERE programme = ?", [generation, code]
                )
            con.execute(
                "UPDATE projection_status SET position = ?, head = ?, lag = ?, "
                "events = events + ?, business_date = coalesce(?, business_date), last_run = ?",
                [
                    position,
                    max(head, position),
                    max(head - position, 0),
                    events,
                    changes.business_date,
                    datetime.now(UTC).replace(tzinfo=None),
                ],
            )
            if changes.inserts.get("case_facts") is not None or changes.business_date:
                con.execute(schema.REFRESH_SQL)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def mark_run(self, head: int) -> None:
        """Record that the worker looked (head and lag), even when nothing new came in."""
        self.con.execute(
            "UPDATE projection_status SET head = ?, lag = greatest(? - position, 0), last_run = ?",
            [head, head, datetime.now(UTC).replace(tzinfo=None)],
        )

    def publish(self, *, whole_file: bool = False) -> Path:
        """Copy the database into a new file and rename it over the published snapshot.

        The copy is logical (COPY FROM DATABASE: live rows only). `whole_file`: checkpoint and
        copy the file's bytes instead, several times faster — only for a file built from
        empty in one go and compacted after any purge (a fresh rebuild), whose free blocks
        hold no row that was deleted for an erasure or a withdrawal (ADR 0005, 0021).
        """
        target = snapshot_path(self.path)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        now = datetime.now(UTC).replace(tzinfo=None)
        self.con.execute("UPDATE projection_status SET published_at = ?", [now])
        if whole_file:
            self.con.execute("FORCE CHECKPOINT")
            shutil.copyfile(self.path, tmp)
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
        else:
            self._copy_to(tmp)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
        _store_answers(target)
        return target

    def table_hashes(self) -> dict[str, str]:
        """An order-independent hash of every table's content (crash tests compare these)."""
        out = {}
        for name in [*schema.CASE_TABLES, *schema.OTHER_TABLES]:
            row = self.con.execute(
                f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM {name} AS t"
            ).fetchone()
            out[name] = f"{row[0]}:{row[1]}" if row else "0:0"
        return out


def _store_answers(snapshot: Path) -> None:
    """The unfiltered view's answers for the default k and the configured one, computed by a
    process of their own and stored beside the snapshot just published (ADR 0024, 0027): the
    publisher returns at once and its memory never holds them."""
    from projections.shared import DEFAULT_K

    from ..settings import Settings
    from .answers import store_answers_soon

    settings = Settings()
    if settings.analytics_answers:
        store_answers_soon(snapshot, {DEFAULT_K, settings.suppression_k})


def _key_frame(keys: list[str]) -> Any:
    import polars as pl

    return pl.DataFrame({"k": keys}, schema={"k": pl.String()})


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
