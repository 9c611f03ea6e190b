"""Accuracy of the disclosure protection (issue 10, item 5): what the noise costs.

On freshly seeded data — `small` for `--size small`, `demo` (5,000 women, the figure the ADR
quotes) for `--size large`:
- per people-counting query, the mean and maximum absolute deviation of every published
  count from the true count (raw SQL on the snapshot, tests/attacks/shapes.py), over the
  unfiltered release and a sample of filters; hours and distance means separately;
- the mean and maximum absolute deviation of the Kaplan–Meier survival (and at-risk counts)
  from the unprotected curve (Protection(enabled=False)), where both are shown.
Before the protection layer exists every reader is a plain one and the deviations are 0.
The detail per measure is written to bench/results/disclosure.json.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

from bench.common import Result, scratch_dir, seeded_snapshot

K = 10
SEED_SIZE = {"small": "small", "demo": "demo", "large": "demo"}
DETAIL = Path(__file__).parent / "results" / "disclosure.json"
NOT_COUNTS = {"hours", "baseline_sum", "latest_sum", "change_sum"}


def _filters() -> list[Any]:
    from projections.queries import Filters

    return [
        Filters(),
        Filters(programmes=("LESFEMMES",)),
        Filters(age_bands=("30-34", "35-39")),
        Filters(years=(2015, 2020)),
        Filters(origin_regions=("north_africa",)),
        Filters(household_types=("single_mother",), years=(2010, 2021)),
    ]


def _counts(path: Path) -> dict[tuple[str, str], list[float]]:
    """|published − true| for every visible measure, by (query, measure)."""
    import duckdb

    import projections.queries as q
    from tests.attacks.harness import make_reader
    from tests.attacks.shapes import SHAPES, Truth, published_cells

    reader = make_reader(path, "bench")
    con = duckdb.connect(str(path), read_only=True)
    truth, out = Truth(con), {}
    try:
        for query in SHAPES:
            for f in _filters():
                expected = truth.cells(query, f)
                # by name: esf_indicators is published but not in QUERIES
                cells = published_cells(query, getattr(q, query)(reader, f, K).frame)
                for cell, values in cells.items():
                    for measure, value in values.items():
                        if value is None:
                            continue
                        true = (expected.get(cell) or {}).get(measure) or 0
                        out.setdefault((query, measure), []).append(abs(value - float(true)))
    finally:
        con.close()
        reader.close()
    return out


def _km(path: Path) -> dict[str, list[float]]:
    import projections.queries as q
    from tests.attacks.harness import make_reader

    protected, plain = make_reader(path, "bench"), make_reader(path, None, enabled=False)
    out: dict[str, list[float]] = {"survival": [], "at_risk": []}
    try:
        for f in _filters():
            a = q.time_to_first_job(protected, f, K).frame
            b = q.time_to_first_job(plain, f, K).frame
            both = a.join(b, on=["generation", "timeline_days"], suffix="_true")
            for column in out:
                pairs = both.select(column, f"{column}_true").drop_nulls()
                out[column] += [abs(x - y) for x, y in pairs.iter_rows()]
    finally:
        protected.close()
        plain.close()
    return out


def _figures(values: list[float]) -> tuple[float, float, int]:
    return (statistics.fmean(values) if values else 0.0, max(values, default=0.0), len(values))


def run(size: str) -> list[Result]:
    with scratch_dir("disclosure-") as data_dir:
        path = seeded_snapshot(data_dir, SEED_SIZE[size])
        counts, km = _counts(path), _km(path)
    results, detail = [], {}
    by_query: dict[str, list[float]] = {}
    for (query, measure), values in sorted(counts.items()):
        mean, top, cells = _figures(values)
        detail[f"{query}.{measure}"] = {"mean": mean, "max": top, "cells": cells}
        if measure not in NOT_COUNTS:
            by_query.setdefault(query, []).extend(values)
    for query, values in sorted(by_query.items()):
        mean, top, cells = _figures(values)
        results.append(
            Result(f"disclosure {query}: mean |published − true| ({cells} counts)", mean, "women")
        )
        results.append(Result(f"disclosure {query}: max |published − true|", top, "women"))
    pooled = [v for values in by_query.values() for v in values]
    mean, top, _ = _figures(pooled)
    results += [
        Result("disclosure all counts: mean |published − true|", mean, "women"),
        Result("disclosure all counts: max |published − true|", top, "women"),
    ]
    for column, unit in (("survival", "probability"), ("at_risk", "women")):
        mean, top, rows = _figures(km[column])
        detail[f"time_to_first_job.{column}"] = {"mean": mean, "max": top, "cells": rows}
        results.append(
            Result(
                f"disclosure KM {column}: mean |protected − unprotected| ({rows} rows)", mean, unit
            )
        )
        results.append(Result(f"disclosure KM {column}: max |protected − unprotected|", top, unit))
    DETAIL.parent.mkdir(parents=True, exist_ok=True)
    DETAIL.write_text(json.dumps({"size": SEED_SIZE[size], "k": K, "measures": detail}, indent=2))
    return results
