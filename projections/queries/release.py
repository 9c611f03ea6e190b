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

    `population` is every case of the snapshot as read (raw QIs in `src_` columns); `frame` the
    rows kept, with the released columns too.
    """

    frame: pl.DataFrame
    population: pl.DataFrame
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


def build_release(reader: AnalyticsReader, k: int) -> Release:
    """Generalise the whole snapshot's case facts once; remove classes failing k or l."""
    catalogue, _ = reader.frame("SELECT code, territory, generation FROM programmes")
    generation_of = dict(zip(catalogue["code"], catalogue["generation"], strict=True))
    territories = dict(zip(catalogue["code"], catalogue["territory"], strict=True))
    raw, _ = reader.frame(RAW_SQL)
    raw = raw.rename(
        {
            c: f"src_{c}"
            for c in ("programme", "year", "age_band", "origin_region", "household_type")
        }
    )
    years = [int(y) for y in raw["src_year"].to_list() if y != UNKNOWN]
    dims = (programme_dimension(generation_of), COHORT, AGE, ORIGIN, HOUSEHOLD)
    domains = {
        "programme": (*sorted(set(generation_of) | set(raw["src_programme"]) - {UNKNOWN}), UNKNOWN),
        "cohort_period": (
            *(str(y) for y in range(min(years, default=0), max(years, default=-1) + 1)),
            UNKNOWN,
        ),
        "age_band": AGE_DOMAIN,
        "origin_region": ORIGIN_DOMAIN,
        "household_type": HOUSEHOLD_DOMAIN,
    }
    levels = _stored_levels(reader, dims, k)
    if levels is None:
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
        population=raw,
        removed=raw.height - kept.height,
    )


def _stored_levels(
    reader: AnalyticsReader, dims: tuple[Dimension, ...], k: int
) -> tuple[int, ...] | None:
    """The levels chosen for this snapshot and k at publish time (export.microdata_levels,
    stored beside the snapshot, ADR 0024): the level search is most of a cold export. None
    when there are none for this snapshot; the search then runs here."""
    from .published import lookup

    found = lookup(reader, "microdata_levels", k)
    if found is None:
        return None
    chosen = dict(zip(found.frame["dimension"], found.frame["level"], strict=True))
    if set(chosen) != {d.name for d in dims}:
        return None
    return tuple(int(chosen[d.name]) for d in dims)
