"""`import_legacy`: validate a whole legacy file first, then write it in one transaction.

Pass 1 runs every row's commands inside `app.batch()` chunk by chunk and discards them: the
domain's own rules judge each row, and every bad row is reported (row, column, reason). Pass 2,
only when pass 1 found nothing and this is no dry run, runs the chunks again and inserts each
chunk's events into one open store transaction (`writes.file_transaction`), committed after the
last chunk together with the new women's keys: a failure at any row writes nothing at all.
Chunks never split a woman, so a chunk never needs another chunk's uncommitted events.
Command ids come from the file name and the row's content, so a re-import appends nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import polars as pl
from eventsourcing.persistence import Recording

from domain.shared.errors import AlreadyExists, DomainError
from domain.shared.events import CommandRecord
from domain.shared.roles import ActorRole
from domain.shared.values import Meta, Period
from infra.bootstrap import Runtime, event_store_env
from services.app import Percorsi

from ..synthetic.runner import progress_bar
from .keys import StagingKeyStore
from .layout import DIGEST_COLUMNS, LATER_COLUMNS, CellError, Row
from .reader import chunks, header_problems, ordered, read_table
from .report import ImportReport, Problem, column_of, reason_of
from .rows import Command, commands_for
from .writes import Insert, file_transaction

CHUNK_ROWS = 2_000
ACTOR = "legacy-import"


class _Importer(Percorsi):
    """The application as the importer uses it, through public members only.

    Programme periods are read once per import (the catalogue does not change meanwhile). No
    aggregate cache: pass 1 discards its batches, and a cached aggregate must never keep a
    discarded change. While `insert` is set, what `save` is given goes into the file's open
    transaction instead of a transaction of its own (`batch()` saves once, at its end).
    """

    name = "Percorsi"  # the library names tables after the class: keep the application's own

    def __init__(self, runtime: Runtime) -> None:
        self.keys = StagingKeyStore(runtime.sealer.keystore, self.has_events)
        super().__init__(
            env=event_store_env(runtime.settings), sealer=runtime.sealer.over(self.keys)
        )
        self.periods: dict[str, Period] = {}
        self.insert: Insert | None = None
        self.inserted = 0  # case and person events, as the summary counts them (no bookkeeping)

    def has_events(self, aggregate_id: UUID) -> bool:
        return self.recorder.select_events(aggregate_id, limit=1) != []

    def period_of(self, code: str) -> Period:
        if code not in self.periods:
            self.periods[code] = super().period_of(code)
        return self.periods[code]

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        if self.insert is None:
            return super().save(*objs, **kwargs)
        # The committer hands over events; a direct call may still pass aggregates.
        events = [
            e for o in objs for e in (o.collect_events() if hasattr(o, "collect_events") else [o])
        ]
        self.insert([self.mapper.to_stored_event(e) for e in events])
        self.inserted += sum(not isinstance(e, CommandRecord.Recorded) for e in events)
        return []


class _Discard(Exception):
    """Raised inside `app.batch()` to throw the chunk's pending events away."""


@dataclass
class _Pass:
    app: Percorsi
    name: str
    programme: str | None
    commands: int = 0
    replayed: int = 0
    seen: dict[str, int] = field(default_factory=dict)

    def run_chunk(self, rows: list[Row], write: bool) -> list[Problem]:
        problems: list[Problem] = []
        missing: set[UUID] = set()
        try:
            with self.app.batch():
                for row in rows:
                    problems += self._row(row, missing)
                if problems or not write:
                    raise _Discard
        except _Discard:
            pass
        return problems

    def _row(self, row: Row, missing: set[UUID]) -> list[Problem]:
        digest = row_digest(row)
        first = self.seen.setdefault(digest, row.number)
        if first != row.number:
            return [Problem(row.number, "action", f"duplicate of row {first}")]
        try:
            commands, _ = commands_for(row, self.programme)
        except CellError as error:
            return [Problem(row.number, error.column, error.reason)]
        if commands[0].args and commands[0].args[0] in missing:
            missing.update(filter(None, map(_opened_by, commands)))
            return []  # its case's referral was refused: that row is the one reported
        for n, command in enumerate(commands):
            problem = self._command(row, command, f"{digest}:{n}")
            if problem is not None:
                missing.update(filter(None, map(_opened_by, commands[n:])))
                return [problem]
        return []

    def _command(self, row: Row, command: Command, key: str) -> Problem | None:
        meta = Meta(
            ACTOR,
            ActorRole.COORDINATOR,
            f"import:{self.name}:{key}",
            f"import:{self.name}#{row.number}",
        )
        try:
            result = getattr(self.app, command.method)(meta, *command.args, **command.kwargs)
        except AlreadyExists as error:
            if command.method == "register_person" and error.field == "person_id":
                return None  # she is already known (an earlier case or file)
            return Problem(row.number, column_of(error), f"{error.code}: {reason_of(error)}")
        except DomainError as error:
            return Problem(row.number, column_of(error), f"{error.code}: {reason_of(error)}")
        self.commands += 1
        self.replayed += bool(result.replayed)
        return None


def _opened_by(command: Command) -> UUID | None:
    """The case a command opens (a referral's, a transfer's successor): when the command is
    refused, that case's later rows are not reported again."""
    if command.method == "refer_case":
        opened: UUID = command.kwargs["case_id"]
        return opened
    if command.method == "transfer_case":
        successor: UUID = command.kwargs["successor_case_id"]
        return successor
    return None


def row_digest(row: Row) -> str:
    """A row's content as a short hash: the stem of its commands' ids.

    A column added since the first layout (`successor_ref`, `months_worked_prior_24`) joins
    the hash only when the row fills it, so every row of a file imported earlier keeps its
    command ids. Each is tagged with its name: two such columns never hash alike.
    """
    content = "\x1f".join(row.get(column) for column in DIGEST_COLUMNS)
    if row.has("successor_ref"):
        content += "\x1f" + row.get("successor_ref")
    for column in LATER_COLUMNS[1:]:
        if row.has(column):
            content += f"\x1f{column}={row.get(column)}"
    return hashlib.sha256(content.encode()).hexdigest()[:24]


def import_legacy(
    runtime: Runtime,
    path: Path,
    *,
    programme: str | None = None,
    dry_run: bool = False,
    progress: bool = False,
    chunk_rows: int = CHUNK_ROWS,
    encoding: str | None = None,
) -> ImportReport:
    """Validate `path` entirely; unless `dry_run` or a row is bad, write it all or nothing.

    Raises `ImportRefused` for a file refused before reading (size, rows, inflation, bytes that
    do not decode) and `ImportWriteFailed` when the store refuses the write (nothing written).
    """
    table = read_table(path, encoding=encoding)
    frame = table.frame
    report = ImportReport(path.name, rows=frame.height, dry_run=dry_run, encoding=table.encoding)
    report.problems = [Problem(1, column, reason) for column, reason in header_problems(frame)]
    if report.problems:
        return report
    if programme is not None:
        runtime.app.programme(programme.upper())  # an unknown --programme fails at once
    frame = ordered(frame)
    app = _Importer(runtime)
    try:
        _passes(app, frame, report, programme, progress, chunk_rows)
    finally:
        app.close()
    return report


def _passes(
    app: _Importer,
    frame: pl.DataFrame,
    report: ImportReport,
    programme: str | None,
    progress: bool,
    chunk_rows: int,
) -> None:
    passes = 1 if report.dry_run else 2
    label = f"Import {report.file}"
    with progress_bar(progress, frame.height * passes, label, "righe/s · rows/s") as update:
        check = _Pass(app, report.file, programme)
        done = 0
        for rows in chunks(frame, chunk_rows):
            report.problems += check.run_chunk(rows, write=False)
            done += len(rows)
            update(done)
        if report.problems or report.dry_run:
            report.problems.sort(key=lambda p: (p.row, p.column))
            return
        write = _Pass(app, report.file, programme)
        try:
            with file_transaction(app, report.file) as insert:
                app.insert = insert
                try:
                    for rows in chunks(frame, chunk_rows):
                        report.problems += write.run_chunk(rows, write=True)
                        done += len(rows)
                        update(done)
                    if report.problems:
                        raise _LateProblems  # roll the chunks already inserted back
                    app.keys.flush()
                finally:
                    app.insert = None
        except _LateProblems:
            report.problems.sort(key=lambda p: (p.row, p.column))
            return
    report.commands, report.replayed = write.commands, write.replayed
    report.events = app.inserted


class _LateProblems(Exception):
    """A row that passed validation failed when written (another process changed the store in
    between): the file's transaction ends by this, so no other row stays written either."""


__all__ = ["ImportReport", "Problem", "import_legacy"]
