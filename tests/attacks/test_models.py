"""Attacks on the fitted models (ADR 0016, "Models under differencing").

A fitted figure carries no noise: it is an exact function of the women it was fitted on. The
attacker asks `comparison_group` on two selections that differ by one small group — a year at
either end of the range, one territory or programme left out — solves each published risk
difference and interval for the integer counts behind it (model_solver.py), and reads the
group's size and the number of its women in work at 12 months. Targets: every group of 1..k−1
women of the comparison population that two allowed selections differ by.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import pytest

import projections.queries as q
from projections.queries import Filters, InvalidFilter
from projections.queries.impact_comparison import REACHED, comparison_source
from projections.queries.impact_definitions import DEFAULT_DEFINITION

from .harness import ON_GIVEN_DATA, Releases, Tally, make_reader
from .model_solver import group, published, solutions
from .shapes import Truth

pytestmark = pytest.mark.attacks
SOURCE = comparison_source(DEFAULT_DEFINITION)


def selections(truth: Truth) -> list[tuple[Filters, Filters]]:
    """Pairs (outer, inner) of selections a model query might be asked, differing by a group."""
    first, last = truth.frame("SELECT min(year) AS a, max(year) AS b FROM case_facts").row(0)
    pairs = []
    for lo in range(first, last):
        for hi in range(lo + 1, last + 1):
            outer = Filters(years=(lo, hi))
            pairs += [(outer, Filters(years=(lo + 1, hi))), (outer, Filters(years=(lo, hi - 1)))]
    for name, column in (("territories", "territory"), ("programmes", "programme")):
        values = truth.frame(f"SELECT DISTINCT {column} AS c FROM case_facts ORDER BY c")["c"]
        for c in values.to_list():
            rest = tuple(v for v in values.to_list() if v != c)
            pairs.append((Filters(), Filters(**{name: rest})))
    return pairs


def population(truth: Truth) -> pl.DataFrame:
    """The comparison population reached at 12 months, counted per year, territory, programme."""
    return truth.frame(
        "SELECT year, territory, programme, count(*) AS n, count(*) FILTER (WHERE "
        f"employment_12 IN ('employed', 'self_employed')) AS e FROM {SOURCE} "
        f"WHERE {REACHED} GROUP BY ALL"
    )


def true_group(people: pl.DataFrame, outer: Filters, inner: Filters) -> tuple[int, int]:
    def counts(f: Filters) -> tuple[int, int]:
        rows = people
        if f.years is not None:
            rows = rows.filter(pl.col("year").is_between(*f.years))
        for name, column in (("territories", "territory"), ("programmes", "programme")):
            if getattr(f, name):
                rows = rows.filter(pl.col(column).is_in(getattr(f, name)))
        return int(rows["n"].sum()), int(rows["e"].sum())

    (n1, e1), (n2, e2) = counts(outer), counts(inner)
    return n1 - n2, e1 - e2


def fit(releases: Releases, salt: str, f: Filters) -> Any:
    def compute() -> Any:
        try:
            figures = published(releases.result(salt, "comparison_group", f).frame)
        except InvalidFilter:
            return None  # the selection is refused: nothing to solve
        return None if figures is None else solutions(figures, releases.k)

    return releases.remember(("model", salt, f), compute)


def derive(releases: Releases, outer: Filters, inner: Filters, part: int) -> Callable[..., Any]:
    def value(salt: str) -> float | None:
        a, b = fit(releases, salt, outer), fit(releases, salt, inner)
        if not a or not b:
            return None
        found = group(a, b, releases.k)
        return None if found is None else float(found[part])

    return value


def test_comparison_fits_differenced_over_selections(
    releases: Releases, truth: Truth, tally: Tally
) -> None:
    pairs, people = selections(truth), population(truth)
    for outer, inner in pairs:
        women, employed = true_group(people, outer, inner)
        if not 0 < women < releases.k:
            continue
        tally.record(("women", outer, inner), women, derive(releases, outer, inner, 0))
        tally.record(("employed", outer, inner), employed, derive(releases, outer, inner, 1))
    tally.extra["selection_pairs"] = len(pairs)
    assert ON_GIVEN_DATA or len(tally.targets) > 10
    # A fitted figure has no noise, so a correct derivation is a disclosure even when the
    # solver's search window (centred on protected sizes) makes it differ across salts.
    assert not tally.exact and not tally.hits, sorted(map(str, tally.hits))[:10]


@pytest.mark.parametrize(
    "name", ["cox_employment", "sustained_employment_model", "comparison_group"]
)
def test_models_refuse_every_selection(releases: Releases, name: str) -> None:
    reader = releases.reader("a")
    for f in (
        Filters(years=(2010, 2020)),
        Filters(territories=("Firenze",)),
        Filters(programmes=("EMP",)),
    ):
        with pytest.raises(InvalidFilter, match="whole lineage"):
            getattr(q, name)(reader, f, releases.k)


def test_inverse_probability_weights_only_on_the_whole_lineage(releases: Releases) -> None:
    """A selection never gets IPW rates, protected or not. The whole lineage gets them before
    protection; after it, one woman may dominate a rate on `small` and withhold it (ADR 0020,
    decided on noise keyed by each store's pseudonyms), so that side is read unprotected."""
    plain = make_reader(releases.path, None, enabled=False)
    try:
        whole = q.sustained_employment(plain, Filters(), releases.k).frame
        some = q.sustained_employment(plain, Filters(years=(2008, 2021)), releases.k).frame
    finally:
        plain.close()
    assert whole["ipw_rate"].drop_nulls().len() > 0
    assert some["ipw_rate"].drop_nulls().len() == 0
    for salt in ("a", "b"):
        reader = releases.reader(salt)
        frame = q.sustained_employment(reader, Filters(years=(2008, 2021)), releases.k).frame
        assert frame["ipw_rate"].drop_nulls().len() == 0
