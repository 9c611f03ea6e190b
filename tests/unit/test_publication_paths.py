"""Nothing published is computed outside the protection layer (ADR 0012).

Walks the source: only the protected tabulation reads people-level rows. Other SQL in the query
layer is allowed where it reads no people (the programme catalogue, the organisations' network,
the worker's status, the groups' own calendar) or applies its own protection (the microdata
export). The dashboard and the API never open DuckDB or run SQL, and nothing outside tests and
the bench may build a reader with another Protection (a second release with other noise is a
second, independent view of every cell).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "projections" / "queries"
FACT_TABLES = ("case_facts", "case_scores", "activity_months", "outcomes", "service_referrals")
ALLOWED_SQL = {
    ("reader", "*"),
    ("tabulate", "tabulate"),
    ("sql", "validate"),
    ("lineage", "programmes"),
    ("network", "*"),
    ("privacy", "projection_status"),
    ("activities", "groups"),
    ("release", "cases"),  # the microdata release applies its own k and l (ADR 0011)
    ("release", "_catalogue"),
    # ADR 0016: models need person rows to be fitted at all. They are read here only, inside
    # the query layer; what the impact queries publish is tested in test_impact_publication.
    ("impact_data", "person_rows"),
}


def _sql_callers(path: Path) -> set[str]:
    """Top-level functions of a module that call `<something>.frame(...)` or `.sql(...)`."""
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.ClassDef):
            continue
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Attribute)
                and inner.func.attr in {"frame", "sql", "execute"}
                and not (isinstance(inner.func.value, ast.Name) and inner.func.value.id == "pl")
            ):
                found.add(node.name)
    return found


def test_only_the_protected_tabulation_reads_people_rows() -> None:
    offenders = []
    for path in sorted(QUERIES.glob("*.py")):
        module = path.stem
        for function in _sql_callers(path):
            if (module, "*") not in ALLOWED_SQL and (module, function) not in ALLOWED_SQL:
                offenders.append(f"{module}.{function}")
    assert offenders == [], f"SQL outside the protection layer: {offenders}"


def test_the_allowed_list_is_not_stale() -> None:
    """Every allowed (module, function) still exists and still runs SQL: the list cannot grow
    quietly into a blanket exemption."""
    for module, function in ALLOWED_SQL:
        callers = _sql_callers(QUERIES / f"{module}.py")
        assert callers, module
        assert function == "*" or function in callers, (module, function)


def _python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def test_dashboard_and_api_never_run_sql_or_change_the_protection() -> None:
    for path in _python_files("dashboard", "infra"):
        text = path.read_text()
        relative = path.relative_to(ROOT).as_posix()
        if relative != "infra/analytics/store.py":  # the worker's writer, not a reader
            assert "import duckdb" not in text and "from duckdb" not in text, relative
        assert "Protection(" not in text, relative
        if relative.startswith("dashboard/"):
            assert "SELECT " not in text.upper(), relative
        elif not relative.startswith("infra/analytics/"):
            for table in FACT_TABLES:
                assert f"FROM {table}" not in text and f"JOIN {table}" not in text, relative


ALSO_PUBLISHED = {
    # ADR 0017: the funders' table, on the dashboard and in the report (not an API query);
    # attacked with the impact queries in tests/attacks/test_impact_differencing.py.
    "esf_indicators",
    # the completeness of recorded fields (privacy page), protected counts of fields filled
    "completeness",
}
BUILDERS = {"protected", "counts", "tabulate"}
HELPERS = {("sql", "counts"), ("sql", "protected"), ("impact_cox", "_cox_rows")}


def test_every_function_publishing_protected_cells_is_a_registered_query() -> None:
    """A function that builds protected cells is a published figure: it must be in QUERIES (so
    the disclosure and attack suites run it), in IMPACT_QUERIES, or named in ALSO_PUBLISHED with
    where it is attacked. A new table outside every list would escape the suites silently."""
    import projections.queries as q

    registered = set(q.QUERIES) | set(q.IMPACT_QUERIES) | ALSO_PUBLISHED
    unlisted = []
    for path in sorted(QUERIES.glob("*.py")):
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef) or (path.stem, node.name) in HELPERS:
                continue
            calls = {
                n.func.id
                for n in ast.walk(node)
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            }
            if calls & BUILDERS and node.name not in registered:
                unlisted.append(f"{path.stem}.{node.name}")
    assert unlisted == [], f"published outside the registered queries: {unlisted}"
    assert {"esf_indicators"} <= registered - set(q.QUERIES)


def test_the_funders_indicators_are_attacked() -> None:
    """esf_indicators is not in QUERIES, so the attack suite names it itself."""
    from tests.attacks.impact_shapes import IMPACT_SHAPES

    assert "esf_indicators" in IMPACT_SHAPES
