"""Attack 7: averaging the differenced estimates of ≥ 100 distinct queries sharing one small cell.

Target: the women employed at exit in one programme and one age band (1..k-1 of them, in a
band with at least k cases). Each query pair is "generation_results under filters F_i" minus
"the same with that age band left out", where the F_i are ≥ 100 distinct combinations of
origin regions, household types and years that all contain every one of those women. Noise
drawn afresh per query would average away. Under the protection (ADR 0012) every answer is a
sum of protected microcells of one of 8 release variants, so a cell has at most 8
independently perturbed views: however many queries are averaged, the estimate's error keeps
a standard deviation of at least the stated bound σ/√8. The test measures the averaged
estimate's error over several secret salts (independent draws of the whole release) and checks
it against that bound, besides "no exact recovery".
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from projections.queries import Filters
from projections.queries.protection import DEFAULT_SIGMA
from projections.queries.tabulate import VARIANTS

from .harness import CONFIRM_SALTS, PROTECTED, SALTS, Releases, Tally, close_enough
from .shapes import Truth

pytestmark = pytest.mark.attacks
QUERIES_WANTED = 120
EMPLOYED = "employment_exit IN ('employed', 'self_employed')"


def target(truth: Truth, k: int) -> tuple[str, int, str, int]:
    """(programme, generation, age band, employed) of the smallest protected numerator."""
    frame = truth.frame(
        f"SELECT programme, generation, age_band, count(*) FILTER (WHERE {EMPLOYED}) AS e, "
        "count(*) AS n FROM case_facts GROUP BY ALL HAVING e BETWEEN 1 AND ? "
        "ORDER BY n >= ? DESC, e, programme, age_band",
        [k - 1, k],
    )
    p, g, a, e, _ = frame.row(0)
    return p, g, a, e


def covering_filters(truth: Truth, p: str, a: str, want: int) -> list[Filters]:
    """≥ `want` distinct filters, each holding every employed woman of the target cell."""
    who = truth.frame(
        f"SELECT DISTINCT origin_region AS r, household_type AS h, year AS y FROM case_facts "
        f"WHERE programme = ? AND age_band = ? AND {EMPLOYED}",
        [p, a],
    )
    everyone = truth.frame(
        "SELECT list(DISTINCT origin_region) AS r, list(DISTINCT household_type) AS h, "
        "min(year) AS lo, max(year) AS hi FROM case_facts"
    ).row(0, named=True)
    need_r, need_h = set(who["r"]), set(who["h"])
    first, last = min(who["y"]), max(who["y"])
    rng = random.Random(10)
    found: dict[Filters, None] = {}
    while len(found) < want:
        regions = need_r | {r for r in everyone["r"] if rng.random() < 0.5}
        households = need_h | {h for h in everyone["h"] if rng.random() < 0.5}
        years = (first - rng.randrange(4), last + rng.randrange(4))
        f = Filters(
            origin_regions=tuple(sorted(regions)),
            household_types=tuple(sorted(households)),
            years=(max(years[0], everyone["lo"]), min(years[1], everyone["hi"])),
        )
        found.setdefault(f, None)
    return list(found)


def test_averaging_over_many_queries_gains_nothing(
    releases: Releases, truth: Truth, tally: Tally
) -> None:
    p, g, a, true = target(truth, releases.k)
    bands = truth.frame("SELECT DISTINCT age_band AS b FROM case_facts ORDER BY b")["b"].to_list()
    others = tuple(b for b in bands if b != a)
    family = covering_filters(truth, p, a, QUERIES_WANTED)

    def differences(salt: str) -> list[float]:
        out = []
        for f in family:
            full = releases.cells(salt, "generation_results", f).get((p, g))
            rest = releases.cells(
                salt, "generation_results", Filters(**{**_fields(f), "age_bands": others})
            ).get((p, g), {"employed_at_exit": 0})
            if full is None or full["employed_at_exit"] is None:
                continue
            if rest["employed_at_exit"] is None:
                continue
            out.append(float(full["employed_at_exit"]) - float(rest["employed_at_exit"]))
        return out

    def averaged(salt: str) -> float | None:
        found = differences(salt)
        return sum(found) / len(found) if found else None

    tally.record(("averaging", p, g, a, "employed_at_exit"), float(true), averaged)
    shots = differences(SALTS[0])
    tally.extra.update(
        {
            "distinct_queries": len(family) * 2,
            "answered_pairs": len(shots),
            "truth": true,
            "averaged": averaged(SALTS[0]),
            "one_shot": shots[0] if shots else None,
            "spread": (max(shots) - min(shots)) if shots else None,
        }
    )
    assert len(set(family)) >= 100
    assert not tally.exact, "the average over many queries recovers the small cell exactly"
    if PROTECTED and shots:
        means = [averaged(s) for s in (*SALTS, *CONFIRM_SALTS)]
        assert not all(close_enough(m, means[0]) for m in means), "not salt-dependent"
        errors = [m - true for m in means if m is not None]
        rmse = math.sqrt(sum(e * e for e in errors) / len(errors))
        bound = DEFAULT_SIGMA / math.sqrt(VARIANTS)
        tally.extra.update({"rmse_over_salts": rmse, "stated_bound": bound})
        # 8 independent releases: an RMSE under half the bound would be a < 2% accident for an
        # estimator that merely met it; anything averaging truly beat would land far below.
        assert rmse >= 0.5 * bound, (rmse, bound)


def _fields(f: Filters) -> dict[str, Any]:
    return {
        "origin_regions": f.origin_regions,
        "household_types": f.household_types,
        "years": f.years,
    }
