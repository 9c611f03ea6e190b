"""Lineage: the programme genealogy on a timeline, carry-over, each generation's results."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, html

from projections.queries.lineage import carry_over, generation_results, programmes

from ..components.fig import Figure, trace
from ..components.figures import PALETTE, bars, finish, graph, suppressed_trace, total
from ..components.names import named, programme_names
from ..components.page import Request, card, frame, render
from ..components.tables import table, with_names
from ..i18n import t


def layout(**params: Any) -> html.Div:
    return frame("lineage", params, "nav.lineage")


dash.register_page(__name__, path="/lineage", name="lineage", order=1, layout=layout)


def timeline(progs: pl.DataFrame, lang: str) -> Figure:
    """One bar per programme from start to end, coloured by generation, arrows to successors."""
    fig = Figure()
    rows = sorted(progs.iter_rows(named=True), key=lambda r: (str(r["start"]), r["code"]))
    for row in rows:
        colour = PALETTE[(int(row.get("generation") or 0)) % len(PALETTE)]
        fig.add_trace(
            trace(
                "scatter",
                x=[row["start"], row["end"] or "2021-12-31"],
                y=[row["name"], row["name"]],
                mode="lines+markers",
                line={"width": 14, "color": colour},
                name=str(row["name"]),
                hovertext=f"{row['name']} · {row.get('territory') or ''}",
                showlegend=False,
            )
        )
    by_code = {r["code"]: r for r in rows}
    for row in rows:
        parent = by_code.get(row.get("predecessor"))
        if parent is not None:
            fig.add_annotation(
                x=row["start"],
                y=row["name"],
                ax=parent["end"] or parent["start"],
                ay=parent["name"],
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                showarrow=True,
                arrowhead=2,
                arrowcolor="#888",
            )
    fig.update_layout(yaxis={"autorange": "reversed"}, xaxis_title=t("common.year", lang))
    return fig


def results_figure(
    data: pl.DataFrame, lang: str, k: int, n: int, hidden: int, names: dict[str, str]
) -> Figure:
    shown = data.filter(~pl.col("suppressed"))
    fig = Figure(
        trace(
            "bar",
            x=named(shown["programme"].to_list(), names),
            y=shown["employment_rate"].to_list(),
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (shown["ci_high"] - shown["employment_rate"]).to_list(),
                "arrayminus": (shown["employment_rate"] - shown["ci_low"]).to_list(),
            },
            marker_color=PALETTE[0],
            name=t("lineage.employment_rate", lang),
        )
    )
    gone = data.filter(pl.col("suppressed"))
    if not gone.is_empty():
        fig.add_trace(suppressed_trace(named(gone["programme"].to_list(), names), lang))
    fig.update_layout(
        yaxis={"tickformat": ".0%", "hoverformat": ".1%", "range": [0, 1]},
        yaxis_title=t("lineage.employment_rate", lang),
    )
    return finish(fig, t("lineage.results_title", lang), n, lang, k, hidden)


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k, f = request.lang, request.k, request.view.filters
    progs = programmes(request.reader, f)
    carry = carry_over(request.reader, f, k)
    results = generation_results(request.reader, f, k)
    genealogy = finish(
        timeline(progs.frame, lang), t("lineage.timeline_title", lang), progs.frame.height, lang, k
    )
    names = programme_names(request.reader)
    flows = with_names(carry.frame, names).with_columns(
        (pl.col("from_programme") + " → " + pl.col("to_programme")).alias("step")
    )
    carry_fig = finish(
        bars(flows, "step", "n", None, lang, "", t("lineage.carried", lang)),
        t("lineage.carry_title", lang),
        total(flows, "n"),
        lang,
        k,
        carry.suppressed_cells,
    )
    res = results.frame.sort("generation")
    res_fig = results_figure(res, lang, k, total(res, "cases"), results.suppressed_cells, names)
    body = [
        dbc.Row(card(t("lineage.timeline_title", lang), graph("lineage-timeline", genealogy))),
        dbc.Row(
            [
                card(
                    t("lineage.carry_title", lang),
                    graph("lineage-carry", carry_fig),
                    table("lineage-carry-table", carry.frame, lang, ["n"], names=names),
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
