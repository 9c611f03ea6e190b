"""Microdata for evaluators on the simulator's `small` lineage (issue 10 item 3, ADR 0011).

No key shared across exports, one generalisation per release whatever the filter, k-anonymity
and l-diversity checked with pycanon, and a linkage attack: joining two exports on shared
columns never narrows a woman down to fewer than k women of the population.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import polars as pl
import pytest
from pycanon import anonymity

import projections.queries as q
from infra.settings import Settings
from projections.queries import AnalyticsReader, Filters
from projections.queries.export import QUASI, SENSITIVE, FilterSplitsRelease, release
from projections.queries.hierarchies import AGE_DOMAIN, HOUSEHOLD_DOMAIN, ORIGIN_DOMAIN
from projections.queries.release import DIVERSE, L_DIVERSITY, Release, cases, generalise

KS = (10, 5)
KEYS = {"case_key", "person_key", "row", "row_id", "id", "zone"}


@pytest.fixture
def reader(small_analytics: Settings) -> Iterator[AnalyticsReader]:
    r = AnalyticsReader.beside(small_analytics.duckdb_path)
    yield r
    r.close()


def candidates(rel: Release) -> list[Filters]:
    """No filter, then every one-value filter of each dimension, each generation, each year
    and each 5-year range: some the release honours, some it must refuse."""
    found: list[Filters] = [Filters()]
    programmes = rel.domains["programme"][:-1]
    for code in programmes:
        found.append(Filters(programmes=(code,)))
    generations: dict[str, list[str]] = {}
    for code in programmes:
        generations.setdefault(rel.dimensions[0].levels[1](code)[1], []).append(code)
    found += [Filters(programmes=tuple(codes)) for codes in generations.values()]
    found += [Filters(territories=(t,)) for t in sorted(set(rel.territories.values()))]
    for field, domain in (
        ("age_bands", AGE_DOMAIN[:-1]),
        ("origin_regions", ORIGIN_DOMAIN[:-1]),
        ("household_types", HOUSEHOLD_DOMAIN[:-1]),
    ):
        found += [Filters(**{field: (value,)}) for value in domain]  # type: ignore[arg-type]
    years = [int(y) for y in rel.domains["cohort_period"][:-1]]
    found += [Filters(years=(y, y)) for y in years] + [Filters(years=(y, y + 4)) for y in years]
    return found


def exports(reader: AnalyticsReader, k: int) -> list[tuple[Filters, q.QueryResult]]:
    """Every candidate filter's export, those the release refuses left out (and counted)."""
    rel = release(reader, k)
    out = []
    for filters in candidates(rel):
        try:
            out.append((filters, q.microdata_export(reader, filters, k)))
        except FilterSplitsRelease:
            continue
    return out


def for_pycanon(frame: pl.DataFrame) -> object:
    """Nulls become a category of their own (an open case is something one can learn)."""
    return frame.with_columns(pl.all().cast(pl.String).fill_null("<null>")).to_pandas()


@pytest.mark.parametrize("k", KS)
def test_every_export_is_k_anonymous_and_l_diverse_by_pycanon(
    reader: AnalyticsReader, k: int
) -> None:
    done = exports(reader, k)
    assert len(done) > 10, "most single filters must be honoured"
    whole = done[0][1]
    taken_on, _ = reader.frame(
        "SELECT count(*) AS n FROM case_facts WHERE status <> 'not_taken_on'"
    )
    assert whole.frame.height + whole.notes["removed"] == whole.notes["population"]
    assert whole.notes["population"] == taken_on["n"][0] > 100  # every case taken on, no other
    for filters, result in done:
        frame = result.frame
        assert not KEYS & set(frame.columns), filters
        assert list(frame.columns) == [*QUASI, *SENSITIVE]
        if frame.height == 0:
            continue
        data = for_pycanon(frame)
        assert anonymity.k_anonymity(data, QUASI) >= k, filters
        for column in DIVERSE:
            assert anonymity.l_diversity(data, QUASI, [column]) >= L_DIVERSITY, (filters, column)
        for column in ("months_to_first_job", "duration_months"):
            assert set(frame[column].drop_nulls()) <= {"0-5", "6-11", "12-23", "24+"}


@pytest.mark.parametrize("k", KS)
def test_a_filtered_export_is_whole_classes_of_the_unfiltered_one(
    reader: AnalyticsReader, k: int
) -> None:
    done = exports(reader, k)
    everything = done[0][1].frame
    sizes = everything.group_by(QUASI).len()
    for filters, result in done[1:]:
        part = result.frame.group_by(QUASI).len()
        joined = part.join(sizes, on=QUASI, how="left", suffix="_all", nulls_equal=True)
        assert (joined["len"] == joined["len_all"]).all(), filters
        rows = everything.join(part.select(QUASI), on=QUASI, how="semi", nulls_equal=True)
        assert rows.sort(pl.all()).equals(result.frame.sort(pl.all())), filters
        assert result.notes["levels"] == release(reader, k).levels


def test_no_key_and_a_fresh_order_for_every_export(reader: AnalyticsReader) -> None:
    first = q.microdata_export(reader, Filters(), 10).frame
    second = q.microdata_export(reader, Filters(), 10).frame
    assert first.sort(pl.all()).equals(second.sort(pl.all()))
    assert not first.equals(second), "two exports came out in the same order"
    assert not first.equals(first.sort(QUASI)), "rows are in key order"


@pytest.mark.parametrize("k", KS)
def test_filters_that_would_cut_a_released_group_are_refused(
    reader: AnalyticsReader, k: int
) -> None:
    rel = release(reader, k)
    refused = 0
    for filters in candidates(rel):
        try:
            q.microdata_export(reader, filters, k)
        except FilterSplitsRelease as error:
            refused += 1
            assert error.status == 422 and isinstance(error, q.InvalidFilter)
            assert error.field in {
                "programmes",
                "territories",
                "years",
                "age_bands",
                "origin_regions",
                "household_types",
            }
            assert "drop" in error.message
    assert refused > 0
    hidden = [d for d in rel.dimensions if rel.levels[d.name] == len(d.levels) - 1]
    assert hidden, "on small some quasi-identifier must be hidden"


def linked_anonymity(
    rel: Release,
    population: pl.DataFrame,
    a: pl.DataFrame,
    a_levels: dict[str, int],
    b: pl.DataFrame,
    b_levels: dict[str, int],
    on: list[str],
) -> int | None:
    """Fewest women of the population consistent with any pair of rows linked on `on`
    (None: no pair can be the same woman).

    A pair is a possible match only if some woman is released as a's row under a's levels and
    as b's row under b's levels; the women who are both are all the attacker can narrow to.
    """
    pairs = a.with_row_index("_a").join(
        b.with_row_index("_b"),
        on=on or None,
        how="inner" if on else "cross",
        suffix="_r",
        nulls_equal=True,
    )
    pairs = pairs.select(
        *QUASI, *(pl.col(c if c in on else f"{c}_r").alias(f"{c}_b") for c in QUASI)
    )
    dims = rel.dimensions
    both = [*QUASI, *(f"{c}_b" for c in QUASI)]
    women = (
        population.select(
            *generalise(dims, rel.domains, tuple(a_levels[d.name] for d in dims)),
            *(
                e.name.suffix("_b")
                for e in generalise(dims, rel.domains, tuple(b_levels[d.name] for d in dims))
            ),
        )
        .group_by(both)
        .len()
    )
    counted = pairs.unique().join(women, on=both, how="inner")
    return min(counted["len"].to_list()) if counted.height else None


@pytest.mark.parametrize("k", KS)
def test_joining_two_exports_singles_out_nobody(reader: AnalyticsReader, k: int) -> None:
    """Joins on the empty set (every pair), each column, every QI subset and everything.

    The pairs a join on any column set can produce are a subset of the cross join's, so the
    empty set bounds every other combination; the others are checked all the same.
    """
    rel, everyone = release(reader, k), cases(reader)
    done = exports(reader, k)
    whole = done[0][1].frame
    shared = [*QUASI, *SENSITIVE]
    combos = [[], shared, list(SENSITIVE)] + [[c] for c in shared]
    combos += [list(s) for n in range(1, len(QUASI)) for s in itertools.combinations(QUASI, n)]
    for filters, result in done[1:]:
        for on in combos:
            smallest = linked_anonymity(
                rel, everyone, whole, rel.levels, result.frame, rel.levels, on
            )
            if result.frame.height:  # a subset of `whole`: its rows must find themselves
                assert smallest is not None and smallest >= k, (filters, on, smallest)
    for (_, one), (_, other) in itertools.pairwise(done[1:]):
        for on in ([], shared):
            smallest = linked_anonymity(
                rel, everyone, one.frame, rel.levels, other.frame, rel.levels, on
            )
            assert smallest is None or smallest >= k


def test_the_linkage_check_catches_a_per_filter_generalisation(reader: AnalyticsReader) -> None:
    """The attack of issue 10: a filtered export generalised on its own (finer) levels."""
    k = 10
    rel = release(reader, k)
    whole = q.microdata_export(reader, Filters(), k).frame
    finer = {name: max(level - 1, 0) for name, level in rel.levels.items()}
    everyone = cases(reader)
    subset = everyone.filter(pl.col("src_programme") == "EMP")
    own = subset.with_columns(
        generalise(rel.dimensions, rel.domains, tuple(finer.values()))
    ).select(*QUASI, *SENSITIVE)
    smallest = linked_anonymity(rel, everyone, whole, rel.levels, own, finer, list(SENSITIVE))
    assert smallest is not None and smallest < k
