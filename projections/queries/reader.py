"""How the API and the dashboard open analytics: read-only snapshots published by atomic rename.

DuckDB lets one process write a file and, while it does, no other process may open it (not even
read-only). So the projection worker alone opens the working file, and after each committed
catch-up it copies the database into a new file and renames it over the published snapshot
(docs/adr/0004-analytics-readers-and-the-writer.md). Readers open the snapshot read-only and
switch to a newer one as soon as it appears; a query in flight keeps the file it started with.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import polars as pl

from ..shared import SNAPSHOT_SUFFIX as SNAPSHOT_SUFFIX  # re-exported
from ..shared import snapshot_path as snapshot_path
from .base import AnalyticsUnavailable, ProjectionBehind
from .protection import Protection

MEMO_SIZE = 256
T = TypeVar("T")


class AnalyticsReader:
    """Read-only access to the published analytics snapshot; safe to share between threads.

    Construct with the snapshot's path, or `AnalyticsReader.beside(settings.duckdb_path)`.
    `protection` is how every published figure is perturbed (ADR 0012); tests and the accuracy
    bench pass other ones, nothing else should.
    """

    def __init__(
        self, path: Path | str, protection: Protection | None = None, *, use_published: bool = True
    ) -> None:
        self.path = Path(path)
        self.protection = protection or Protection()
        self.use_published = use_published
        """Read answers stored at publish time (published.py); off while storing them."""
        self.answers_cache: tuple[Hashable, Any] | None = None
        """The answers stored beside the snapshot (published.py), kept per snapshot."""
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple[int, int] | None = None
        self._position = 0
        self._published_at = ""
        self._memo: dict[Hashable, Any] = {}
        self._memo_stamp: tuple[int, int] | None = None

    @classmethod
    def beside(
        cls, duckdb_path: Path | str, protection: Protection | None = None
    ) -> AnalyticsReader:
        """The reader of the snapshot that the worker writing `duckdb_path` publishes."""
        return cls(snapshot_path(duckdb_path), protection)

    def _current(self) -> tuple[duckdb.DuckDBPyConnection, int]:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise AnalyticsUnavailable(
                "analisi non ancora disponibili / analytics not built yet: run `percorsi project`"
            ) from None
        stamp = (st.st_ino, st.st_mtime_ns)
        with self._lock:
            if self._con is None or stamp != self._stamp:
                # A fresh in-memory instance per snapshot: duckdb.connect(path) would hand back
                # the cached instance of the old file. The old connection is dropped, not
                # closed, so a query in flight keeps the file it started with.
                con = duckdb.connect()
                con.execute(f"ATTACH '{_quoted(self.path)}' AS snapshot (READ_ONLY)")
                con.execute("USE snapshot")
                rows = con.execute(
                    "SELECT position, published_at FROM projection_status"
                ).fetchall()
                self._con, self._stamp = con, stamp
                self._position = int(rows[0][0]) if rows else 0
                self._published_at = str(rows[0][1]) if rows else ""
            return self._con, self._position

    @property
    def position(self) -> int:
        """The log position of the snapshot currently published."""
        return self._current()[1]

    def check(self, as_of_position: int | None) -> int:
        """The snapshot's position; ProjectionBehind if it is older than `as_of_position`."""
        position = self.position
        if as_of_position is not None and position < as_of_position:
            raise ProjectionBehind(position, as_of_position)
        return position

    def frame(self, query: str, params: list[Any] | None = None) -> tuple[pl.DataFrame, int]:
        """Run one read-only SQL query; return its Polars frame and the snapshot position."""
        con, position = self._current()
        cursor = con.cursor()
        try:
            cursor.execute("USE snapshot")
            return cursor.sql(query, params=params).pl(), position
        finally:
            cursor.close()

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A result computed on the current snapshot, reused until a newer one is published.

        Results are pure functions of (snapshot, query, filters, k); dashboards and the API ask
        the same ones again and again. Errors are never remembered.
        """
        self._current()
        with self._lock:
            if self._memo_stamp != self._stamp:
                self._memo, self._memo_stamp = {}, self._stamp
            if key in self._memo:
                found: T = self._memo[key]
                return found
        value = compute()
        with self._lock:
            if self._memo_stamp == self._stamp:
                if len(self._memo) >= MEMO_SIZE:
                    self._memo.pop(next(iter(self._memo)))
                self._memo[key] = value
        return value

    def forget(self) -> None:
        """Drop remembered results (benchmarks measure cold queries this way)."""
        with self._lock:
            self._memo = {}

    def snapshot_stamp(self) -> tuple[int, int] | None:
        """The identity of the snapshot file currently open (inode, mtime)."""
        self._current()
        return self._stamp

    def identity(self) -> tuple[int, str]:
        """The open snapshot's log position and publish time (what stored answers are
        stamped with)."""
        position = self._current()[1]
        return position, self._published_at

    def tables(self) -> list[str]:
        frame, _ = self.frame(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_catalog = 'snapshot' AND table_schema = 'main' ORDER BY table_name"
        )
        return [str(t) for t in frame["table_name"]]

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con, self._stamp = None, None


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
