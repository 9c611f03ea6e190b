"""The Impact page draws from the query layer in both languages, also under profile filters
(the models are fitted on the whole lineage only, ADR 0016), with no text key left untranslated."""

from __future__ import annotations

from collections.abc import Iterator

import dash
import pytest

from domain.shared.roles import ActorRole
from infra.settings import Settings
from projections.queries import AnalyticsReader, Filters


@pytest.fixture(scope="module")
def reader(small_analytics: Settings) -> Iterator[AnalyticsReader]:
    r = AnalyticsReader.beside(small_analytics.duckdb_path)
    yield r
    r.close()


@pytest.mark.parametrize("lang", ["it", "en"])
def test_impact_page_draws_every_card(reader: AnalyticsReader, lang: str) -> None:
    if not dash.page_registry:  # pages register themselves against an app with pages on
        dash.Dash(__name__, use_pages=True, pages_folder="")
    from dashboard.components.page import Request
    from dashboard.pages import impact
    from dashboard.ports import Viewer
    from dashboard.state import ViewState

    view = ViewState(Filters(household_types=("alone",)), lang)
    body, position = impact.draw(Request(view, Viewer("u", ActorRole.MANAGER), reader, 10))
    assert position == reader.position and len(body) == 6
    text = str(body)
    leftovers = [w for w in text.split("'") if w.startswith("impact.")]
    assert leftovers == []
    assert ("Occupazione significa:" if lang == "it" else "Employment means:") in text
