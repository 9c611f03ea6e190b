"""The coded, loss-ordered search picks exactly the levels of the exhaustive one (ADR 0024).

The reference below is the exhaustive search the release used before (one Polars group-by per
combination of levels); both run on random populations of several sizes, shapes and k.
"""

from __future__ import annotations

import itertools
import random

import polars as pl
import pytest

from projections.queries.hierarchies import (
    AGE,
    AGE_DOMAIN,
    COHORT,
    HOUSEHOLD,
    HOUSEHOLD_DOMAIN,
    ORIGIN,
    ORIGIN_DOMAIN,
    Dimension,
    programme_dimension,
)
from projections.queries.release import DIVERSE, L_DIVERSITY, generalise
from projections.queries.release_search import search

PROGRAMMES = {"BILLAN": 1, "BILLAN2": 2, "AZIONI": 3, "LESFEMMES": 4, "EMP": 4, "SOSTENGO": 4}
DIMS = (programme_dimension(PROGRAMMES), COHORT, AGE, ORIGIN, HOUSEHOLD)
DOMAINS = {
    "programme": (*sorted(PROGRAMMES), "unknown"),
    "cohort_period": (*(str(y) for y in range(2006, 2022)), "unknown"),
    "age_band": AGE_DOMAIN,
    "origin_region": ORIGIN_DOMAIN,
    "household_type": HOUSEHOLD_DOMAIN,
}
REASONS = ("job", "dropout", "moved", "transferred", None)
EMPLOYMENT = ("employed", "unemployed", "inactive", None)


def exhaustive(base: pl.DataFrame, dims: tuple[Dimension, ...], k: int, limit: float) -> tuple:
    """The search as it was: every combination, one group-by each, the least key wins."""
    best = None
    for levels in itertools.product(*(range(len(d.levels)) for d in dims)):
        qi = [out for d in dims for out in d.outputs]
        stats = (
            base.with_columns(generalise(dims, DOMAINS, levels))
            .group_by(qi)
            .agg(
                pl.col("_w").sum().alias("_n"),
                *(pl.col(c).n_unique().alias(f"_l_{c}") for c in DIVERSE),
            )
        )
        ok = pl.col("_n") >= k
        for column in DIVERSE:
            ok = ok & (pl.col(f"_l_{column}") >= L_DIVERSITY)
        removed = int(stats.filter(~ok)["_n"].sum())
        loss = sum(level / (len(d.levels) - 1) for d, level in zip(dims, levels, strict=True))
        key = (0, loss, removed, levels) if removed <= limit else (1, removed, loss, levels)
        if best is None or key < best[0]:
            best = (key, levels)
    assert best is not None
    return best[1]


def population(rows: int, seed: int, skew: float) -> pl.DataFrame:
    """Random cases; `skew` concentrates them on a few values (finer releases pass)."""
    rng = random.Random(seed)

    def pick(values: tuple, weight: float = skew) -> object:
        return values[0] if rng.random() < weight else rng.choice(values)

    frame = pl.DataFrame(
        {
            "src_programme": [pick(DOMAINS["programme"]) for _ in range(rows)],
            "src_year": [pick(DOMAINS["cohort_period"]) for _ in range(rows)],
            "src_age_band": [pick(AGE_DOMAIN) for _ in range(rows)],
            "src_origin_region": [pick(ORIGIN_DOMAIN) for _ in range(rows)],
            "src_household_type": [pick(HOUSEHOLD_DOMAIN) for _ in range(rows)],
            "closure_reason": [rng.choice(REASONS) for _ in range(rows)],
            "employment_exit": [rng.choice(EMPLOYMENT) for _ in range(rows)],
        }
    )
    sources = [f"src_{d.source}" for d in DIMS]
    return frame.group_by([*sources, *DIVERSE]).agg(pl.len().alias("_w"))


@pytest.mark.parametrize(
    ("rows", "seed", "skew", "k"),
    [
        (40, 1, 0.0, 10),
        (300, 2, 0.5, 5),
        (2_000, 3, 0.8, 10),
        (2_000, 4, 0.95, 3),
        (800, 5, 0.9, 20),
    ],
)
def test_the_coded_search_chooses_the_exhaustive_searchs_levels(
    rows: int, seed: int, skew: float, k: int
) -> None:
    base = population(rows, seed, skew)
    limit = 0.05 * rows
    chosen = search(base, DIMS, DOMAINS, k=k, l_diversity=L_DIVERSITY, diverse=DIVERSE, limit=limit)
    assert chosen == exhaustive(base, DIMS, k, limit)


def test_when_no_levels_meet_the_limit_the_fewest_removed_win() -> None:
    base = population(30, 6, 0.0)  # too few cases for k = 50 at any level
    chosen = search(base, DIMS, DOMAINS, k=50, l_diversity=L_DIVERSITY, diverse=DIVERSE, limit=0)
    assert chosen == exhaustive(base, DIMS, 50, 0)
