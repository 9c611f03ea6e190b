"""Attack 3: identities across queries that share a population.

- follow-up `due` at exit for a cohort year = the closed cases of that year, read from
  generation_results (Σ closed) or from the overview (closed) minus closure_reasons'
  `transferred`;
- employed at exit for a cohort year = Σ generation_results.employed_at_exit of that year;
- a referrals_by_year cell = generation_results for that year and programme (the overview's
  cases are the referrals taken on, a different population);
- the hidden remainder of a table = another query's total − the table's visible cells
  (referrals vs generation_results' cases; entry_exit_flows vs closure_reasons without transfers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from projections.queries import Filters

from .harness import ON_GIVEN_DATA, Derive, Releases, Tally
from .shapes import Truth

pytestmark = pytest.mark.attacks
Read = Callable[[str], float | None]


def total(
    releases: Releases,
    query: str,
    f: Filters,
    measure: str,
    keep: Callable[[Any], bool] = lambda c: True,
) -> Read:
    """Σ of a measure over the cells `keep` accepts; None if any of them is hidden."""

    def read(salt: str) -> float | None:
        out = 0.0
        for cell, values in releases.cells(salt, query, f).items():
            if keep(cell):
                if values[measure] is None:
                    return None
                out += float(values[measure])  # type: ignore[arg-type]
        return out

    return read


def visible(releases: Releases, query: str, f: Filters, measure: str) -> Read:
    """Σ of the visible cells only (what the remainder attack subtracts)."""

    def read(salt: str) -> float | None:
        return float(sum(v[measure] or 0 for v in releases.cells(salt, query, f).values()))

    return read


def combine(*terms: tuple[int, Read]) -> Derive:
    def value(salt: str) -> float | None:
        out = 0.0
        for sign, read in terms:
            v = read(salt)
            if v is None:
                return None
            out += sign * v
        return out

    return value


def one(releases: Releases, query: str, f: Filters, cell: tuple[Any, ...], measure: str) -> Read:
    def read(salt: str) -> float | None:
        found = releases.cells(salt, query, f).get(cell)
        return 0.0 if found is None else found[measure]

    return read


def small(n: float, k: int) -> bool:
    return 0 < n < k


def test_cross_query_identities(releases: Releases, truth: Truth, tally: Tally) -> None:
    k = releases.k
    years = truth.frame("SELECT DISTINCT year AS y FROM case_facts ORDER BY y")["y"].to_list()
    for y in years:
        f = Filters(years=(y, y))
        true = truth.cells("employment_follow_up", f).get((y, "exit"), {})
        due, employed = true.get("due") or 0, true.get("employed") or 0
        closed = sum(v["closed"] or 0 for v in truth.cells("generation_results", f).values())
        assert closed == due  # the identity holds on the truth, so the attack is sound
        if small(due, k):
            tally.record(
                ("due@exit", y, "gen"),
                due,
                combine((1, total(releases, "generation_results", f, "closed"))),
            )
            tally.record(
                ("due@exit", y, "overview"),
                due,
                combine(
                    (1, one(releases, "overview_totals", f, ("closed_cases",), "n")),
                    (
                        -1,
                        total(releases, "closure_reasons", f, "n", lambda c: c[1] == "transferred"),
                    ),
                ),
            )
        if small(employed, k) or small(due, k):
            tally.record(
                ("employed@exit", y),
                employed,
                combine((1, total(releases, "generation_results", f, "employed_at_exit"))),
            )
        for (_, programme), values in truth.cells("referrals_by_year", f).items():
            n = values["n"] or 0
            if small(n, k):
                g = Filters(years=(y, y), programmes=(programme,))
                tally.record(
                    ("referrals", y, programme, "generation"),
                    n,
                    combine((1, total(releases, "generation_results", g, "cases"))),
                )
    _remainders(releases, truth, tally, years)
    assert ON_GIVEN_DATA or len(tally.targets) > 20
    assert not tally.exact, sorted(map(str, tally.exact))[:10]


def _remainders(releases: Releases, truth: Truth, tally: Tally, years: list[int]) -> None:
    """Another query's total minus a table's visible cells: the table's hidden remainder."""
    programmes = truth.frame("SELECT DISTINCT programme AS p FROM case_facts ORDER BY p")["p"]
    scopes = (
        [Filters()]
        + [Filters(programmes=(p,)) for p in programmes]
        + [Filters(years=(y, y)) for y in years]
    )
    for f in scopes:
        for table, measure, other in (
            (
                "referrals_by_year",
                "n",
                combine((1, total(releases, "generation_results", f, "cases"))),
            ),
            (
                "entry_exit_flows",
                "n",
                combine(
                    (1, total(releases, "closure_reasons", f, "n", lambda c: c[1] != "transferred"))
                ),
            ),
        ):
            published = releases.cells("a", table, f)
            hidden = [c for c, v in published.items() if v[measure] is None]
            true = truth.cells(table, f)
            remainder = sum((true.get(c) or {}).get(measure) or 0 for c in hidden)
            if hidden and small(remainder, releases.k):
                derive = combine((1, other), (-1, visible(releases, table, f, measure)))
                tally.record(("remainder", table, f), remainder, derive)
