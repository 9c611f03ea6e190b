"""Solving a published comparison for the integer counts behind it (attack on ADR 0016 models).

`comparison_group` publishes the unweighted risk difference of being in work at 12 months
(taken on − not taken on), its HC1 95% interval and the protected n and events of each arm.
The risk difference is E1/N1 − E0/N0 and its HC1 variance n/(n−2) × Σ p(1−p)/N, both exact
functions of four integers. Rounded to 3 decimals they still leave few integer solutions near
the protected arm sizes; two fits whose selections differ by one small group (a year at the
edge of the range) then give the group's size and number employed, if every pair of solutions
agrees on them. No noise enters a fitted figure, so such a value is salt-invariant: exact.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

Z = 1.959963984540054
WINDOW = 8
"""How far from a protected arm size the attacker searches (σ = 2 per microcell)."""


def published(frame: pl.DataFrame) -> dict[str, Any] | None:
    """The figures the solver reads off one comparison_group result (None if withheld)."""
    rows = {r["estimand"] + ":" + r["level"]: r for r in frame.iter_rows(named=True)}
    rd = rows.get("risk_difference_unweighted:enrolled")
    if rd is None or rd["estimate"] is None or rd["ci_low"] is None:
        return None
    arms = {a: rows.get(f"employed_12:{a}") for a in ("enrolled", "not_enrolled")}
    sizes = {a: (r or {}).get("n") for a, r in arms.items()}
    return {"rd": rd["estimate"], "low": rd["ci_low"], "high": rd["ci_high"], "n": sizes}


def solutions(figures: dict[str, Any], k: int) -> set[tuple[int, int, int, int]]:
    """Every (N1, E1, N0, E0) whose rounded risk difference and interval match."""
    found: set[tuple[int, int, int, int]] = set()
    rd, low, high = figures["rd"], figures["low"], figures["high"]
    centre = {a: figures["n"][a] or k for a in ("enrolled", "not_enrolled")}
    for n1 in range(max(1, centre["enrolled"] - WINDOW), centre["enrolled"] + WINDOW + 1):
        e1 = np.arange(n1 + 1)
        low0, high0 = max(1, centre["not_enrolled"] - WINDOW), centre["not_enrolled"] + WINDOW
        for n0 in range(low0, high0 + 1):
            if n1 + n0 <= 2:  # the interval's n / (n - 2) is undefined: nothing to match
                continue
            # E0 is pinned by the rounded difference: E0/N0 within 0.0005 of E1/N1 − rd
            e0 = np.rint((e1 / n1 - rd) * n0)
            ok = (e0 >= 0) & (e0 <= n0)
            p1, p0 = e1 / n1, e0 / n0
            diff = p1 - p0
            n = n1 + n0
            se = np.sqrt(n / (n - 2) * (p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0))
            ok &= np.abs(np.round(diff, 3) - rd) < 1e-9
            ok &= np.abs(np.round(diff - Z * se, 3) - low) < 1e-9
            ok &= np.abs(np.round(diff + Z * se, 3) - high) < 1e-9
            for i in np.flatnonzero(ok):
                found.add((n1, int(e1[i]), n0, int(e0[i])))
    return found


def group(
    outer: set[tuple[int, int, int, int]], inner: set[tuple[int, int, int, int]], k: int
) -> tuple[int, int] | None:
    """(women, employed) of the group in `outer` and not in `inner`, if all solutions agree."""
    answers = set()
    for a in outer:
        for b in inner:
            m1, m0 = a[0] - b[0], a[2] - b[2]
            e1, e0 = a[1] - b[1], a[3] - b[3]
            if m1 >= 0 and m0 >= 0 and 0 < m1 + m0 < k and 0 <= e1 <= m1 and 0 <= e0 <= m0:
                answers.add((m1 + m0, e1 + e0))
    return answers.pop() if len(answers) == 1 else None
