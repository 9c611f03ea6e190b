"""The Audit page words a refused case load in the reader's language, by code and field."""

from __future__ import annotations

import dash
import pytest

from domain.shared.errors import InvalidValue, NotFound


@pytest.mark.parametrize(
    ("error", "it", "en"),
    [
        (InvalidValue("case_id must be a UUID", field="case_id"), "non è valido", "not valid"),
        (NotFound("no case with id x", field="case_id"), "Nessun percorso", "No case"),
        (NotFound("case x did not exist on d", field="as_of"), "non esisteva", "did not exist"),
        (InvalidValue("version starts at 1", field="version"), "parte da 1", "start at 1"),
        (InvalidValue("something new", field="elsewhere"), "non si può mostrare", "cannot be"),
        (ValueError("odd"), "non si può mostrare", "cannot be"),
    ],
)
def test_a_refused_load_reads_in_each_language(error: Exception, it: str, en: str) -> None:
    if not dash.page_registry:  # pages register themselves against an app with pages on
        dash.Dash(__name__, use_pages=True, pages_folder="")
    from dashboard.pages.audit import error_text

    italian, english = error_text(error, "it"), error_text(error, "en")
    assert it in italian and en in english
    assert str(error) not in italian  # the domain's English message never reaches the page
