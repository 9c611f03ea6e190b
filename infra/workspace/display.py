"""How the workspace shows dates and programmes: Babel dates ("1 apr 2018" / "1 Apr 2018"), the
same as the dashboard's, and programme names from the catalogue instead of their codes.

The names come from the programme catalogue file, the source the dashboard's names are seeded
from; the case reference ("EMP-1a2b3c") keeps the code, as it is an identifier, not a name.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from fastapi import Request

from ..catalogue import programme_names as catalogue_names
from .support import runtime_of

_LOCALE = {"it": "it_IT", "en": "en_GB"}


def day(value: date | str | None, lang: str) -> str:
    """ "1 apr 2018" / "1 Apr 2018"; "—" for none; a text that is not a date stays as it is."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            return day(date.fromisoformat(value[:10]), lang)
        except ValueError:
            return value
    return format_date(value, "d MMM y", locale=_LOCALE.get(lang, "it_IT"))


def moment(value: datetime | str | None, lang: str) -> str:
    """A recorded time to the minute: "1 apr 2018, 09:30"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            return moment(datetime.fromisoformat(value), lang)
        except ValueError:
            return value
    return format_datetime(value, "d MMM y, HH:mm", locale=_LOCALE.get(lang, "it_IT"))


def programme_names(request: Request) -> dict[str, str]:
    """Code → display name, read again only when the catalogue file changes."""
    return catalogue_names(runtime_of(request).settings.catalogue_file)
