"""The search for the release's generalisation levels, on integer codes (ADR 0011, ADR 0024).

Why not one Polars group-by per combination of levels, as before: there are 324 combinations,
and each one paid Polars' fixed costs (expression building, a mapping per dimension, a
group-by) whatever the data size — 0.7 s of CPU on `small`, more on `large`. Here every
distinct row of the source is coded once as integers; a combination of levels is then a few
array look-ups, a weighted count per class and a presence table per sensitive column.

The combinations are tried in the order of the choice's own key (information loss first), and
the search stops once every combination with the first loss that meets the removal limit has
been scored: no later one can win, so the levels chosen are exactly those of the exhaustive
search (tests/unit/test_release_search.py compares them on random populations).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import polars as pl

from .hierarchies import Dimension

Levels = tuple[int, ...]


def _codes(values: Sequence[object]) -> tuple[np.ndarray, list[object]]:
    """Each value's index among the distinct values (None is a value of its own)."""
    index: dict[object, int] = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values), np.int64, len(values))
    return codes, list(index)


class _Coded:
    """The source's distinct rows as codes: per dimension, the released class at every level."""

    def __init__(
        self,
        base: pl.DataFrame,
        dims: tuple[Dimension, ...],
        domains: dict[str, tuple[str, ...]],
        diverse: Sequence[str],
    ) -> None:
        self.weights = base["_w"].to_numpy().astype(np.int64)
        self.released: list[list[tuple[np.ndarray, int]]] = []
        for dim in dims:
            raw, distinct = _codes(base[f"src_{dim.source}"].to_list())
            per_level = []
            for level in range(len(dim.levels)):
                mapping = dim.mapping(level, domains[dim.name])
                out, names = _codes([mapping[str(v)] for v in distinct])
                per_level.append((out[raw], len(names)))
            self.released.append(per_level)
        self.diverse = []
        for column in diverse:
            codes, distinct = _codes(base[column].to_list())
            self.diverse.append((codes, len(distinct)))

    def removed(self, levels: Levels, k: int, l_diversity: int) -> int:
        """Rows in classes under k or showing fewer than `l_diversity` values of a column."""
        classes = np.zeros(len(self.weights), np.int64)
        size = 1
        for per_level, level in zip(self.released, levels, strict=True):
            codes, count = per_level[level]
            classes = classes * count + codes
            size *= count
        if size > 4 * len(self.weights) + 1024:  # sparse: renumber the classes present
            classes = np.unique(classes, return_inverse=True)[1].reshape(-1)
            size = int(classes.max()) + 1 if len(classes) else 0
        people = np.bincount(classes, weights=self.weights, minlength=size)
        failing = people < k
        for codes, count in self.diverse:
            seen = np.zeros(size * count, np.bool_)
            seen[classes * count + codes] = True
            failing |= seen.reshape(size, count).sum(axis=1) < l_diversity
        return int(people[failing].sum())


def search(
    base: pl.DataFrame,
    dims: tuple[Dimension, ...],
    domains: dict[str, tuple[str, ...]],
    *,
    k: int,
    l_diversity: int,
    diverse: Sequence[str],
    limit: float,
) -> Levels:
    """The least generalised levels removing at most `limit` rows (else the fewest removed).

    `base`: the distinct (source columns, diverse columns) rows with their count `_w`. The key
    is the exhaustive search's: (within limit, loss, removed, levels) or, when no combination
    is within the limit, (removed, loss, levels).
    """
    coded = _Coded(base, dims, domains, diverse)

    def loss(levels: Levels) -> float:
        return sum(level / (len(d.levels) - 1) for d, level in zip(dims, levels, strict=True))

    combos = sorted(
        itertools.product(*(range(len(d.levels)) for d in dims)), key=lambda c: (loss(c), c)
    )
    best_within: tuple[float, int, Levels] | None = None
    best_over: tuple[int, float, Levels] | None = None
    for levels in combos:
        cost = loss(levels)
        if best_within is not None and cost > best_within[0]:
            break  # every remaining combination loses more information
        removed = coded.removed(levels, k, l_diversity)
        if removed <= limit:
            key = (cost, removed, levels)
            best_within = key if best_within is None or key < best_within else best_within
        elif best_within is None:
            over = (removed, cost, levels)
            best_over = over if best_over is None or over < best_over else best_over
    if best_within is not None:
        return best_within[2]
    assert best_over is not None
    return best_over[2]
