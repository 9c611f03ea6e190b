"""Lineage: the programme genealogy on a timeline, carry-over, each generation's results."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, html

from projections.queries.lineage import carry_over, generation_results, programmes

from ..components.fig import Figure, trace
from ..components.figures import bars, finish, graph, suppressed_trace, total
from ..components.names import named, programme_names, short_names
from ..components.page import Request, frame, render
from ..components.style import card, insufficient, programme_colour, too_few
from ..components.tables import table, with_names
from ..formats import percent
from ..i18n import t


def layout(**params: Any) -> html.Div:
    return frame("lineage", params, "nav.lineage")


dash.register_page(__name__, path="/lineage", name="lineage", order=1, layout=layout)


def timeline(progs: pl.DataFrame, lang: str) -> Figure:
    """One bar per programme from start to end (its own colour), arrows to successors."""
    fig = Figure()
    rows = sorted(progs.iter_rows(named=True), key=lambda r: (str(r["start"]), r["code"]))
    short = short_names({str(r["code"]): str(r["name"]) for r in rows})
    for row in rows:
        fig.add_trace(
            trace(
                "scatter",
                x=[row["start"], row["end"] or "2021-12-31"],
                y=[short[row["code"]], short[row["code"]]],
                mode="lines+markers",
                line={"width": 14, "color": programme_colour(row["code"])},
                name=short[row["code"]],
                hovertext=f"{row['name']} · {row.get('territory') or ''}",
                hoverinfo="text",
                showlegend=False,
            )
        )
    by_code = {r["code"]: r for r in rows}
    for row in rows:
        parent = by_code.get(row.get("predecessor"))
        if parent is not None:
            fig.add_annotation(
                x=row["start"],
                y=short[row["code"]],
                ax=parent["end"] or parent["start"],
                ay=short[parent["code"]],
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                showarrow=True,
                arrowhead=2,
                arrowcolor="#888",
            )
    fig.update_layout(
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"title": {"text": t("common.year", lang)}, "range": ["2005-07-01", "2022-06-30"]},
    )
    return fig


def results_figure(
    data: pl.DataFrame, lang: str, k: int, n: int, hidden: int, names: dict[str, str]
) -> Figure:
    """Employment at exit per programme, programmes in start order, each in its colour."""
    if too_few(data):
        return finish(insufficient(lang, k), t("lineage.results_title", lang), n, lang, k, hidden)
    short = short_names(names)
    # A programme with no closed case left after protection has no rate: no bar, its place
    # on the axis stays (the table says why).
    shown = data.filter(~pl.col("suppressed") & pl.col("employment_rate").is_not_null())
    codes = shown["programme"].to_list()
    fig = Figure(
        trace(
            "bar",
            x=named(codes, short),
            y=shown["employment_rate"].to_list(),
            text=[percent(float(v), lang) for v in shown["employment_rate"].to_list()],
            textposition="inside",
            insidetextanchor="end",
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (shown["ci_high"] - shown["employment_rate"]).to_list(),
                "arrayminus": (shown["employment_rate"] - shown["ci_low"]).to_list(),
                "color": "#444",
            },
            marker_color=[programme_colour(c) for c in codes],
            name=t("lineage.employment_rate", lang),
            showlegend=False,
        )
    )
    gone = data.filter(pl.col("suppressed"))
    if not gone.is_empty():
        fig.add_trace(suppressed_trace(named(gone["programme"].to_list(), short), lang))
    fig.update_layout(
        yaxis={"tickformat": ".0%", "hoverformat": ".1%", "range": [0, 1]},
        yaxis_title=t("lineage.employment_rate", lang),
        xaxis={
            "categoryorder": "array",
            "categoryarray": named(data["programme"].to_list(), short),
        },
    )
    return finish(fig, t("lineage.results_title", lang), n, lang, k, hidden)


def _start_order(frame: pl.DataFrame, progs: pl.DataFrame) -> pl.DataFrame:
    """Rows in the programmes' chronological order (start date), not alphabetical."""
    rank = {str(c): i for i, c in enumerate(progs.sort("start", "code")["code"].to_list())}
    return (
        frame.with_columns(
            pl.col("programme").cast(pl.String).replace_strict(rank, default=99).alias("_o")
        )
        .sort("_o")
        .drop("_o")
    )


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k, f = request.lang, request.k, request.view.filters
    progs = programmes(request.reader, f)
    carry = carry_over(request.reader, f, k)
    results = generation_results(request.reader, f, k)
    genealogy = finish(
        timeline(progs.frame, lang) if progs.frame.height else insufficient(lang, k),
        t("lineage.timeline_title", lang),
        progs.frame.height,
        lang,
        k,
    )
    names = programme_names(request.reader)
    flows = with_names(carry.frame, short_names(names)).with_columns(
        (pl.col("from_programme") + " → " + pl.col("to_programme")).alias("step")
    )
    carry_fig = finish(
        insufficient(lang, k)
        if too_few(flows)
        else bars(flows, "step", "n", None, lang, "", t("lineage.carried", lang), horizontal=True),
        t("lineage.carry_title", lang),
        total(flows, "n"),
        lang,
        k,
        carry.suppressed_cells,
    )
    res = _start_order(results.frame, progs.frame)
    res_fig = results_figure(res, lang, k, total(res, "cases"), results.suppressed_cells, names)
    body = [
        dbc.Row(
            card(
                t("lineage.timeline_title", lang),
                graph("lineage-timeline", genealogy, height=320),
                subtitle=t("lineage.timeline_sub", lang),
            )
        ),
        dbc.Row(
            [
                card(
                    t("lineage.carry_title", lang),
                    graph("lineage-carry", carry_fig),
                    table("lineage-carry-table", carry.frame, lang, ["n"], names=names),
                    subtitle=t("lineage.carry_sub", lang),
                    width=6,
                ),
                card(
                    t("lineage.results_title", lang),
                    graph("lineage-results", res_fig),
                    table(
                        "lineage-results-table",
                        res,
                        lang,
                        [
                            "cases",
                            "closed",
                            "employed_at_exit",
                            "employment_rate",
                            "ci_low",
                            "ci_high",
                        ],
                        percents=("ci_low", "ci_high"),
                        names=names,
                    ),
                    subtitle=t("lineage.results_sub", lang),
                    width=6,
                ),
            ]
        ),
    ]
    return body, min(progs.position, carry.position, results.position)


@callback(
    Output("lineage-body", "children"),
    Output("lineage-position", "children"),
    Input("lineage-view", "data"),
    Input("session-token", "data"),
)
def fill(view: Any, token: Any) -> tuple[list[Any], str]:
    return render(view, token, draw)
