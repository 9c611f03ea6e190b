"""What a fitted model may publish (ADR 0016): the rules of projections/queries/impact_publish.

Person rows are read by impact_data alone (test_publication_paths allows it deliberately);
these tests pin what leaves: sparse levels pooled before fitting, rows under k blanked, every
figure rounded, and the impact queries registered for the evaluation report.
"""

from __future__ import annotations

import ast
from pathlib import Path

import polars as pl
import pytest

from projections.queries import IMPACT_QUERIES, QUERIES, EmploymentDefinition, InvalidFilter
from projections.queries.impact_publish import POOLED, pool_sparse, rows_frame, withhold

QUERIES_DIR = Path(__file__).resolve().parents[2] / "projections" / "queries"


def test_sparse_levels_are_pooled_before_fitting() -> None:
    frame = pl.DataFrame(
        {
            "level": ["a"] * 40 + ["b"] * 30 + ["c"] * 4,
            "y": [1, 0] * 20 + [1, 0] * 15 + [1, 1, 0, 0],
        }
    )
    pooled, which = pool_sparse(frame, ["level"], "y", k=5)
    assert which == {"level": ["c"]}
    assert set(pooled["level"].unique()) == {"a", "b", POOLED}
    # a level with enough women but too few events is pooled too
    frame = pl.DataFrame({"level": ["a"] * 40 + ["b"] * 30, "y": [1, 0] * 20 + [1] * 3 + [0] * 27})
    _, which = pool_sparse(frame, ["level"], "y", k=5)
    assert which == {"level": ["b"]}


def test_rows_under_k_are_blanked_and_figures_rounded() -> None:
    rows = [
        ("e", "t", "x", 1.23456, 1.01, 1.5, 0.0312, 40, 12, "m", False),
        ("e", "t", "y", 2.0, 1.0, 4.0, 0.5, 4, 2, "m", False),
    ]
    frame = withhold(rows_frame(rows), k=10)
    first, second = frame.row(0, named=True), frame.row(1, named=True)
    assert first["estimate"] == 1.235 and not first["suppressed"]
    assert second["suppressed"] and second["estimate"] is None and second["n"] is None


def test_employment_definition_is_validated() -> None:
    with pytest.raises(InvalidFilter, match="ContractKind"):
        EmploymentDefinition(contract_kinds=("salaried",))
    with pytest.raises(InvalidFilter, match="1–60"):
        EmploymentDefinition(min_weekly_hours=0)
    default = EmploymentDefinition()
    assert "internship" not in default.contract_kinds and default.min_weekly_hours == 18
    assert "weekly_hours >= 18.0" in default.job_sql()


def test_impact_queries_are_registered_for_the_report() -> None:
    models = {"cox_employment", "sustained_employment_model", "comparison_group"}
    assert set(IMPACT_QUERIES) - set(QUERIES) == models
    for name, function in IMPACT_QUERIES.items():
        assert function.__name__ == name


def test_only_impact_data_reads_person_rows_among_impact_modules() -> None:
    """The other impact modules reach DuckDB through tabulate (protected) or impact_data."""
    for path in sorted(QUERIES_DIR.glob("impact_*.py")):
        if path.stem == "impact_data":
            continue
        tree = ast.parse(path.read_text())
        calls = {
            node.func.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        }
        assert not calls & {"frame", "sql", "execute"}, path.name
