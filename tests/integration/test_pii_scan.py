"""No personal value of the event store appears in DuckDB or in any export (DESIGN §5)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

import projections.queries as q
from infra.analytics.runner import rebuild
from infra.bootstrap import build
from infra.settings import Settings
from infra.synthetic import personal_values
from projections.queries import AnalyticsReader, Filters, snapshot_path

from .test_projection_data import cli, seed_small

MIN_LENGTH = 4  # shorter values (none in practice) would match by chance, not by leak


def hits(texts: set[str], values: set[str]) -> list[tuple[str, str]]:
    """Every (text, personal value) pair where the value occurs inside the text."""
    found = []
    folded = [(v.casefold(), v) for v in values if len(v) >= MIN_LENGTH]
    for text in texts:
        lowered = text.casefold()
        found.extend((text, v) for low, v in folded if low in lowered)
    return found


def duckdb_texts(path: Path) -> set[str]:
    """Every text (and date, as text) value of every table of a DuckDB file."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE "
            "table_schema = 'main' AND data_type IN ('VARCHAR', 'DATE', 'TIMESTAMP')"
        ).fetchall()
        texts: set[str] = set()
        for table, column in columns:
            rows = con.execute(f'SELECT DISTINCT "{column}"::VARCHAR FROM {table}').fetchall()
            texts.update(r[0] for r in rows if r[0] is not None)
        return texts
    finally:
        con.close()


def frame_texts(frame: pl.DataFrame) -> set[str]:
    return {frame.write_csv()}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, set[str]]:
    settings = seed_small(tmp_path_factory.mktemp("pii") / "var")
    runtime = build(settings)
    try:
        values = personal_values(runtime)
    finally:
        runtime.close()
    rebuild(settings, progress=False)
    return settings, values


def test_the_scan_finds_a_planted_value(seeded: tuple[Settings, set[str]]) -> None:
    _, values = seeded
    planted = sorted(v for v in values if len(v) > 8)[0]
    assert hits({f"nota: {planted.upper()}!"}, values)
    assert len(values) > 500  # names, fiscal codes, birth dates, contacts, addresses, notes


def test_no_personal_value_in_any_duckdb_table(seeded: tuple[Settings, set[str]]) -> None:
    settings, values = seeded
    for path in (settings.duckdb_path, snapshot_path(settings.duckdb_path)):
        texts = duckdb_texts(path)
        assert len(texts) > 100
        assert hits(texts, values) == [], path.name


def test_no_personal_value_in_any_export_or_query_result(
    seeded: tuple[Settings, set[str]], tmp_path: Path
) -> None:
    settings, values = seeded
    for suffix in ("csv", "parquet"):
        out = tmp_path / f"micro.{suffix}"
        done = cli(settings, "export", "--out", str(out), "--k", "3")
        assert done.returncode == 0, done.stderr
        frame = pl.read_csv(out) if suffix == "csv" else pl.read_parquet(out)
        assert frame.height > 0
        assert hits(frame_texts(frame), values) == []
    reader = AnalyticsReader.beside(settings.duckdb_path)
    try:
        everything = [f(reader, Filters(), 2) for f in q.QUERIES.values()]
        everything += [
            q.microdata_export(reader, Filters(), 2),
            q.programmes(reader),
            q.network_nodes(reader),
            q.network_edges(reader),
            q.network_growth(reader),
            q.completeness(reader, Filters(), 2),
        ]
        texts = {r.to_csv() for r in everything}
        texts |= {q.with_labels(r.frame, "en").write_csv() for r in everything}
    finally:
        reader.close()
    assert hits(texts, values) == []
