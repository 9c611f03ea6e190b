"""Attacks 1, 3 and 6 on the impact queries (ADR 0016) and the funders' indicators (ADR 0017).

The six tabulated impact queries and `esf_indicators` build on protected microcells like every
other people-counting query, so the same attacks must recover nothing: leave one category out
on every filter dimension, and on pairs of dimensions (fewer pairs than for the monitoring
queries: the path-based sources cost more per query and CI runs on 2 cores); identities with
the monitoring queries that count the same women (ESF leavers and employed at exit against
generation_results, ESF follow-ups at six months against sustained_employment).
The as-of snapshot attack covers them in test_snapshots.py.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest

from projections.queries import Filters

from .harness import ON_GIVEN_DATA, Releases, Tally
from .impact_shapes import IMPACT_SHAPES
from .plans import attack, leave_one_out, pair_plans
from .shapes import Truth
from .test_differencing import dimensions, small_pairs
from .test_identities import combine, total

pytestmark = pytest.mark.attacks
TABULATED = sorted(IMPACT_SHAPES)
"""cumulative_incidence, sustained_employment, dose_response, job_quality, autonomy,
distance_at_horizons (all in QUERIES) and esf_indicators (dashboard and report only)."""
PAIRS_PER_DIMENSIONS = 1
CATEGORIES_PER_DIMENSION = 1
"""The category holding the fewest women (the small cells worth attacking) on each dimension,
and both ends of the years: a path-based impact query costs 0.3–2 s on the 2-core box where a
monitoring query costs milliseconds, and each hit is re-derived under another salt, so the full
grid would take CI many minutes."""
MAX_PAIRS = 8
LIGHT = ("distance_at_horizons", "esf_indicators", "job_quality")
"""The queries cheap enough for the pairs of dimensions (no per-path source)."""


def smallest(truth: Truth, dim: Any) -> tuple[Any, ...]:
    if dim.span:
        return dim.categories  # both ends of the years
    column = {
        "programmes": "programme",
        "territories": "territory",
        "age_bands": "age_band",
        "origin_regions": "origin_region",
        "household_types": "household_type",
    }[dim.name]
    sizes = truth.frame(f"SELECT {column} AS c, count(*) AS n FROM case_facts GROUP BY ALL")
    order = sorted(dim.categories, key=lambda c: (dict(sizes.iter_rows()).get(c, 0), str(c)))
    return tuple(order[:CATEGORIES_PER_DIMENSION])


def test_impact_leave_one_category_out(releases: Releases, truth: Truth, tally: Tally) -> None:
    for dim in dimensions(truth):
        for c in smallest(truth, dim):
            plan = leave_one_out(dim, c)
            for query in TABULATED:
                attack(plan, query, releases, truth, tally)
    assert ON_GIVEN_DATA or len(tally.targets) > 100
    assert not tally.exact, sorted(map(str, tally.exact))[:10]


def test_impact_leave_one_out_on_pairs_of_dimensions(
    releases: Releases, truth: Truth, tally: Tally
) -> None:
    pairs = 0
    for a, b in combinations(dimensions(truth), 2):
        if pairs >= MAX_PAIRS:
            break
        for ca, cb in small_pairs(truth, a, b, releases.k)[:PAIRS_PER_DIMENSIONS]:
            pairs += 1
            for plan in pair_plans(a, ca, b, cb):
                for query in LIGHT:
                    attack(plan, query, releases, truth, tally)
    tally.extra["category_pairs"] = pairs
    assert ON_GIVEN_DATA or (pairs >= MAX_PAIRS and len(tally.targets) > 50)
    assert not tally.exact, sorted(map(str, tally.exact))[:10]


def _esf(releases: Releases, f: Filters, code: str, programme: Any) -> Any:
    return total(releases, "esf_indicators", f, "value", lambda c: c[:2] == (code, programme))


def test_impact_cross_query_identities(releases: Releases, truth: Truth, tally: Tally) -> None:
    """Only identities that hold on the truth are attacked (so the attack is sound)."""
    k, identities = releases.k, 0
    years = truth.frame("SELECT DISTINCT year AS y FROM case_facts ORDER BY y")["y"].to_list()
    for f in [Filters(), *(Filters(years=(y, y)) for y in years)]:
        esf = truth.cells("esf_indicators", f)
        by_programme = truth.cells("generation_results", f)
        for programme, _ in by_programme:
            for code, measure in (("LEFT", "closed"), ("CR04", "employed_at_exit")):
                true = sum(v["value"] or 0 for c, v in esf.items() if c[:2] == (code, programme))
                cells = [v[measure] or 0 for c, v in by_programme.items() if c[0] == programme]
                if true != sum(cells):
                    continue
                identities += 1
                if 0 < true < k:
                    derive = combine((1, _esf(releases, f, code, programme)))
                    tally.record(("esf", code, programme, f), true, derive)
        sustained = truth.cells("sustained_employment", f).get((6,), {})
        for code, measure in (("DUE6", "due"), ("REACHED6", "reached"), ("CR06", "employed")):
            true = sum(v["value"] or 0 for c, v in esf.items() if c[0] == code)
            if true != (sustained.get(measure) or 0):
                continue
            identities += 1
            if 0 < true < k:
                esf_total = total(
                    releases, "esf_indicators", f, "value", lambda c, code=code: c[0] == code
                )
                tally.record(("sustained@6", code, f), true, combine((1, esf_total)))
                tally.record(
                    ("sustained@6", measure, f),
                    true,
                    combine((1, total(releases, "sustained_employment", f, measure))),
                )
    tally.extra["identities_on_truth"] = identities
    assert ON_GIVEN_DATA or (identities > 20 and len(tally.targets) > 10)
    assert not tally.exact, sorted(map(str, tally.exact))[:10]
