"""Distance travelled: baseline vs latest domain scores (1–10) by cohort."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, html

from projections.queries.distance import distance_travelled

from ..components.fig import Figure, trace
from ..components.figures import finish, graph, labels_for, relabel, total
from ..components.page import Request, frame, render
from ..components.style import card, category_colour, insufficient, too_few
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
            y=[wrap(names[d]) for d in domains],
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hovertemplate="%{y} · %{x}: %{hovertext}<extra></extra>",
            colorscale=[[0, "#5e3c99"], [0.5, "#f7f7f7"], [1, "#e66101"]],
            zmid=0,
            colorbar={"title": {"text": "Δ"}, "thickness": 12},
        )
    )
    fig.update_layout(
        xaxis={"title": {"text": t("common.cohort", lang)}, "type": "category"},
        yaxis={"automargin": True},
    )
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
    ys = [wrap(names[d]) for d in pooled["domain"].to_list()]
    starts, ends = pooled["baseline_mean"].to_list(), pooled["latest_mean"].to_list()
    fig = Figure()
    fig.add_scatter(  # the connecting segments: one trace, segments split by None
        x=[v for a, b in zip(starts, ends, strict=True) for v in (a, b, None)],
        y=[v for y in ys for v in (y, y, None)],
        mode="lines",
        line={"color": "#9a9a9a", "width": 3},
        hoverinfo="skip",
        showlegend=False,
    )
    fig.add_scatter(
        x=starts,
        y=ys,
        mode="markers",
        name=t("distance.baseline", lang),
        marker={"color": "white", "size": 11, "line": {"color": category_colour(1), "width": 2}},
        hovertemplate="%{y}: %{x:.1f}<extra></extra>",
    )
    fig.add_scatter(
        x=ends,
        y=ys,
        mode="markers",
        name=t("distance.latest", lang),
        marker={"color": category_colour(0), "size": 11},
        hovertemplate="%{y}: %{x:.1f}<extra></extra>",
    )
    fig.update_layout(
        xaxis={"range": [1, 10], "title": {"text": t("distance.score", lang)}, "dtick": 1},
        yaxis={"automargin": True, "autorange": "reversed"},
    )
    return fig


def wrap(text: str, width: int = 18) -> str:
    """A long domain name on two lines (plotly does not wrap tick labels itself)."""
    if len(text) <= width or " " not in text:
        return text
    cut = text.rfind(" ", 0, width + 1)
    cut = cut if cut > 0 else text.find(" ")
    return text[:cut] + "<br>" + text[cut + 1 :]


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k = request.lang, request.k
    result = distance_travelled(request.reader, request.view.filters, k)
    data = result.frame.sort("cohort_year", "domain")
    domains = max(1, data["domain"].n_unique()) if not data.is_empty() else 1
    n = total(data, "n") // domains
    empty = too_few(data)
    heat = finish(
        insufficient(lang, k) if empty else heatmap(data, lang),
        t("distance.heat_title", lang),
        n,
        lang,
        k,
        result.suppressed_cells,
    )
    dumb = finish(
        insufficient(lang, k) if empty else dumbbell(data, lang),
        t("distance.dumbbell_title", lang),
        n,
        lang,
        k,
        result.suppressed_cells,
    )
    body = [
        dbc.Row(
            [
                card(
                    t("distance.dumbbell_title", lang),
                    graph("distance-dumbbell", dumb, height=460),
                    subtitle=t("distance.dumbbell_sub", lang),
                    width=5,
                ),
                card(
                    t("distance.heat_title", lang),
                    graph("distance-heatmap", heat, height=460),
                    subtitle=t("distance.heat_sub", lang),
                    width=7,
                ),
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
                subtitle=t("distance.table_sub", lang),
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
