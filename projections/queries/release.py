"""The microdata release: one generalisation per snapshot and k, chosen on the whole population.

Why one: if each filtered export chose its own generalisation, two exports of the same women
would publish them at different precisions, and lining the two up recovers the finer one for
each (the attack of issue 10). Here every export is a selection of rows of this one table, so
any two exports are subsets of the same equivalence classes and a join adds nothing.
The choice (ADR 0011): among all combinations of hierarchy levels, the least generalised one
that removes at most MAX_REMOVED_SHARE of the rows; rows in classes under k, or whose class
shows fewer than L_DIVERSITY distinct values of a sensitive outcome, are removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import polars as pl

from .hierarchies import (
    AGE,
    AGE_DOMAIN,
    COHORT,
    HOUSEHOLD,
    HOUSEHOLD_DOMAIN,
    ORIGIN,
    ORIGIN_DOMAIN,
    UNKNOWN,
    Dimension,
    programme_dimension,
)
from .reader import AnalyticsReader
from .release_search import search

L_DIVERSITY = 2
DIVERSE = ("closure_reason", "employment_exit")
MAX_REMOVED_SHARE = 0.05
MONTH_BANDS = (
    "CASE WHEN {d} IS NULL THEN NULL WHEN {d} < 180 THEN '0-5' WHEN {d} < 360 "
    "THEN '6-11' WHEN {d} < 720 THEN '12-23' ELSE '24+' END"
)
SENSITIVE = (
    "closure_reason",
    "employment_intake",
    "employment_exit",
    "employment_6",
    "employment_12",
    "employment_24",
    "months_to_first_job",
    "job_observed",
    "duration_months",
)
RAW_SQL = (
    "SELECT coalesce(programme, 'unknown') AS programme, territory, "
    "coalesce(year::VARCHAR, 'unknown') AS year, coalesce(age_band, 'unknown') AS age_band, "
    "coalesce(origin_region, 'unknown') AS origin_region, "
    "coalesce(household_type, 'unknown') AS household_type, closure_reason, "
    "employment_intake, employment_exit, employment_6, employment_12, employment_24, "
    f"{MONTH_BANDS.format(d='days_to_first_job')} AS months_to_first_job, "
    "days_to_first_job IS NOT NULL AS job_observed, "
    f"{MONTH_BANDS.format(d='duration_days')} AS duration_months FROM case_facts "
    # Women referred but not taken on are the comparison group of ADR 0016, not participants:
    # they have no path to release, and their empty outcomes would only widen the classes.
    "WHERE status <> 'not_taken_on'"
)


@dataclass(frozen=True)
class Release:
    """The generalised table (raw QI columns kept with a `src_` prefix for filtering).

    `frame` is the rows kept, with the released columns too; `population_size` the cases of
    the snapshot as read (`cases(reader)`), before any was removed.
    """

    frame: pl.DataFrame
    population_size: int
    dimensions: tuple[Dimension, ...]
    domains: dict[str, tuple[str, ...]]
    levels: dict[str, int]
    territories: dict[str, str]
    removed: int

    @property
    def quasi_identifiers(self) -> list[str]:
        return [out for d in self.dimensions for out in d.outputs]

    @property
    def columns(self) -> list[str]:
        return [*self.quasi_identifiers, *SENSITIVE]


def generalise(
    dims: tuple[Dimension, ...], domains: dict[str, tuple[str, ...]], levels: tuple[int, ...]
) -> list[pl.Expr]:
    """Expressions computing the released columns from the `src_` ones at these levels."""
    exprs = []
    for dim, level in zip(dims, levels, strict=True):
        mapping = dim.mapping(level, domains[dim.name])
        for i, out in enumerate(dim.outputs):
            table = {value: released[i] for value, released in mapping.items()}
            exprs.append(
                pl.col(f"src_{dim.source}").replace_strict(table, return_dtype=pl.String).alias(out)
            )
    return exprs


def _failing(k: int) -> pl.Expr:
    """A class under k, or showing fewer than L_DIVERSITY values (null counts as one: "still
    open" is something to learn too) of any outcome in DIVERSE."""
    ok = pl.col("_n") >= k
    for column in DIVERSE:
        ok = ok & (pl.col(f"_l_{column}") >= L_DIVERSITY)
    return ~ok


def _class_stats(frame: pl.DataFrame, qi: list[str], weight: str | None) -> pl.DataFrame:
    size = pl.col(weight).sum() if weight else pl.len()
    return frame.group_by(qi).agg(
        size.alias("_n"), *(pl.col(c).n_unique().alias(f"_l_{c}") for c in DIVERSE)
    )


def _search(
    raw: pl.DataFrame, dims: tuple[Dimension, ...], domains: dict[str, tuple[str, ...]], k: int
) -> tuple[int, ...]:
    """The least generalised levels removing at most MAX_REMOVED_SHARE of rows (else the fewest)."""
    sources = [f"src_{d.source}" for d in dims]
    base = raw.group_by([*sources, *DIVERSE]).agg(pl.len().alias("_w"))
    return search(
        base,
        dims,
        domains,
        k=k,
        l_diversity=L_DIVERSITY,
        diverse=DIVERSE,
        limit=MAX_REMOVED_SHARE * raw.height,
    )


def cases(reader: AnalyticsReader) -> pl.DataFrame:
    """Every case of the snapshot a release starts from, raw QIs in `src_` columns."""
    raw, _ = reader.frame(RAW_SQL)
    return raw.rename(
        {
            c: f"src_{c}"
            for c in ("programme", "year", "age_band", "origin_region", "household_type")
        }
    )


def _catalogue(reader: AnalyticsReader) -> tuple[dict[str, int], dict[str, str]]:
    """Generation and territory of each programme code."""
    catalogue, _ = reader.frame("SELECT code, territory, generation FROM programmes")
    generation_of = dict(zip(catalogue["code"], catalogue["generation"], strict=True))
    territories = dict(zip(catalogue["code"], catalogue["territory"], strict=True))
    return generation_of, territories


def build_release(reader: AnalyticsReader, k: int) -> Release:
    """The snapshot's release for `k`: the one stored beside it at publish time if there is
    one (ADR 0024: reading ~100k cases out of DuckDB was most of a cold export at `large`),
    else generalise the whole snapshot's case facts once and remove classes failing k or l."""
    generation_of, territories = _catalogue(reader)
    dims = (programme_dimension(generation_of), COHORT, AGE, ORIGIN, HOUSEHOLD)
    stored = _stored(reader, dims, territories, k)
    if stored is not None:
        return stored
    raw = cases(reader)
    # Polars, not Python loops over ~100k rows: at `large` these were a third of a cold export.
    years = raw.filter(pl.col("src_year") != UNKNOWN)["src_year"].cast(pl.Int64)
    first, last = (cast(int, years.min()), cast(int, years.max())) if years.len() else (0, -1)
    seen = set(raw["src_programme"].unique().to_list())
    domains = {
        "programme": (*sorted(set(generation_of) | seen - {UNKNOWN}), UNKNOWN),
        "cohort_period": (*(str(y) for y in range(first, last + 1)), UNKNOWN),
        "age_band": AGE_DOMAIN,
        "origin_region": ORIGIN_DOMAIN,
        "household_type": HOUSEHOLD_DOMAIN,
    }
    levels = _search(raw, dims, domains, k) if raw.height else (0,) * len(dims)
    qi = [out for d in dims for out in d.outputs]
    frame = raw.with_columns(generalise(dims, domains, levels))
    stats = _class_stats(frame, qi, None)
    keep = stats.filter(~_failing(k)).select(qi)
    kept = frame.join(keep, on=qi, how="semi", nulls_equal=True)
    return Release(
        frame=kept,
        dimensions=dims,
        domains=domains,
        levels={d.name: level for d, level in zip(dims, levels, strict=True)},
        territories=territories,
        population_size=raw.height,
        removed=raw.height - kept.height,
    )


def described(release: Release) -> dict[str, Any]:
    """What a stored release keeps beside its rows (JSON): enough to rebuild it exactly."""
    return {
        "levels": release.levels,
        "domains": {name: list(values) for name, values in release.domains.items()},
        "population": release.population_size,
        "removed": release.removed,
    }


def _stored(
    reader: AnalyticsReader,
    dims: tuple[Dimension, ...],
    territories: dict[str, str],
    k: int,
) -> Release | None:
    """The release stored for this snapshot and k at publish time (export.microdata_release in
    PUBLISHED), or None when there is none; its rows are the ones computed then."""
    from .published import lookup

    found = lookup(reader, "microdata_release", k)
    if found is None:
        return None
    notes = found.notes
    if set(notes["levels"]) != {d.name for d in dims}:
        return None
    return Release(
        frame=found.frame,
        dimensions=dims,
        domains={name: tuple(values) for name, values in notes["domains"].items()},
        levels={d.name: int(notes["levels"][d.name]) for d in dims},
        territories=territories,
        population_size=int(notes["population"]),
        removed=int(notes["removed"]),
    )
