"""Generalisation hierarchies of the microdata release's quasi-identifiers (ADR 0011).

Each quasi-identifier is a dimension with levels from exact (0) to fully hidden ("*"). A level
maps every value of the dimension's *domain* (its vocabulary, not the data) to the released
value(s), so whether a filter selects whole released values can be decided without looking at
who is in the data. Every level is a coarsening of the one before it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from domain.shared.geography import WorldRegion
from domain.shared.profile_vocabulary import HouseholdType

from .base import AGE_BANDS

HIDDEN = "*"
UNKNOWN = "unknown"

_AGE_TEN = {
    "<20": "<20",
    "20-24": "20-29",
    "25-29": "20-29",
    "30-34": "30-39",
    "35-39": "30-39",
    "40-44": "40-49",
    "45-49": "40-49",
    "50-54": "50-59",
    "55-59": "50-59",
    "60-64": "60+",
    "65+": "60+",
}
_AGE_WIDE = {"<20": "<30", "20-29": "<30", "30-39": "30-39"}
_CONTINENT = {
    "north_africa": "africa",
    "west_africa": "africa",
    "east_africa": "africa",
    "central_southern_africa": "africa",
    "eu": "europe",
    "eastern_europe": "europe",
    "middle_east": "asia",
    "south_asia": "asia",
    "east_asia": "asia",
    "southeast_asia": "asia",
    "latin_america": "americas_other",
    "other": "americas_other",
}
_HOUSEHOLD = {
    "alone": "without_children",
    "couple": "without_children",
    "single_mother": "with_family",
    "couple_children": "with_family",
    "extended": "with_family",
}

Level = Callable[[str], tuple[str, ...]]


@dataclass(frozen=True)
class Dimension:
    """One quasi-identifier: the raw column it reads, the columns it releases, its levels."""

    name: str
    source: str
    outputs: tuple[str, ...]
    levels: tuple[Level, ...]

    def mapping(self, level: int, domain: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """Raw value → released values at `level`, for every value of the domain."""
        return {value: self.levels[level](value) for value in domain}

    def preimage(self, level: int, domain: Sequence[str], chosen: set[str]) -> set[str]:
        """All domain values released like some chosen one (what a filter really selects)."""
        mapping = self.mapping(level, domain)
        released = {mapping[v] for v in chosen if v in mapping}
        return {v for v, out in mapping.items() if out in released}


def _keep_unknown(step: Callable[[str], str]) -> Callable[[str], tuple[str]]:
    return lambda value: (value if value == UNKNOWN else step(value),)


def _age_wide(value: str) -> str:
    return _AGE_WIDE.get(_AGE_TEN[value], "40+")


def _five_years(year: str) -> str:
    low = (int(year) - 1) // 5 * 5 + 1
    return f"{low}-{low + 4}"


def programme_dimension(generation_of: Mapping[str, int]) -> Dimension:
    """Programme, then only its generation (lineage step), then nothing.

    `generation_of` is the programme catalogue; territory is a function of the programme, so
    the territory filter is decided on this dimension too.
    """

    def generation(code: str) -> str:
        found = generation_of.get(code)
        return UNKNOWN if found is None else str(found)

    return Dimension(
        "programme",
        "programme",
        ("programme", "generation"),
        (
            lambda code: (code, generation(code)),
            lambda code: (HIDDEN, generation(code)),
            lambda code: (HIDDEN, HIDDEN),
        ),
    )


COHORT = Dimension(
    "cohort_period",
    "year",
    ("cohort_period",),
    (lambda y: (y,), _keep_unknown(_five_years), lambda y: (HIDDEN,)),
)
AGE = Dimension(
    "age_band",
    "age_band",
    ("age_band",),
    (
        lambda b: (b,),
        _keep_unknown(lambda b: _AGE_TEN[b]),
        _keep_unknown(_age_wide),
        lambda b: (HIDDEN,),
    ),
)
ORIGIN = Dimension(
    "origin_region",
    "origin_region",
    ("origin_region",),
    (lambda r: (r,), _keep_unknown(lambda r: _CONTINENT[r]), lambda r: (HIDDEN,)),
)
HOUSEHOLD = Dimension(
    "household_type",
    "household_type",
    ("household_type",),
    (lambda h: (h,), _keep_unknown(lambda h: _HOUSEHOLD[h]), lambda h: (HIDDEN,)),
)

AGE_DOMAIN: tuple[str, ...] = (*AGE_BANDS, UNKNOWN)
ORIGIN_DOMAIN: tuple[str, ...] = (*(r.value for r in WorldRegion), UNKNOWN)
HOUSEHOLD_DOMAIN: tuple[str, ...] = (*(h.value for h in HouseholdType), UNKNOWN)
