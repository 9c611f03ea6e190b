"""The legacy layout: one row per case action, its columns, and how each cell is read.

Documented for people in examples/legacy/README.md. A cell error names the column and the
rule, never the cell's content when the column holds personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.shared.labels import LabelledEnum

ACTIONS = (
    "referral",
    "consent",
    "consent_withdrawal",
    "intake",
    "plan",
    "activity",
    "service_referral",
    "assessment",
    "outcome",
    "suspension",
    "resumption",
    "closure",
    "follow_up",
    "transfer",
    "not_taken_on",
)
"""Same-day rows run in this order, then in file order: a referral before its consent, …
A "not taken on" runs after the day's other work on its case, before a consent withdrawal.

A transfer runs after every same-day row of the case it carries over and before every
same-day row of its successor case (reader.ordered ranks cases by generation first)."""
RANK = {action: n for n, action in enumerate(ACTIONS)}
RANK.update({"closure": 90, "follow_up": 91, "consent_withdrawal": 80, "transfer": -1})

REGISTRATION = (
    "full_name",
    "birth_year",
    "country",
    "italian_level",
    "education",
    "permit",
    "municipality",
    "household",
)
"""Needed on a woman's first referral row (when `full_name` is given, she is registered)."""
PERSONAL_COLUMNS = ("full_name", "fiscal_code", "birth_date", "phone", "email", "address")
PROFILE_COLUMNS = (
    "birth_year",
    "country",
    "arrival_year",
    "first_language",
    "italian_level",
    "education",
    "permit",
    "municipality",
    "household",
    "children",
)
COLUMNS = (
    "case_ref",
    "person_ref",
    "programme",
    "date",
    "action",
    *PERSONAL_COLUMNS,
    *PROFILE_COLUMNS,
    "referring_service",
    "reasons",
    "scope",
    "employment",
    "income_source",
    "housing",
    "needs",
    "scores",
    "goals",
    "kind",
    "hours",
    "contract_kind",
    "weekly_hours",
    "cefr_level",
    "reason",
    "months",
    "reached",
    "notes",
    "successor_ref",
    "months_worked_prior_24",
)
DIGEST_COLUMNS = COLUMNS[: COLUMNS.index("successor_ref")]
"""The columns a row's command id is made of, as they were before `successor_ref` existed: a
file imported earlier keeps its command ids, so re-importing it still appends nothing.
Later columns join a row's hash only when the row fills them (`importer.row_digest`)."""
LATER_COLUMNS = COLUMNS[len(DIGEST_COLUMNS) :]
REQUIRED = ("case_ref", "person_ref", "date", "action")

NEEDS: dict[str, tuple[str, ...]] = {
    "referral": ("referring_service", "reasons"),
    "consent": ("scope",),
    "consent_withdrawal": ("scope",),
    "intake": ("scores", "employment", "income_source", "housing"),
    "plan": ("goals",),
    "activity": ("kind", "hours"),
    "service_referral": ("kind",),
    "assessment": ("scores",),
    "outcome": ("kind",),
    "suspension": ("reason",),
    "resumption": (),
    "closure": ("reason", "employment"),
    "follow_up": ("months", "reached"),
    "transfer": ("programme", "successor_ref"),
    "not_taken_on": ("reason", "employment"),
}


class CellError(ValueError):
    """A cell that cannot be read; `column` names it."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


@dataclass
class Row:
    """One row as text; `number` is the spreadsheet row (header is row 1)."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def has(self, column: str) -> bool:
        return self.get(column) != ""

    def text(self, column: str) -> str:
        value = self.get(column)
        if not value:
            raise CellError(column, "required for this action and missing")
        return value

    def day(self, column: str) -> date:
        value = self.text(column)
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
            try:
                return datetime.strptime(value, pattern).date()
            except ValueError:
                continue
        raise CellError(column, "malformed date (expected YYYY-MM-DD or DD/MM/YYYY)")

    def integer(self, column: str, low: int, high: int) -> int:
        try:
            number = int(float(self.text(column)))
        except ValueError:
            raise CellError(column, "not a whole number") from None
        if not low <= number <= high:
            raise CellError(column, f"must be between {low} and {high}")
        return number

    def number_of(self, column: str) -> float:
        try:
            return float(self.text(column).replace(",", "."))
        except ValueError:
            raise CellError(column, "not a number") from None

    def code(self, column: str, vocabulary: type[Any]) -> Any:
        return parse_code(column, self.text(column), vocabulary)

    def codes(self, column: str, vocabulary: type[Any]) -> list[Any]:
        return [parse_code(column, part, vocabulary) for part in split(self.text(column))]

    def flag(self, column: str) -> bool:
        value = self.text(column).lower()
        if value in ("yes", "si", "sì", "true", "1", "y", "s"):
            return True
        if value in ("no", "false", "0", "n"):
            return False
        raise CellError(column, "expected yes/no (sì/no)")


def split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", "|").split("|") if part.strip()]


def parse_code(column: str, value: str, vocabulary: type[LabelledEnum]) -> Any:
    try:
        return vocabulary.parse(value.strip().lower())
    except ValueError as error:
        raise CellError(column, str(error)) from None
