"""The design system's helpers (docs/dashboard-style.md): colours, empty states, direct labels,
short names and the filter bar's count. The browser side is tests/e2e/test_dashboard_design.py.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import polars as pl

from dashboard.components.fig import Figure
from dashboard.components.figures import finish, label_lines
from dashboard.components.names import short_names
from dashboard.components.style import (
    PROGRAMME_COLOURS,
    insufficient,
    programme_colour,
    too_few,
)
from dashboard.filterbar import active
from dashboard.state import ViewState, from_query


def test_each_programme_keeps_one_distinct_colour_and_a_new_one_a_stable_spare() -> None:
    assert len(set(PROGRAMME_COLOURS.values())) == len(PROGRAMME_COLOURS)
    assert programme_colour("LESFEMMES") == "#CC79A7"
    assert programme_colour("NEW2030") == programme_colour("NEW2030")
    assert programme_colour("NEW2030") not in PROGRAMME_COLOURS.values()


def test_too_few_when_nothing_positive_is_shown() -> None:
    frame = pl.DataFrame({"n": [None, 0, 5], "suppressed": [True, False, True]})
    assert too_few(frame.clear())
    assert not too_few(frame)  # a shown zero is a value …
    assert too_few(frame, "n")  # … but a Sankey of zero flows draws nothing (plotly throws)
    assert not too_few(frame.with_columns(pl.lit(False).alias("suppressed")), "n")


def test_the_insufficient_state_says_why_and_is_marked_for_the_browser_check() -> None:
    fig = finish(insufficient("it", 10), "T", 0, "it", 10).to_dict()
    assert fig["layout"]["meta"]["insufficient"] is True
    assert "abbastanza donne" in fig["layout"]["annotations"][0]["text"]
    assert fig["layout"]["xaxis"]["visible"] is False
    english = insufficient("en", 10, "No organisation").to_dict()
    assert english["layout"]["annotations"][0]["text"] == "No organisation"


def test_lines_are_labelled_at_their_last_point_instead_of_a_legend() -> None:
    fig = Figure()
    fig.add_scatter(x=[2019, 2020, 2021], y=[1, 2, None], mode="lines", name="Sessions")
    fig.add_scatter(x=[2019], y=[0], mode="markers", name="suppressed")
    label_lines(finish(fig, "T", 3, "en", 10))
    notes = [a for a in fig.layout["annotations"] if a.get("text") == "Sessions"]
    assert notes and (notes[0]["x"], notes[0]["y"]) == (2020, 2)
    assert fig.data[0]["showlegend"] is False and "showlegend" not in fig.data[1]
    assert fig.layout["margin"]["r"] > 40


def test_charts_use_short_programme_names() -> None:
    names = {"EMP": "EMP – Processi di EMPowerment per le Donne", "BILLAN2": "Billan 2"}
    assert short_names(names) == {"EMP": "EMP", "BILLAN2": "Billan 2"}


def test_the_filter_bar_counts_what_is_in_force() -> None:
    assert active(ViewState()) == []
    view = from_query("?prog=EMP&age=25-29&years=2010-2012&date=2012-06-30")
    assert active(view) == ["programmes", "age_bands", "years", "replay"]
    assert active(ViewState(as_of_date=date(2012, 1, 1))) == ["replay"]


def test_direct_labels_of_lines_ending_close_together_do_not_overlap() -> None:
    fig = Figure()
    for name, end in (("Generation 1", 0.42), ("Generation 2", 0.41), ("Generation 3", 0.43)):
        fig.add_scatter(x=[0, 900], y=[0.0, end], mode="lines", name=name)
    fig.update_layout(yaxis={"range": [0, 1]})
    label_lines(finish(fig, "T", 3, "en", 10))
    ys = {a["text"]: a["y"] for a in fig.layout["annotations"] if a["text"].startswith("Gen")}
    ordered = sorted(ys.values())
    assert all(b - a >= 0.05 for a, b in pairwise(ordered)), ys
    assert ys["Generation 2"] < ys["Generation 1"] < ys["Generation 3"]  # order kept
    assert all(0 <= y <= 1 for y in ys.values())
