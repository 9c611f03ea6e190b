"""Funders' indicators: the ESF 2014–2020 common indicators per programme and year (ADR 0017).

Every figure is a protected measure from `tabulate` then suppressed (ADR 0012), like every other
people-counting query; what Percorsi does not record is a row marked `recorded = false` with no
value, never a 0. Participants are counted by year of entry (intake), results by year of
leaving (closure), as the ESF annual implementation reports count them.
"""

from __future__ import annotations

import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .disclosure import check_k, suppress
from .esf_catalogue import DISADVANTAGED, INDICATORS, QUALIFICATIONS, Basis, Indicator
from .reader import AnalyticsReader
from .sql import protected, validate
from .tabulate import Measure

DIMS = ["programme", "report_year"]
COLUMNS = ("code", "programme", "year", "value", "suppressed", "recorded")


def _source(basis: Basis) -> str:
    """The population of one basis, with the derived flags the catalogue's conditions read."""
    if basis == "participants":
        year, only = "year(intake_month)", "intake_month IS NOT NULL"
    else:
        year = "year(closed_month)"
        only = "intake_month IS NOT NULL AND closed_month IS NOT NULL AND status = 'closed'"
    kinds = ", ".join(f"'{k}'" for k in QUALIFICATIONS)
    return (
        f"(SELECT f.*, CAST({year} AS INTEGER) AS report_year, "
        f"EXISTS (SELECT 1 FROM outcomes o WHERE o.case_key = f.case_key AND o.kind IN ({kinds}))"
        f" AS qualified, coalesce({DISADVANTAGED}, false) AS disadvantaged "
        f"FROM case_facts f WHERE {only}) AS esf"
    )


def _chosen(basis: Basis) -> list[Indicator]:
    return [i for i in INDICATORS if i.basis == basis and i.recorded]


@memoised
def esf_indicators(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: code, programme, year, value, suppressed, recorded (long form; one row per
    indicator × programme × year, in the catalogue's order). `year` is the year of entry for
    participants' indicators and the year of leaving for results; `filters.years` restricts the
    referral year, as everywhere in the query layer. A value is null when suppressed (a
    protected count between 1 and k−1) or not recorded.
    """
    check_k(k)
    position = validate(reader, filters)
    wide: dict[Basis, pl.DataFrame] = {}
    for basis in ("participants", "leavers"):
        measures = [Measure(i.code, cond=i.cond or "FALSE") for i in _chosen(basis)]
        cells = protected(reader, _source(basis), DIMS, measures, filters)
        wide[basis] = cells.select(*DIMS, *(m.name for m in measures))
    grid = (
        pl.concat([w.select(DIMS) for w in wide.values()])
        .unique()
        .sort(DIMS)
        .cast({"report_year": pl.Int32})
    )
    parts = []
    for basis, cells in wide.items():
        codes = [i.code for i in _chosen(basis)]
        full = grid.join(cells.cast({"report_year": pl.Int32}), on=DIMS, how="left")
        # no rows at all in the cell: an exact zero (the only unperturbed value, ADR 0012)
        full = full.with_columns(pl.col(codes).fill_null(0).cast(pl.Int64))
        parts.append(full.unpivot(index=DIMS, on=codes, variable_name="code", value_name="value"))
    long = pl.concat(parts).rename({"report_year": "year"})
    long = suppress(long, dims=["code", "programme", "year"], measures=[Measure("value")], k=k)
    long = long.with_columns(pl.lit(True).alias("recorded"))
    missing = [i.code for i in INDICATORS if not i.recorded]
    absent = grid.rename({"report_year": "year"}).join(pl.DataFrame({"code": missing}), how="cross")
    absent = absent.with_columns(
        pl.lit(None, pl.Int64).alias("value"),
        pl.lit(False).alias("suppressed"),
        pl.lit(False).alias("recorded"),
    )
    order = {i.code: n for n, i in enumerate(INDICATORS)}
    frame = (
        pl.concat([long.select(COLUMNS), absent.select(COLUMNS)])
        .with_columns(pl.col("code").replace_strict(order, return_dtype=pl.Int32).alias("_o"))
        .sort("_o", "programme", "year")
        .drop("_o")
    )
    return QueryResult(frame, position, k, "esf_indicators")
