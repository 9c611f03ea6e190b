"""Microdata for evaluators: rows of the snapshot's one microdata release, no key (ADR 0011).

An export carries no identifier and its rows come in a fresh random order, so two exports
cannot be joined row by row. Filters only select rows of the release, and only whole released
values: a filter that would cut an equivalence class (e.g. one programme when the release shows
only the generation) is refused, so a filtered export is a union of whole classes of the
unfiltered one and keeps its k-anonymity and l-diversity.
"""

from __future__ import annotations

import secrets

import polars as pl

from .base import DEFAULT_K, Filters, InvalidFilter, QueryResult
from .cache import memoised
from .disclosure import check_k
from .hierarchies import HIDDEN, Dimension
from .reader import AnalyticsReader
from .release import DIVERSE, L_DIVERSITY, SENSITIVE, Release, build_release, described
from .sql import validate

QUASI = ["programme", "generation", "cohort_period", "age_band", "origin_region", "household_type"]
__all__ = [
    "QUASI",
    "SENSITIVE",
    "FilterSplitsRelease",
    "microdata_export",
    "microdata_release",
    "release",
]


class FilterSplitsRelease(InvalidFilter):
    """A filter that would cut a released group (422). Its message names only vocabulary codes
    (the filter was validated before), so the API may show it as is."""


@memoised
def release(reader: AnalyticsReader, k: int) -> Release:
    """The snapshot's release for `k`: computed once, whatever the filters asked later."""
    return build_release(reader, k)


def microdata_release(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """The whole release for `k` as it is kept: the rows (raw `src_` QIs beside the released
    columns), its levels, domains, population and removed rows in the notes.

    Not a published figure: it is stored beside each snapshot at publish time
    (projections.queries.PUBLISHED), in the snapshot's own protection class, so that a cold
    export reads the release instead of rebuilding it (at `large`, reading ~100k cases out of
    DuckDB and grouping them took 110–170 ms). Exports select and shuffle its rows."""
    check_k(k)
    position = validate(reader, filters)
    chosen = release(reader, k)
    return QueryResult(chosen.frame, position, k, "microdata_release", described(chosen))


def _check(release: Release, dim: Dimension, field: str, chosen: set[str]) -> set[str]:
    """The raw values a filter selects, if they are whole released values; else InvalidFilter."""
    domain = release.domains[dim.name]
    level = release.levels[dim.name]
    inside = chosen & set(domain)
    whole = dim.preimage(level, domain, inside)
    if whole != inside:
        if level == len(dim.levels) - 1:
            raise FilterSplitsRelease(
                f"the microdata release hides {dim.name} (*), so it cannot be filtered on: "
                f"drop the {field} filter",
                field=field,
            )
        shown = sorted(
            {
                " ".join(
                    f"{out} {value}"
                    for out, value in zip(dim.outputs, dim.levels[level](v), strict=True)
                    if value != HIDDEN
                )
                for v in inside
            }
        )
        missing = ", ".join(sorted(whole - inside))
        raise FilterSplitsRelease(
            f"the microdata release shows {dim.name} only as whole groups ({'; '.join(shown)}); "
            f"add {missing} to the {field} filter or drop it",
            field=field,
        )
    return inside


def _selection(release: Release, filters: Filters) -> pl.Expr:
    """The filter as a predicate on the release's raw columns, after checking it is honourable."""
    dims = {d.name: d for d in release.dimensions}
    predicate = pl.lit(True)
    programme = dims["programme"]
    if filters.programmes:
        chosen = _check(release, programme, "programmes", set(filters.programmes))
        predicate &= pl.col("src_programme").is_in(sorted(chosen))
    if filters.territories:
        wanted = set(filters.territories)
        codes = {code for code, where in release.territories.items() if where in wanted}
        chosen = _check(release, programme, "territories", codes)
        predicate &= pl.col("src_programme").is_in(sorted(chosen))
    if filters.years is not None:
        first, last = filters.years
        years = {str(y) for y in range(first, last + 1)}
        chosen = _check(release, dims["cohort_period"], "years", years)
        predicate &= pl.col("src_year").is_in(sorted(chosen))
    for name, field, values in (
        ("age_band", "age_bands", filters.age_bands),
        ("origin_region", "origin_regions", filters.origin_regions),
        ("household_type", "household_types", filters.household_types),
    ):
        if values:
            chosen = _check(release, dims[name], field, set(values))
            predicate &= pl.col(f"src_{name}").is_in(sorted(chosen))
    return predicate


def microdata_export(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns (no identifier; rows in random order):

    programme, generation, cohort_period, age_band, origin_region, household_type (quasi-
    identifiers, generalised one way for the whole release; "*" = hidden), closure_reason,
    employment_intake, employment_exit, employment_6, employment_12, employment_24,
    months_to_first_job and duration_months (bands 0-5, 6-11, 12-23, 24+), job_observed.
    notes: the release's levels, k, l and the rows it removed (release-wide, never per filter,
    so that a note cannot count the women of a small filtered group).
    """
    check_k(k)
    position = validate(reader, filters)
    chosen = release(reader, k)
    frame = chosen.frame.filter(_selection(chosen, filters)).select(chosen.columns)
    frame = frame.sample(fraction=1.0, shuffle=True, seed=secrets.randbits(63))
    notes = {
        "removed": chosen.removed,
        "population": chosen.population_size,
        "levels": chosen.levels,
        "quasi_identifiers": chosen.quasi_identifiers,
        "sensitive": list(SENSITIVE),
        "l_diversity": {"attributes": list(DIVERSE), "l": L_DIVERSITY},
    }
    return QueryResult(frame, position, k, "microdata_export", notes)
