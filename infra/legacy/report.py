"""What an import tells the operator: bad rows (row, column, reason) and a one-line summary.

Domain errors name a field of a command; `column_of` maps it back to the spreadsheet column the
operator can fix. Messages never repeat a cell's content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.shared.errors import DomainError, NotFound

from .layout import COLUMNS


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
    encoding: str = "utf-8"

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
    "successor_programme": "programme",
    "successor_case_id": "successor_ref",
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
