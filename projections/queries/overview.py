"""Overview page: women supported, cases, active cases, referrals per year by programme.

A referral the programme did not take on (status 'not_taken_on', the comparison group of
ADR 0016) is a referral, not a case: the totals count the women and cases taken on, as the
microdata release does; `referrals_by_year` still counts every referral.
"""

from __future__ import annotations

import polars as pl

from .base import DEFAULT_K, Filters, QueryResult
from .cache import memoised
from .disclosure import check_k
from .reader import AnalyticsReader
from .sql import counts, protected, validate
from .tabulate import Measure

TAKEN_ON = "status <> 'not_taken_on'"
_METRICS = (
    Measure("women_supported", "people", cond=TAKEN_ON),
    Measure("cases", cond=TAKEN_ON),
    Measure("active_cases", cond="status IN ('active', 'suspended')"),
    Measure("closed_cases", cond="status IN ('closed', 'transferred')"),
)


@memoised
def overview_totals(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: metric (women_supported | cases | active_cases | closed_cases), n, suppressed.

    Only referrals taken on count (see the module's docstring). Women are counted once per
    programme and referral year (a woman carried over from one
    programme to the next counts in both): every figure is a sum of protected cells (ADR 0012).
    """
    check_k(k)
    position = validate(reader, filters)
    wide = protected(reader, "case_facts", [], _METRICS, filters)
    rows = []
    figures = {m.name: max(int(wide[m.name][0] or 0), 0) for m in _METRICS}
    # Women, active and closed cases are each part of the cases (every woman counted has a
    # case in her cell), but noise drawn for each apart could show more of a part than of the
    # whole. Clamping is post-processing of published values: it reveals nothing they did not.
    for part in ("women_supported", "active_cases", "closed_cases"):
        figures[part] = min(figures[part], figures["cases"])
    for m in _METRICS:
        n = figures[m.name]
        hidden = 0 < n < k
        rows.append((m.name, None if hidden else n, hidden))
    frame = pl.DataFrame(
        rows, schema={"metric": pl.String, "n": pl.Int64, "suppressed": pl.Boolean}, orient="row"
    )
    return QueryResult(frame, position, k, "overview_totals")


@memoised
def referrals_by_year(
    reader: AnalyticsReader, filters: Filters = Filters(), k: int = DEFAULT_K
) -> QueryResult:
    """Columns: year, programme, n, suppressed (cases referred, by referral year)."""
    return counts(
        "referrals_by_year", reader, "case_facts", ["year", "programme"], [Measure("n")], filters, k
    )
