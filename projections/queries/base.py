"""The query layer's shared vocabulary: filters, results, age bands and the errors it raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from domain.shared.geography import WorldRegion
from domain.shared.profile_vocabulary import HouseholdType

from ..shared import AGE_BANDS as AGE_BANDS  # re-exported: the query layer's vocabulary
from ..shared import DEFAULT_K as DEFAULT_K
from ..shared import age_band as age_band
from ..spreadsheet_safety import safe_csv

FOLLOW_UP_CHECKPOINTS: tuple[str, ...] = ("exit", "6", "12", "24")


class QueryError(Exception):
    """Base of the query layer's errors; `code` is stable for the API, `field` names the input."""

    code = "query_error"
    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidFilter(QueryError, ValueError):
    """A filter value outside its vocabulary (the message lists what is allowed)."""

    code = "invalid_filter"
    status = 422


class AnalyticsUnavailable(QueryError):
    """No published snapshot yet: run `percorsi project` (or `rebuild`) first."""

    code = "analytics_unavailable"
    status = 503


class ProjectionBehind(QueryError):
    """The snapshot is older than the position the caller asked for; retry shortly."""

    code = "projection_behind"
    status = 409

    def __init__(self, position: int, wanted: int) -> None:
        super().__init__(
            f"analytics are at log position {position}, {wanted} was requested",
            field="as_of_position",
        )
        self.position = position
        self.wanted = wanted


@dataclass(frozen=True)
class Filters:
    """What the dashboard's shared filters and the API's query parameters select.

    Every field empty/None means "no restriction". Codes are the vocabularies' stable codes:
    programmes like "LESFEMMES"; territories as in the programme catalogue; age bands from
    AGE_BANDS; origin regions from WorldRegion; household types from HouseholdType.
    `years` is an inclusive (first, last) range on the fact's own year (referral year for
    case facts, the month's year for activities, the session's year for groups).
    `as_of_position`: the result must reflect at least this log position; if the published
    snapshot is behind, ProjectionBehind is raised (read-your-writes for the API).
    """

    programmes: tuple[str, ...] = ()
    territories: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    age_bands: tuple[str, ...] = ()
    origin_regions: tuple[str, ...] = ()
    household_types: tuple[str, ...] = ()
    as_of_position: int | None = None

    def __post_init__(self) -> None:
        for name in ("programmes", "territories", "age_bands", "origin_regions", "household_types"):
            value = getattr(self, name)
            if isinstance(value, str) or not isinstance(value, tuple | list):
                raise InvalidFilter(f"{name} must be a list of codes", field=name)
            object.__setattr__(self, name, tuple(dict.fromkeys(str(v) for v in value)))
        bad = [b for b in self.age_bands if b not in AGE_BANDS]
        if bad:
            raise InvalidFilter(
                f"unknown age band {bad[0]!r}; allowed: {', '.join(AGE_BANDS)}", field="age_bands"
            )
        for name, vocabulary in (
            ("origin_regions", WorldRegion),
            ("household_types", HouseholdType),
        ):
            for code in getattr(self, name):
                try:
                    vocabulary.parse(code)
                except ValueError as error:
                    raise InvalidFilter(str(error), field=name) from None
        if self.years is not None:
            first, last = (int(y) for y in self.years)
            if first > last or first < 1900 or last > 2200:
                raise InvalidFilter(
                    "years must be a (first, last) range with first <= last", field="years"
                )
            object.__setattr__(self, "years", (first, last))
        if self.as_of_position is not None and self.as_of_position < 0:
            raise InvalidFilter("as_of_position must be >= 0", field="as_of_position")

    def restricted(self) -> dict[str, tuple[Any, ...]]:
        """The restricted dimensions as {column: allowed values} (years expanded)."""
        out: dict[str, tuple[Any, ...]] = {}
        for column, values in (
            ("programme", self.programmes),
            ("territory", self.territories),
            ("age_band", self.age_bands),
            ("origin_region", self.origin_regions),
            ("household_type", self.household_types),
        ):
            if values:
                out[column] = values
        if self.years is not None:
            out["year"] = tuple(range(self.years[0], self.years[1] + 1))
        return out


@dataclass(frozen=True)
class QueryResult:
    """One query's answer: the frame, the log position it reflects, and the k applied.

    `frame` has a boolean `suppressed` column wherever cells count people: a suppressed row
    keeps its dimension values and has its measures set to null (marked, never dropped).
    `notes` carries small facts about the result (e.g. rows removed from a microdata export).
    """

    frame: pl.DataFrame
    position: int
    k: int
    name: str = ""
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def suppressed_cells(self) -> int:
        if "suppressed" not in self.frame.columns:
            return 0
        return int(self.frame["suppressed"].sum())

    def to_csv(self) -> str:
        """The frame as CSV (what the dashboard's and the API's downloads serve), with text
        that a spreadsheet would run as a formula made inert."""
        return safe_csv(self.frame)
