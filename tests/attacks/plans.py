"""Differencing plans: a target population written as a signed sum of published queries.

A plan says: the cells of `query` restricted to `target` equal Σ sign × (the same query under
each term's filters). Leave-one-category-out is (+all, −all-but-c); on a pair of dimensions the
inclusion–exclusion (+all, −¬c1, −¬c2, +¬c1∧¬c2) and the base-filter form (+c1, −c1∧¬c2).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any

from projections.queries import Filters

from .harness import Derive, Releases, Tally
from .impact_shapes import public_zero
from .shapes import CATEGORICAL as CATEGORICAL_DIMS
from .shapes import SHAPES, Truth, is_target

__all__ = ["CATEGORICAL_DIMS", "Dimension", "Plan", "attack", "leave_one_out", "pair_plans"]
Selection = dict[str, Any]  # Filters field -> tuple of codes, or a (first, last) years range


@dataclass(frozen=True)
class Dimension:
    """A filter dimension with its categories on the data; years are attacked at their ends."""

    name: str
    categories: tuple[Any, ...]
    span: tuple[int, int] | None = None  # years only

    def only(self, c: Any) -> Any:
        return (c, c) if self.span else (c,)

    def without(self, c: Any) -> Any:
        if self.span:
            first, last = self.span
            return (first + 1, last) if c == first else (first, last - 1)
        return tuple(x for x in self.categories if x != c)

    def everything(self) -> Any:
        return self.span if self.span else None


def filters(selection: Selection) -> Filters:
    return Filters(**{k: v for k, v in selection.items() if v is not None})


@dataclass(frozen=True)
class Plan:
    target: Selection
    terms: tuple[tuple[int, Selection], ...]
    label: str


def leave_one_out(dim: Dimension, c: Any) -> Plan:
    full = {dim.name: dim.everything()}
    rest = {dim.name: dim.without(c)}
    return Plan({dim.name: dim.only(c)}, ((1, full), (-1, rest)), f"{dim.name}!={c}")


def pair_plans(a: Dimension, ca: Any, b: Dimension, cb: Any) -> list[Plan]:
    target = {a.name: a.only(ca), b.name: b.only(cb)}
    terms = []
    for out_a, out_b in product((False, True), repeat=2):
        sign = -1 if out_a != out_b else 1
        terms.append(
            (
                sign,
                {
                    a.name: a.without(ca) if out_a else a.everything(),
                    b.name: b.without(cb) if out_b else b.everything(),
                },
            )
        )
    base = (
        (1, {a.name: a.only(ca), b.name: b.everything()}),
        (-1, {a.name: a.only(ca), b.name: b.without(cb)}),
    )
    label = f"{a.name}={ca},{b.name}={cb}"
    return [Plan(target, tuple(terms), f"ie:{label}"), Plan(target, base, f"base:{label}")]


def attack(plan: Plan, query: str, releases: Releases, truth: Truth, tally: Tally) -> None:
    """Run one plan on one query: every small target cell and measure goes into the tally."""
    shape = SHAPES[query]
    target = filters(plan.target)
    terms = [(sign, filters(sel)) for sign, sel in plan.terms]
    for cell, true in truth.cells(query, target).items():
        for measure in shape.measures:
            if not is_target(shape, true, measure, releases.k):
                continue
            if measure == "lost_to_follow_up" and "exit" in cell:
                continue  # nobody is lost at exit by definition: public, not recovered
            value = float(true[measure] or 0)
            if public_zero(query, cell, measure, value, truth.cells(query, Filters())):
                continue
            key = (query, tuple(sorted(plan.target.items())), cell, measure)
            tally.record(
                key, float(true[measure] or 0), _derive(releases, query, terms, cell, measure)
            )


def _derive(
    releases: Releases, query: str, terms: list[tuple[int, Filters]], cell: Any, measure: str
) -> Derive:
    def value(salt: str) -> float | None:
        total = 0.0
        for sign, f in terms:
            found = releases.cells(salt, query, f).get(cell)
            if found is None:
                continue  # no row: nobody in that cell, a published zero
            v = found[measure]
            if v is None:
                return None
            total += sign * float(v)
        return total

    return value
