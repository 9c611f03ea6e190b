"""The report's sections: the funders' table first, then one per registered query, so the
estimators added to QUERIES later appear without touching the report."""

from __future__ import annotations

import pytest

import projections.queries as q
from infra.settings import Settings
from projections.queries import AnalyticsReader, Filters, QueryResult
from projections.report import Report, sections, to_html


def planted_estimator(reader: AnalyticsReader, filters: Filters, k: int) -> QueryResult:
    """A query added after the report was written.

    Its method is told here, and the report shows it.
    """
    return q.overview_totals(reader, filters, k)


def test_every_query_has_a_section_and_a_new_one_slots_in(
    small_analytics: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = AnalyticsReader.beside(small_analytics.duckdb_path)
    monkeypatch.setitem(q.QUERIES, "planted_estimator", planted_estimator)
    for lang in ("it", "en"):
        found = sections(reader, "LESFEMMES", lang, 10)
        models = [key for key in q.IMPACT_QUERIES if key not in q.QUERIES]
        assert [s.key for s in found] == ["esf_indicators", *q.QUERIES, *models]
        for section in found:
            assert section.title and section.definition and section.method, section.key
            assert all(len(r) == len(section.columns) for r in section.rows), section.key
            assert "k = 10" in section.protection
        assert found[0].rows and found[1].rows  # the funders' table, the overview
    planted = next(s for s in found if s.key == "planted_estimator")
    assert planted.definition == "A query added after the report was written."
    assert "Its method is told here" in planted.method
    html = to_html(Report("LESFEMMES", reader.position, "en", "test", 10, found)).decode()
    assert html.count("<section") == len(found) and "planted_estimator" in html
