"""Answers computed once per published snapshot, for the unfiltered view, kept beside it.

Why (ADR 0024): on `large`, the Kaplan–Meier fits, the suppression report (every query at
once) and the other first-visit questions cost 100 ms to seconds when a snapshot is new, and
every page opens on the unfiltered view. Right after each publish a process of its own
(infra/analytics/answers.py, ADR 0027: publishing does not wait, and the publisher's memory
does not hold them) asks those questions of the new snapshot once and writes the answers to
`<snapshot>.answers.parquet`, stamped with the snapshot's position and publish time. A reader
whose memo is cold reads the stored answer instead of recomputing it, in this process or any
other (API workers, the dashboard, a restart).

The stored answers are the query functions' own results on the same file with the default
protection, so every figure is exactly what the reader would compute (a reader with another
protection, as tests and the accuracy bench use, never reads them). A filtered view, another
k, a file stamped for another snapshot, or no file at all: computed as before.
"""

from __future__ import annotations

import inspect
import io
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from .base import Filters, QueryError, QueryResult
from .protection import Protection
from .reader import AnalyticsReader

log = logging.getLogger("percorsi.analytics")


def stored_key(
    func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> int | None:
    """The k of an unfiltered call with every other argument at its default; else None."""
    try:
        bound = inspect.signature(func).bind(None, *args, **kwargs)
    except TypeError:
        return None
    bound.apply_defaults()
    values = dict(list(bound.arguments.items())[1:])
    if not {"filters", "k"} <= set(values) or values["filters"] != Filters():
        return None
    defaults = {
        name: p.default for name, p in inspect.signature(func).parameters.items() if name in values
    }
    if any(values[n] != defaults[n] for n in values if n not in ("filters", "k")):
        return None
    k = values["k"]
    return k if isinstance(k, int) else None


ANSWERS_SUFFIX = ".answers.parquet"
Stored = dict[tuple[str, int], tuple[bytes, str]]


def answers_path(snapshot: Path) -> Path:
    return snapshot.with_name(snapshot.name + ANSWERS_SUFFIX)


def _identity(reader: AnalyticsReader) -> tuple[int, str]:
    return reader.identity()


def stored_answers(reader: AnalyticsReader) -> Stored:
    """The answers stored for the reader's current snapshot ({} when there are none)."""
    path = answers_path(reader.path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return {}
    stamp = reader.snapshot_stamp()
    key = (stamp, st.st_ino, st.st_mtime_ns)
    cached = reader.answers_cache
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        table = pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError):
        return {}
    answers: Stored = {}
    position, published_at = _identity(reader)
    if table.height and (table["position"][0], table["published_at"][0]) == (
        position,
        published_at,
    ):
        for name, k, frame, notes in table.select("name", "k", "frame", "notes").iter_rows():
            answers[(str(name), int(k))] = (bytes(frame), str(notes))
    reader.answers_cache = (key, answers)
    return answers


def lookup(reader: AnalyticsReader, name: str, k: int) -> QueryResult | None:
    """The answer stored for (query, k) on the reader's snapshot, if there is one."""
    if not reader.use_published or reader.protection != Protection():
        return None
    found = stored_answers(reader).get((name, k))
    if found is None:
        return None
    return QueryResult(_decoded(found[0]), reader.position, k, name, json.loads(found[1]))


def _decoded(data: bytes) -> pl.DataFrame:
    """A stored frame: Parquet (written since the microdata release is stored) or Arrow IPC
    (an answers file written by an earlier version for the same snapshot)."""
    if data[:4] == b"PAR1":
        return pl.read_parquet(io.BytesIO(data))
    return pl.read_ipc(io.BytesIO(data))


def _encoded(result: QueryResult) -> tuple[bytes, str] | None:
    try:
        notes = json.dumps(result.notes)
    except (TypeError, ValueError):
        return None
    # Parquet, not Arrow IPC: its dictionary pages keep a frame of ~76k rows of vocabulary codes
    # (the microdata release at `large`) at 0.4 MB, read in ~7 ms, where IPC took 27 MB and
    # 29 ms, and every reader loads the whole answers file once per snapshot.
    buffer = io.BytesIO()
    result.frame.write_parquet(buffer, statistics=False)
    return buffer.getvalue(), notes


def materialise(snapshot: Path, queries: dict[str, Callable[..., Any]], ks: Iterable[int]) -> int:
    """Ask `queries` (name → f(reader, filters, k)) of the published `snapshot` for the
    unfiltered view and write the answers beside it; returns how many were stored. A query
    that fails is left out (its readers compute it as before)."""
    reader = AnalyticsReader(snapshot, use_published=False)
    rows: list[dict[str, Any]] = []
    try:
        position, published_at = _identity(reader)
        for k in sorted(set(ks)):
            for name, query in queries.items():
                try:
                    result = query(reader, Filters(), k)
                except (QueryError, ValueError, ArithmeticError) as error:
                    log.debug("no stored answer: %s (%s)", name, type(error).__name__)
                    continue
                encoded = _encoded(result) if isinstance(result, QueryResult) else None
                if encoded is not None:
                    rows.append(
                        {
                            "name": name,
                            "k": k,
                            "frame": encoded[0],
                            "notes": encoded[1],
                            "position": position,
                            "published_at": published_at,
                        }
                    )
    finally:
        reader.close()
    if snapshot_identity(snapshot) != (position, published_at):
        return 0  # a newer snapshot was published meanwhile: its own answers follow
    target = answers_path(snapshot)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    pl.DataFrame(rows, schema=SCHEMA).write_parquet(tmp)
    tmp.chmod(0o600)
    os.replace(tmp, target)
    return len(rows)


SCHEMA = {
    "name": pl.String,
    "k": pl.Int64,
    "frame": pl.Binary,
    "notes": pl.String,
    "position": pl.Int64,
    "published_at": pl.String,
}


def snapshot_identity(snapshot: Path) -> tuple[int, str] | None:
    """The log position and publish time of the file at `snapshot` (None: no snapshot)."""
    try:
        reader = AnalyticsReader(snapshot, use_published=False)
        try:
            return _identity(reader)
        finally:
            reader.close()
    except (QueryError, duckdb.Error):
        return None
