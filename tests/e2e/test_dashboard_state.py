"""The dashboard's pure parts: the URL view state, plain-dict figures, the audit timeline order.

No browser here: these pin down behaviour the browser tests rely on, and fail fast.
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from dashboard.components.fig import Figure, trace
from dashboard.components.figures import bars, finish, total
from dashboard.components.tables import rows, table
from dashboard.components.timeline import timeline
from dashboard.formats import day, number, percent, separators, signed
from dashboard.ports import CaseHistory, HistoryEntry
from dashboard.state import ViewState, from_params, from_query
from projections.queries import Filters, InvalidFilter


def test_a_view_survives_the_round_trip_through_its_url() -> None:
    view = ViewState(
        Filters(
            programmes=("EMP", "SOSTENGO"),
            years=(2010, 2015),
            age_bands=("30-34",),
            origin_regions=("north_africa",),
            household_types=("single_mother",),
        ),
        "en",
        1234,
        date(2019, 6, 30),
    )
    query = view.to_query()
    assert query.startswith("?prog=EMP,SOSTENGO&")
    assert from_query(query) == view
    assert from_params(dict(p.split("=") for p in query[1:].split("&"))) == view


def test_the_default_view_has_an_empty_query_and_full_years_mean_no_filter() -> None:
    assert ViewState().to_query() == ""
    assert from_query("?years=2006-2021").filters.years is None
    assert from_query("?lang=xx").lang == "it"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?region=atlantis", "origin_regions"),
        ("?age=12-13", "age_bands"),
        ("?years=2015-2010", "years"),
        ("?years=abc", "years"),
        ("?pos=-3", "pos"),
        ("?pos=x", "pos"),
        ("?date=2019-13-01", "date"),
    ],
)
def test_bad_urls_name_the_filter_at_fault(query: str, field: str) -> None:
    with pytest.raises(InvalidFilter) as error:
        from_query(query)
    assert error.value.field == field


def test_figures_are_plain_dicts_with_n_and_suppressed_marks() -> None:
    frame = pl.DataFrame(
        {
            "year": [2010, 2010, 2011],
            "programme": ["EMP", "BILLAN", "EMP"],
            "n": [12, None, 30],
            "suppressed": [False, True, False],
        }
    )
    fig = finish(
        bars(frame, "year", "n", "programme", "en", "Year", "Referrals"),
        "Referrals",
        total(frame, "n"),
        "en",
        10,
        suppressed=1,
    ).to_dict()
    assert fig["layout"]["title"]["text"] == "n = 42"  # the card carries the title
    assert fig["layout"]["meta"]["title"] == "Referrals"
    assert fig["layout"]["xaxis"]["title"] == {"text": "Year"}
    marks = [t for t in fig["data"] if t.get("name") == "suppressed"]
    assert marks and marks[0]["x"] == [2010]
    assert "fewer than 10 people" in fig["layout"]["meta"]["note"]  # shown above, as HTML
    assert trace("bar", marker_color="red")["marker"] == {"color": "red"}
    assert Figure().update_layout(yaxis_title="y").layout["yaxis"]["title"] == {"text": "y"}


def test_table_rows_say_suppressed_instead_of_a_number() -> None:
    frame = pl.DataFrame(
        {
            "year": [2010, 2011],
            "n": [None, 4583],
            "rate": [None, 0.355],
            "suppressed": [True, False],
        }
    )
    hidden, shown = rows(frame, ["n"], "it")
    assert hidden == {  # raw null (so AG Grid never prints "Invalid Number"), the word beside it
        "year": 2010,
        "n": None,
        "rate": None,
        "_text": {"year": "2010", "n": "soppresso", "rate": "soppresso"},
    }
    assert shown["n"] == 4583 and shown["_text"] == {
        "year": "2011",
        "n": "4.583",
        "rate": "35,5\u00a0%",
    }
    assert rows(frame, ["n"], "en")[1]["_text"] == {"year": "2011", "n": "4,583", "rate": "35.5%"}


def test_numbers_dates_and_plotly_separators_follow_the_language() -> None:
    assert (number(4583, "it"), number(4583, "en")) == ("4.583", "4,583")
    assert (number(2.346, "it"), number(2.5, "en", 2)) == ("2,35", "2.50")
    assert (percent(0.355, "it"), percent(0.355, "en")) == ("35,5\u00a0%", "35.5%")
    assert (signed(0.53, "it"), signed(-1.25, "en")) == ("+0,5", "\u22121.2")
    assert (day(date(2026, 12, 1), "it"), day(date(2026, 12, 1), "en")) == (
        "1 dic 2026",
        "1 Dec 2026",
    )
    assert (separators("it"), separators("en")) == (",.", ".,")
    fig = finish(Figure(), "T", 4583, "it", 10).to_dict()
    assert fig["layout"]["separators"] == ",." and fig["layout"]["title"]["text"] == "n = 4.583"


def test_table_headers_are_translated_and_programmes_named() -> None:
    frame = pl.DataFrame(
        {"cohort_year": [2019], "programme": ["LESFEMMES"], "n": [12], "suppressed": [False]}
    )
    # the grid's rows and columns wait in the card's store until the table is asked for
    grid = table("t", frame, "it", ["n"], names={"LESFEMMES": "Les Femmes"}).children[1].data
    assert [d["headerName"] for d in grid["columnDefs"]] == ["Coorte", "Progetto", "n"]
    assert grid["rowData"][0]["programme"] == "Les Femmes"
    assert grid["dashGridOptions"]["localeText"]["noRowsToShow"] == "Nessuna riga da mostrare"
    assert grid["labels"] == {"show": "Mostra tabella", "hide": "Nascondi tabella"}
    english = table("t", frame, "en").children[1].data
    assert [d["headerName"] for d in english["columnDefs"]] == ["Cohort", "Programme", "n"]
    assert "localeText" not in english["dashGridOptions"]


def _entry(version: int, corrects: int | None = None) -> HistoryEntry:
    return HistoryEntry(
        version,
        None,
        "Corrected" if corrects else "ActivityRecorded",
        date(2015, 1, version),
        datetime(2026, 1, 1),
        "op-1",
        "coordinator",
        "api",
        {"it": f"v{version}", "en": f"v{version}"},
        corrects,
    )


def test_the_audit_timeline_puts_each_correction_under_what_it_corrects() -> None:
    history = CaseHistory(
        "c", [_entry(1), _entry(2), _entry(3), _entry(4, corrects=1)], {"it": [], "en": []}, 4, 4
    )
    order = [item.id for item in timeline(history, "it").children]
    assert order == ["audit-v1", "audit-v4", "audit-v2", "audit-v3"]
    assert "audit-correction" in timeline(history, "it").children[1].className
