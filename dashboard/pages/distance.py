"""Distance travelled: baseline vs latest domain scores (1–10) by cohort."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, html

from projections.queries.distance import distance_travelled

from ..components.fig import Figure, trace
from ..components.figures import PALETTE, finish, graph, labels_for, relabel, total
from ..components.page import Request, card, frame, render
from ..components.tables import table
from ..formats import signed
from ..i18n import t


def layout(**params: Any) -> html.Div:
    return frame("distance", params, "nav.distance")


dash.register_page(__name__, path="/distance", name="distance", order=3, layout=layout)


def heatmap(data: pl.DataFrame, lang: str) -> Figure:
    """Mean change per domain × cohort; a suppressed cell is blank and marked "▨"."""
    names = labels_for(data, "domain", lang)
    domains = sorted(data["domain"].unique().to_list())
    years = sorted(data["cohort_year"].unique().to_list())
    cells = {(r["domain"], r["cohort_year"]): r for r in data.iter_rows(named=True)}
    z, text, hover = [], [], []
    word = t("common.suppressed", lang)
    for d in domains:
        z_row: list[float | None] = []
        text_row: list[str] = []
        hover_row: list[str] = []
        for y in years:
            cell = cells.get((d, y))
            if cell is None:  # no case of this cohort: an empty cell, not a hidden one
                z_row.append(None)
                text_row.append("")
                hover_row.append("")
                continue
            hidden = bool(cell["suppressed"])
            z_row.append(None if hidden else cell["change_mean"])
            text_row.append("▨" if hidden else signed(cell["change_mean"], lang))
            hover_row.append(word if hidden else text_row[-1])
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    fig = Figure(
        trace(
            "heatmap",
            z=z,
            x=[str(y) for y in years],
            y=[names[d] for d in domains],
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hovertemplate="%{y} · %{x}: %{hovertext}<extra></extra>",
            colorscale="PuOr",
            zmid=0,
            colorbar={"title": "Δ"},
        )
    )
    fig.update_layout(xaxis_title=t("common.cohort", lang))
    return fig


def dumbbell(data: pl.DataFrame, lang: str) -> Figure:
    """Baseline and latest means per domain over the selected cohorts (weighted by n)."""
    names = labels_for(data, "domain", lang)
    pooled = (
        data.filter(~pl.col("suppressed"))
        .group_by("domain")
        .agg(
            (pl.col("baseline_mean") * pl.col("n")).sum() / pl.col("n").sum(),
            (pl.col("latest_mean") * pl.col("n")).sum() / pl.col("n").sum(),
        )
        .sort("domain")
    )
    ys = [names[d] for d in pooled["domain"].to_list()]
    fig = Figure()
    fig.add_scatter(
        x=pooled["baseline_mean"].to_list(),
        y=ys,
        mode="markers",
        name=t("distance.baseline", lang),
        marker={"color": PALETTE[1], "size": 11},
    )
    fig.add_scatter(
        x=pooled["latest_mean"].to_list(),
        y=ys,
        mode="markers",
        name=t("distance.latest", lang),
        marker={"color": PALETTE[0], "size": 11},
    )
    fig.update_layout(xaxis={"range": [1, 10], "title": t("distance.score", lang)})
    return fig


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k = request.lang, request.k
    result = distance_travelled(request.reader, request.view.filters, k)
    data = result.frame.sort("cohort_year", "domain")
    domains = max(1, data["domain"].n_unique()) if not data.is_empty() else 1
    n = total(data, "n") // domains
    heat = finish(
        heatmap(data, lang), t("distance.heat_title", lang), n, lang, k, result.suppressed_cells
    )
    dumb = finish(
        dumbbell(data, lang),
        t("distance.dumbbell_title", lang),
        n,
        lang,
        k,
        result.suppressed_cells,
    )
    body = [
        dbc.Row(
            [
                card(t("distance.dumbbell_title", lang), graph("distance-dumbbell", dumb), width=5),
                card(t("distance.heat_title", lang), graph("distance-heatmap", heat), width=7),
            ]
        ),
        dbc.Row(
            card(
                t("distance.table_title", lang),
                table(
                    "distance-table",
                    relabel(data, "domain", lang),
                    lang,
                    ["n", "baseline_mean", "latest_mean", "change_mean", "ci_low", "ci_high"],
                ),
            )
        ),
    ]
    return body, result.position


@callback(
    Output("distance-body", "children"),
    Output("distance-position", "children"),
    Input("distance-view", "data"),
    Input("session-token", "data"),
)
def fill(view: Any, token: Any) -> tuple[list[Any], str]:
    return render(view, token, draw)
