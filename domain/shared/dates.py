"""Business dates: "today" comes from a clock port, so tests can fix it and rules can use it."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from .errors import FutureDate


class Clock(Protocol):
    """Tells the date of today; services take one so "not in the future" is testable."""

    def today(self) -> date: ...


class SystemClock:
    """The machine's local date: the default everywhere outside tests."""

    def today(self) -> date:
        return date.today()


class FixedClock:
    """A clock stopped on one day, for tests (and for replaying a day's commands)."""

    def __init__(self, day: date) -> None:
        self.day = day

    def today(self) -> date:
        return self.day


def check_not_future(day: date, today: date, field: str = "occurred_on") -> None:
    """Refuse a business date after today: a record states what has happened."""
    if day > today:
        raise FutureDate(
            f"{day.isoformat()} is in the future (today is {today.isoformat()})", field=field
        )
