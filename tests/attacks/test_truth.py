"""The suite's truth (raw SQL in shapes.py) equals what the query layer publishes unprotected.

If the query layer changes a definition (e.g. when a follow-up falls due), this fails first,
so the attacks never measure against a stale truth and report recoveries as misses. Counts
and sums read back from rounded figures (a mean, a curve's step) are checked forward instead,
and read back only within the slack the rounding leaves (rounding.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import projections.queries as q
from projections.queries import AnalyticsReader, Filters

from .harness import close_enough, make_reader
from .rounding import forward_mismatches, slack
from .shapes import SHAPES, Truth, published_cells

pytestmark = pytest.mark.attacks
SAMPLES = [Filters(), Filters(age_bands=("30-34", "35-39"), years=(2012, 2020))]


@pytest.fixture(scope="module")
def unprotected(snapshot: Path) -> Iterator[AnalyticsReader]:
    reader = make_reader(snapshot, None, enabled=False)
    yield reader
    reader.close()


@pytest.mark.parametrize("query", sorted(SHAPES))
def test_visible_unprotected_cells_equal_the_raw_sql_truth(
    query: str, unprotected: AnalyticsReader, truth: Truth
) -> None:
    compared = 0
    for filters in SAMPLES:
        frame = (q.QUERIES.get(query) or getattr(q, query))(unprotected, filters, 2).frame
        expected = truth.cells(query, filters)
        allowed = slack(query, frame)
        for cell, values in published_cells(query, frame).items():
            for measure, value in values.items():
                if value is None:
                    continue
                true = (expected.get(cell) or {}).get(measure) or 0
                within = (allowed.get(cell) or {}).get(measure) or 0.0
                assert close_enough(value, true) or abs(value - float(true)) <= within, (
                    query,
                    filters,
                    cell,
                    measure,
                    value,
                    true,
                    within,
                )
                compared += 1
        assert not forward_mismatches(query, frame, truth.table(query, filters)), filters
    assert compared > 0
