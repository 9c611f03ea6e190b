"""Value objects shared by aggregates: command metadata, periods, sealed personal data."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from .errors import InvalidValue
from .roles import ActorRole


@dataclass(frozen=True)
class Meta:
    """Who issued a command, in which role, under which command id, and from where.

    `source` is "api", "workspace", "cli", "synthetic" or "import:<file name>[#row]".
    `request_hash`, when the caller gives one (the API hashes the request), lets a repeated
    command id be told apart from a different request that reuses it.
    """

    actor_id: str
    actor_role: ActorRole
    command_id: str
    source: str
    request_hash: str | None = None

    def __post_init__(self) -> None:
        if not self.actor_id or not self.command_id:
            raise InvalidValue("actor id and command id are required", field="meta")
        kind = self.source.split(":", 1)[0]
        if kind not in ("api", "cli", "synthetic", "import", "workspace"):
            raise InvalidValue(f"unknown source {self.source!r}", field="source")


@dataclass(frozen=True)
class Period:
    """An inclusive date range; `end` None means open-ended."""

    start: date
    end: date | None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise InvalidValue("period ends before it starts", field="end")

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PersonalData:
    """Identifying data of one woman, sealed in storage with her own data key.

    `erased` is True once her key is destroyed: the fields then read as None.
    """

    subject_id: UUID
    full_name: str | None
    fiscal_code: str | None = None
    birth_date: date | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    erased: bool = False

    @classmethod
    def erased_for(cls, subject_id: UUID) -> PersonalData:
        return cls(subject_id=subject_id, full_name=None, erased=True)

    def values(self) -> list[str]:
        """Every personal value as text (for byte scans and exports)."""
        out = [self.full_name, self.fiscal_code, self.phone, self.email, self.address]
        if self.birth_date is not None:
            out.append(self.birth_date.isoformat())
        return [v for v in out if v]


@dataclass(frozen=True)
class PersonalText:
    """Free text about a woman (notes, goals, reasons): sealed with her data key like names.

    `text` is None when her key has been destroyed (or when a reader is not allowed to see it).
    """

    subject_id: UUID
    text: str | None

    @property
    def erased(self) -> bool:
        return self.text is None
