"""Protected tabulation: the one path by which a people-derived number leaves the snapshot.

`tabulate` groups a fact table into microcells — the output dimensions plus the filter columns
of the release variant — perturbs each non-empty microcell (protection.py), and sums the
protected microcells into the output cells. Filters select whole microcells, so every answer,
under any filter, is a sum of the same protected values (ADR 0012).

Release variants: the profile filters (age band, origin region, household type) split cells
finely; a microcell carrying all three would leave a few women per cell and make every total
the sum of thousands of noisy terms. So each query reads the coarsest variant that its filters
need: programme, territory and year always, plus exactly the profile columns the filter
restricts. There are 2³ = 8 variants, so a cell can be seen through at most 8 independently
perturbed views; that is the bound on the averaging attack stated in the ADR.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import polars as pl

from .base import Filters
from .protection import KEY_MODULUS, Protection, count_noise, splitmix64, sum_noise, uniforms
from .reader import AnalyticsReader

BASE_COLUMNS = ("programme", "territory", "year")
PROFILE_COLUMNS = ("age_band", "origin_region", "household_type")
VARIANTS = 2 ** len(PROFILE_COLUMNS)
DERIVED = frozenset({"generation"})
"""Output columns that are functions of the filter columns (a programme's generation): left out
of a cell's identity so a cell keeps its noise whether or not a query also shows them."""


@dataclass(frozen=True)
class Measure:
    """One published measure.

    kind: `count` counts rows (cases, referrals) meeting `cond`; `people` counts contributors
    (women) with at least one such row; `sum` adds `value` over those rows.
    `nonneg`: a sum that cannot be negative (hours): shown as at least 0. Counts need no clamp
    (a count under k is suppressed), and clamping before summing would break additivity.
    """

    name: str
    kind: Literal["count", "people", "sum"] = "count"
    cond: str = "TRUE"
    value: str = "1"
    integer: bool = True
    nonneg: bool = True
    unit: float = 1.0
    """A sum's noise is at least σ of these units (one activity, one hour, one score point): a
    cell whose contributions are all small or 0 (nobody's score changed) is perturbed as much
    as a count, or a rounded sum would come out exact."""

    def signature(self, contributor: str) -> int:
        """What makes two measures the same measure, and so give the same noise to the same
        women in the same cell, whichever query asks (the table does not matter: the same
        women under the same condition are the same figure)."""
        text = "|".join((contributor, self.kind, self.cond, self.value))
        return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")


def variant_columns(filters: Filters, dims: Sequence[str], columns: Sequence[str]) -> list[str]:
    """The microcell's filter columns for this query (see the module's docstring)."""
    restricted = filters.restricted()
    wanted = [c for c in BASE_COLUMNS if c in columns]
    wanted += [c for c in PROFILE_COLUMNS if c in columns and c in restricted]
    return [c for c in wanted if c not in dims]


def tabulate(
    reader: AnalyticsReader,
    table: str,
    dims: Sequence[str],
    measures: Sequence[Measure],
    filters: Filters,
    *,
    where_sql: str,
    params: list[Any],
    columns: Sequence[str],
    contributor: str = "person_key",
) -> pl.DataFrame:
    """Output cells with protected measures, sorted by dims.

    Every measure of every microcell that has rows is perturbed, its zeros included ("none of
    the 3 women found a job" must not come out exact); only output cells with no rows at all
    are exact zeros. `_<name>_n` holds the true number of contributors, for tests; it never
    leaves the query layer.
    """
    protection = reader.protection
    cells = [*dims, *variant_columns(filters, dims, columns)]
    quoted = [f'"{c}"' for c in cells]
    inner = [f"count(*) FILTER (WHERE {m.cond}) AS _p{i}" for i, m in enumerate(measures)]
    inner += [
        f"sum({m.value}) FILTER (WHERE {m.cond}) AS _v{i}"
        for i, m in enumerate(measures)
        if m.kind == "sum"
    ]
    outer: list[str] = []
    for i, m in enumerate(measures):
        total = {"count": f"sum(_p{i})", "people": f"count(*) FILTER (WHERE _p{i} > 0)"}
        outer.append(f"{total.get(m.kind, f'sum(_v{i})')} AS _m{i}")
        outer.append(f"count(*) FILTER (WHERE _p{i} > 0) AS _n{i}")
        outer.append(f"(sum(_h) FILTER (WHERE _p{i} > 0) % {KEY_MODULUS})::UBIGINT AS _k{i}")
        if m.kind == "sum":
            outer.append(f"max(abs(_v{i})) AS _t{i}")
    named = sorted(c for c in cells if c not in DERIVED)
    identity = ", ".join(f"'{c}=' || coalesce(CAST(\"{c}\" AS VARCHAR), '∅')" for c in named)
    group = ", ".join(quoted)
    sql = (
        f"WITH src AS (SELECT * FROM {table}{where_sql}), "
        f"per AS (SELECT {group + ', ' if group else ''}"
        f"md5_number_lower(? || {contributor}) >> 3 AS _h, {', '.join(inner)} "
        f"FROM src GROUP BY {group + ', ' if group else ''}{contributor}) "
        f"SELECT {group + ', ' if group else ''}{', '.join(outer)}, "
        f"md5_number_lower(concat_ws('|', ?{', ' + identity if identity else ''})) AS _id "
        f"FROM per{' GROUP BY ' + group if group else ''}"
    )
    micro, _ = reader.frame(sql, [*params, protection.salt, protection.salt])
    return _aggregate(micro, dims, measures, contributor, protection)


def _aggregate(
    micro: pl.DataFrame,
    dims: Sequence[str],
    measures: Sequence[Measure],
    contributor: str,
    protection: Protection,
) -> pl.DataFrame:
    """Perturb each microcell, then sum the protected microcells into the output cells."""
    columns: list[pl.Series] = [micro[d] for d in dims]
    ids = micro["_id"].to_numpy().astype(np.uint64) if micro.height else np.zeros(0, np.uint64)
    for i, m in enumerate(measures):
        true = micro[f"_m{i}"].fill_null(0).to_numpy().astype(np.float64)
        n = micro[f"_n{i}"].fill_null(0).to_numpy().astype(np.int64)
        noise = np.zeros(micro.height)
        if protection.enabled and micro.height:
            keys = micro[f"_k{i}"].fill_null(0).to_numpy().astype(np.uint64)
            # The true value joins the key: one more case of a woman already in the cell
            # changes the noise too, so two snapshots never differ by an exact count.
            value_bits = np.round(true, 2).view(np.uint64)
            keys = keys ^ splitmix64(value_bits)
            u = uniforms(keys, splitmix64(ids ^ np.uint64(m.signature(contributor))))
            if m.kind == "sum":
                top = micro[f"_t{i}"].fill_null(0).to_numpy().astype(np.float64)
                noise = sum_noise(u, top, protection.sigma * m.unit)
            else:
                noise = count_noise(u, protection.sigma).astype(np.float64)
        columns.append(pl.Series(m.name, true + noise))
        columns.append(pl.Series(f"_{m.name}_n", n))
    frame = pl.DataFrame(columns)
    if dims:
        frame = frame.group_by(list(dims)).agg(pl.all().sum()).sort(list(dims), nulls_last=True)
    else:
        frame = frame.select(pl.all().sum())
    return frame.with_columns(pl.col(m.name).round(0).cast(pl.Int64) for m in measures if m.integer)
