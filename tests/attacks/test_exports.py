"""Attack 5: joining two microdata exports (unfiltered and filtered).

Each export alone is k-anonymous on its quasi-identifiers. The attacker links the rows of two
exports — on the shared `case_key` if there is one, else on every shared non-quasi column when
that combination is unique in both — and keeps, per quasi-identifier, the finer of the two
values (an export filtered to one age band may generalise less). A linked row is singled out
when fewer than k linked rows share its refined quasi-identifiers: that must never happen.
"""

from __future__ import annotations

import math
import re
from typing import Any

import polars as pl
import pytest

import projections.queries as q
from projections.queries import Filters

from .harness import PROTECTED, UNTIL, Releases, Tally
from .shapes import Truth

pytestmark = pytest.mark.attacks
QUASI = ["programme", "cohort_period", "age_band", "origin_region", "household_type"]


def width(value: Any) -> float:
    """How much a generalised value covers: '*' everything, 'lo-hi' its span, a code nothing."""
    if value is None or value == "*":
        return math.inf
    found = re.fullmatch(r"(\d+)-(\d+)", str(value))
    return float(int(found[2]) - int(found[1])) if found else 0.0


def finer(a: Any, b: Any) -> Any:
    """The more specific of two generalisations of one value."""
    return a if width(a) <= width(b) else b


def link(one: pl.DataFrame, other: pl.DataFrame, quasi: list[str]) -> pl.DataFrame:
    """Rows of both exports joined; quasi-identifiers refined to the finer value."""
    if "case_key" in one.columns and "case_key" in other.columns:
        keys = ["case_key"]
    else:
        keys = [c for c in one.columns if c in other.columns and c not in quasi]
        one = one.filter(pl.len().over(keys) == 1)
        other = other.filter(pl.len().over(keys) == 1)
    if not keys:
        return pl.DataFrame()
    joined = one.join(other, on=keys, how="inner", suffix="_2", nulls_equal=True)
    return joined.with_columns(
        pl.struct(q, f"{q}_2")
        .map_elements(lambda s, q=q: finer(s[q], s[f"{q}_2"]), return_dtype=pl.String)
        .alias(f"{q}_refined")
        for q in quasi
    )


@pytest.mark.xfail(not PROTECTED, reason=UNTIL, strict=False)
def test_joined_exports_single_out_nobody(releases: Releases, truth: Truth, tally: Tally) -> None:
    k = releases.k
    everyone = releases.result("a", "microdata_export", Filters())
    quasi = [
        c for c in everyone.notes.get("quasi_identifiers", QUASI) if c in everyone.frame.columns
    ]
    assert quasi, "the export names its quasi-identifiers"
    bands = truth.frame(
        "SELECT age_band AS b, count(*) AS n FROM case_facts GROUP BY ALL ORDER BY n, b"
    )
    regions = truth.frame(
        "SELECT origin_region AS r FROM case_facts GROUP BY ALL ORDER BY count(*), r"
    )
    views = [Filters(age_bands=(b,)) for b in bands["b"].to_list()[:4]]
    views += [Filters(origin_regions=(r,)) for r in regions["r"].to_list()[:3]]
    views += [Filters(programmes=("LESFEMMES",)), Filters(years=(2018, 2021))]
    singled = linked = refused = 0
    for f in views:
        try:
            part = releases.result("a", "microdata_export", f).frame
        except q.InvalidFilter:
            refused += 1  # the release cannot honour this filter without splitting its classes
            continue
        joined = link(everyone.frame, part, quasi)
        if joined.height == 0:
            continue
        refined = [f"{q}_refined" for q in quasi]
        # A row whose join taught nothing finer than the filtered export already shows hides
        # in its whole class there (every row of it, linked or not); a row refined by the join
        # hides only among the joined rows sharing its refined values.
        in_part = part.group_by([pl.col(q).alias(f"{q}_refined") for q in quasi]).len("_part")
        sizes = (
            joined.with_columns(pl.len().over(refined).alias("_joined"))
            .join(in_part, on=refined, how="left", nulls_equal=True)
            .with_columns(
                pl.when(
                    pl.all_horizontal(pl.col(f"{q}_refined") == pl.col(f"{q}_2") for q in quasi)
                )
                .then(pl.col("_part"))
                .otherwise(pl.col("_joined"))
                .alias("_class")
            )
        )
        linked += joined.height
        for row in sizes.filter(pl.col("_class") < k).iter_rows(named=True):
            key = (str(f), tuple(row[c] for c in refined))
            tally.record(key, 1.0, lambda _salt: 1.0)  # a singled-out row is recovered as is
            singled += 1
    tally.extra.update(
        {
            "linked_rows": linked,
            "singled_out_rows": singled,
            "views": len(views),
            "refused": refused,
        }
    )
    assert linked > 0 or refused > 0
    assert singled == 0, f"{singled} rows singled out by joining two exports"
