"""A date as people type it in Italy (and in the English pages too): day first, "31/03/2018".

Browsers draw `<input type="date">` in their own locale (an English Chromium shows mm/dd/yyyy on
an Italian page), so the forms use a text field labelled with this one format. ISO dates
("2018-03-31") are accepted as well, for links, scripts and pasted values.
"""

from __future__ import annotations

import re
from datetime import date

FORMAT = {"it": "gg/mm/aaaa", "en": "dd/mm/yyyy"}
PATTERN = r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{2}-\d{2}"
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")


def parse_typed(text: str) -> date:
    """The date in `text` (dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or ISO); ValueError otherwise."""
    raw = text.strip()
    found = _DAY_FIRST.fullmatch(raw)
    if found:
        day, month, year = (int(g) for g in found.groups())
        return date(year, month, day)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return date.fromisoformat(raw)
    raise ValueError(f"not a date in the form dd/mm/yyyy: {raw!r}")


def typed(value: date | None) -> str:
    """How a date is shown in the field: "31/03/2018" (empty for none)."""
    return "" if value is None else value.strftime("%d/%m/%Y")


def format_label(lang: str) -> str:
    return FORMAT["en" if lang == "en" else "it"]
