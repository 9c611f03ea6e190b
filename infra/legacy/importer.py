"""`import_legacy`: validate a whole legacy file first, write it only if every row is good.

Pass 1 runs every row's commands inside `app.batch()` chunk by chunk and discards them: the
domain's own rules judge each row, and every bad row is reported (row, column, reason). Pass 2,
only when pass 1 found nothing and this is no dry run, runs the chunks again and commits each.
Command ids come from the file name and the row's content, so a re-import appends nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import polars as pl

from domain.shared.errors import DomainError, NotFound
from domain.shared.roles import ActorRole
from domain.shared.values import Meta, Period
from infra.bootstrap import Runtime, event_store_env
from services.app import Percorsi

from ..synthetic.inspect import count_since
from ..synthetic.runner import progress_bar
from .layout import COLUMNS, CellError, Row
from .reader import chunks, header_problems, ordered, read_table
from .rows import Command, case_id, commands_for, person_id

CHUNK_ROWS = 2_000
ACTOR = "legacy-import"


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    reason: str

    def line(self) -> str:
        return f"riga/row {self.row} · colonna/column {self.column}: {self.reason}"


@dataclass
class ImportReport:
    file: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    commands: int = 0
    replayed: int = 0
    events: int = 0

    @property
    def written(self) -> bool:
        return not self.problems and not self.dry_run

    def summary(self) -> str:
        if self.problems:
            return (
                f"{self.file}: {len(self.problems)} righe errate su {self.rows}, nulla scritto"
                f" / {len(self.problems)} bad rows of {self.rows}, nothing written"
            )
        if self.dry_run:
            return (
                f"{self.file}: {self.rows} righe valide (prova, nulla scritto) / "
                f"{self.rows} valid rows (dry run, nothing written)"
            )
        return (
            f"{self.file}: {self.rows} righe, {self.events} eventi aggiunti, "
            f"{self.replayed} comandi già importati / {self.rows} rows, {self.events} events "
            f"appended, {self.replayed} commands already imported"
        )


class _Importer(Percorsi):
    """The application as the importer uses it: programme periods read once per import.

    Every case command looks up its programme's period; the catalogue does not change while a
    file is imported, so one read per programme replaces one per row. No aggregate cache: pass 1
    discards its batches, and a cached aggregate must never keep a discarded change.
    """

    name = "Percorsi"  # the library names tables after the class: keep the application's own

    def __init__(self, runtime: Runtime) -> None:
        super().__init__(env=event_store_env(runtime.settings), sealer=runtime.sealer)
        self._periods: dict[str, Period] = {}

    def period_of(self, code: str) -> Period:
        if code not in self._periods:
            self._periods[code] = super().period_of(code)
        return self._periods[code]


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
            return []  # its case's referral was refused: that row is the one reported
        for n, command in enumerate(commands):
            problem = self._command(row, command, f"{digest}:{n}")
            if problem is not None:
                if command.method in ("register_person", "refer_case"):
                    missing.add(case_id(row.get("case_ref")))
                return [problem]
        return []

    def _command(self, row: Row, command: Command, key: str) -> Problem | None:
        if command.method == "register_person" and self.app._exists(
            person_id(row.get("person_ref"))
        ):
            return None  # she is already known (an earlier case or file)
        meta = Meta(
            ACTOR,
            ActorRole.COORDINATOR,
            f"import:{self.name}:{key}",
            f"import:{self.name}#{row.number}",
        )
        try:
            result = getattr(self.app, command.method)(meta, *command.args, **command.kwargs)
        except DomainError as error:
            return Problem(row.number, column_of(error), f"{error.code}: {reason_of(error)}")
        self.commands += 1
        self.replayed += bool(result.replayed)
        return None


def row_digest(row: Row) -> str:
    content = "\x1f".join(row.get(column) for column in COLUMNS)
    return hashlib.sha256(content.encode()).hexdigest()[:24]


_FIELD_COLUMNS = {
    "occurred_on": "date",
    "case_id": "case_ref",
    "person_id": "person_ref",
    "baseline": "scores",
    "service": "kind",
    "employment_at_exit": "employment",
    "profile.country_of_birth": "country",
    "goal_statuses": "goals",
    "meta": "action",
    "personal": "full_name",
}


def column_of(error: DomainError) -> str:
    name = error.field or "action"
    if name in _FIELD_COLUMNS:
        return _FIELD_COLUMNS[name]
    head, _, tail = name.partition(".")
    for candidate in (tail.split(".")[0], head):
        if candidate in COLUMNS:
            return candidate
        if candidate in _FIELD_COLUMNS:
            return _FIELD_COLUMNS[candidate]
    return "action"


def reason_of(error: DomainError) -> str:
    if isinstance(error, NotFound) and error.field == "case_id":
        return "no referral for this case_ref in the file or the store"
    return error.message


def import_legacy(
    runtime: Runtime,
    path: Path,
    *,
    programme: str | None = None,
    dry_run: bool = False,
    progress: bool = False,
    chunk_rows: int = CHUNK_ROWS,
) -> ImportReport:
    """Validate `path` entirely; unless `dry_run` or a row is bad, write it chunk by chunk."""
    frame = read_table(path)
    report = ImportReport(path.name, rows=frame.height, dry_run=dry_run)
    report.problems = [Problem(1, column, reason) for column, reason in header_problems(frame)]
    if report.problems:
        return report
    if programme is not None:
        runtime.app.programme(programme.upper())  # an unknown --programme fails at once
    frame = ordered(frame)
    app = _Importer(runtime)
    try:
        _passes(app, runtime, frame, report, programme, progress, chunk_rows)
    finally:
        app.close()
    return report


def _passes(
    app: _Importer,
    runtime: Runtime,
    frame: pl.DataFrame,
    report: ImportReport,
    programme: str | None,
    progress: bool,
    chunk_rows: int,
) -> None:
    before = app.recorder.max_notification_id() or 0
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
        for rows in chunks(frame, chunk_rows):
            people = {person_id(r.get("person_ref")) for r in rows}
            runtime.sealer.prepare([p for p in people if not app._exists(p)])
            report.problems += write.run_chunk(rows, write=True)
            done += len(rows)
            update(done)
    report.commands, report.replayed = write.commands, write.replayed
    report.events = count_since(app, before)[0]
