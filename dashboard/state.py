"""The view a URL describes: filters, language and "as of", so any view can be shared as a link.

Query string keys are short and stable: `prog`, `terr`, `age`, `region`, `household` (comma-
separated codes), `years` (`2006-2021`), `pos` (log position), `date` (YYYY-MM-DD), `lang`.
Bad values raise the query layer's InvalidFilter, which pages show as a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlencode

from projections.queries import Filters, InvalidFilter

FIRST_YEAR, LAST_YEAR = 2006, 2021
_LISTS = {
    "prog": "programmes",
    "terr": "territories",
    "age": "age_bands",
    "region": "origin_regions",
    "household": "household_types",
}


@dataclass(frozen=True)
class ViewState:
    """Everything a page needs to know to draw itself, apart from who is looking."""

    filters: Filters = field(default_factory=Filters)
    lang: str = "it"
    as_of_position: int | None = None
    as_of_date: date | None = None

    def to_query(self) -> str:
        """The query string (with its leading "?", or "" for the default view)."""
        params: dict[str, str] = {}
        for key, name in _LISTS.items():
            values = getattr(self.filters, name)
            if values:
                params[key] = ",".join(values)
        if self.filters.years is not None:
            params["years"] = f"{self.filters.years[0]}-{self.filters.years[1]}"
        if self.as_of_position is not None:
            params["pos"] = str(self.as_of_position)
        if self.as_of_date is not None:
            params["date"] = self.as_of_date.isoformat()
        if self.lang != "it":
            params["lang"] = self.lang
        return "?" + urlencode(params, safe=",") if params else ""

    def to_store(self) -> dict[str, Any]:
        return {"query": self.to_query()}

    def with_lang(self, lang: str) -> ViewState:
        return replace(self, lang="en" if lang == "en" else "it")


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.split(",") if c.strip())


def parse_years(text: str) -> tuple[int, int] | None:
    if not text:
        return None
    first, _, last = text.partition("-")
    try:
        span = (int(first), int(last or first))
    except ValueError:
        raise InvalidFilter("years must look like 2006-2021", field="years") from None
    return None if span == (FIRST_YEAR, LAST_YEAR) else span


def from_params(params: dict[str, Any]) -> ViewState:
    """Build the view from query parameters (as Dash pages pass them to `layout`)."""
    flat = {k: (v[-1] if isinstance(v, list) else str(v)) for k, v in params.items()}
    lists = {name: _codes(flat.get(key, "")) for key, name in _LISTS.items()}
    years = parse_years(flat.get("years", ""))
    position = flat.get("pos", "").strip()
    day = flat.get("date", "").strip()
    try:
        as_of_position = int(position) if position else None
    except ValueError:
        raise InvalidFilter("the log position must be a whole number", field="pos") from None
    if as_of_position is not None and as_of_position < 0:
        raise InvalidFilter("the log position must be >= 0", field="pos")
    try:
        as_of_date = date.fromisoformat(day) if day else None
    except ValueError:
        raise InvalidFilter("the date must look like 2015-06-30", field="date") from None
    return ViewState(
        Filters(years=years, **lists),  # type: ignore[arg-type]
        "en" if flat.get("lang") == "en" else "it",
        as_of_position,
        as_of_date,
    )


def from_query(query: str | None) -> ViewState:
    """Build the view from a URL's query string ("?prog=EMP&lang=en")."""
    text = (query or "").lstrip("?")
    return from_params({k: v for k, v in parse_qs(text, keep_blank_values=True).items()})


def lang_of(query: str | None) -> str:
    """Only the language (never fails, so texts render even when a filter is wrong)."""
    values = parse_qs((query or "").lstrip("?")).get("lang", [])
    return "en" if values and values[-1] == "en" else "it"
