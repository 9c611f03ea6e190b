"""Strict wire types: dates and times are ISO text, never a number read as a Unix timestamp."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_only(value: Any) -> Any:
    if isinstance(value, date) or (isinstance(value, str) and _ISO.match(value)):
        return value
    raise ValueError("a date is written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_only)]


_ISO_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


def _iso_time_only(value: Any) -> Any:
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_TIME.match(value)):
        return value
    raise ValueError("a time is written YYYY-MM-DDTHH:MM:SS[+00:00]")


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_time_only)]
