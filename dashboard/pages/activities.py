"""Activities: the mix of activities, referrals on to services, groups, the listening space."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, html

from projections.queries.activities import (
    activity_mix,
    groups,
    listening_space,
    service_referrals,
)

from ..components.fig import Figure, trace
from ..components.figures import (
    bars,
    finish,
    graph,
    label_lines,
    labels_for,
    relabel,
    suppressed_rows,
    suppressed_trace,
    total,
)
from ..components.names import programme_names, short_names
from ..components.page import Request, frame, render
from ..components.style import (
    card,
    category_colour,
    insufficient,
    programme_colour,
    shown_rows,
    too_few,
)
from ..components.tables import table
from ..formats import number
from ..i18n import t


def layout(**params: Any) -> html.Div:
    return frame("activities", params, "nav.activities")


dash.register_page(__name__, path="/activities", name="activities", order=4, layout=layout)


def lines(
    frame: pl.DataFrame,
    x: str,
    y: str,
    group: str,
    lang: str,
    y_label: str,
    names: dict[str, str],
    programme: bool = False,
) -> Figure:
    """One line per group over the years, labelled at its end (no legend to decode)."""
    fig = Figure()
    shown = shown_rows(frame)
    for i, key in enumerate(sorted({str(v) for v in shown[group].to_list()})):
        part = shown.filter(pl.col(group).cast(pl.String) == key).sort(x)
        fig.add_scatter(
            x=part[x].to_list(),
            y=part[y].to_list(),
            mode="lines+markers",
            name=names.get(key, key),
            line={"color": programme_colour(key) if programme else category_colour(i), "width": 2},
            marker={"size": 5},
        )
    hidden = suppressed_rows(frame)
    if not hidden.is_empty():
        fig.add_trace(suppressed_trace(sorted(set(hidden[x].to_list())), lang))
    years = [int(v) for v in frame[x].drop_nulls().to_list()] or [2006, 2021]
    fig.update_layout(
        xaxis={
            "title": {"text": t("common.year", lang)},
            "dtick": 2,
            "range": [min(years) - 0.5, max(years) + 0.5],
        },
        yaxis={"title": {"text": y_label}, "rangemode": "tozero"},
    )
    return fig


def totals(frame: pl.DataFrame, group: str, y: str, lang: str, x_label: str) -> Figure:
    """One horizontal bar per category, the period's total of the shown cells, largest first."""
    names = labels_for(frame, group, lang)
    summed = shown_rows(frame).group_by(group).agg(pl.col(y).sum()).sort(y, descending=False)
    fig = Figure(
        trace(
            "bar",
            x=summed[y].to_list(),
            y=[names.get(str(v), str(v)) for v in summed[group].to_list()],
            orientation="h",
            marker_color=category_colour(0),
            text=[number(int(v), lang) for v in summed[y].to_list()],
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
        )
    )
    fig.update_layout(xaxis={"title": {"text": x_label}}, yaxis={"automargin": True})
    return fig


def grid(frame: pl.DataFrame, group: str, y: str, lang: str) -> Figure:
    """Year × category counts as a heatmap; a suppressed cell is blank and marked "▨"."""
    names = labels_for(frame, group, lang)
    years = sorted({int(v) for v in frame["year"].to_list()})
    keys = sorted({str(v) for v in frame[group].to_list()})
    cells = {(str(r[group]), int(r["year"])): r for r in frame.iter_rows(named=True)}
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    for key in keys:
        z.append([])
        text.append([])
        for year in years:
            cell = cells.get((key, year))
            hidden = cell is None or bool(cell.get("suppressed"))
            z[-1].append(None if hidden or cell is None else cell[y])
            text[-1].append("" if cell is None else ("▨" if hidden else number(int(cell[y]), lang)))
    fig = Figure(
        trace(
            "heatmap",
            z=z,
            x=[str(v) for v in years],
            y=[names.get(k, k) for k in keys],
            text=text,
            texttemplate="%{text}",
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            colorscale="Blues",
            showscale=False,
            xgap=1,
            ygap=1,
        )
    )
    fig.update_layout(
        xaxis={"type": "category", "title": {"text": t("common.year", lang)}},
        yaxis={"automargin": True},
    )
    return fig


def _or_empty(
    frame: pl.DataFrame, build: Any, lang: str, k: int, measure: str | None = None
) -> Figure:
    return insufficient(lang, k) if too_few(frame, measure) else build()


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k, f, reader = request.lang, request.k, request.view.filters, request.reader
    names = programme_names(reader)
    short = short_names(names)
    mix, refs = activity_mix(reader, f, k), service_referrals(reader, f, k)
    grp, listen = groups(reader, f, k), listening_space(reader, f, k)
    mix_data = mix.frame.sort("year")
    mix_fig = finish(
        _or_empty(
            mix_data,
            lambda: totals(mix_data, "kind", "activities", lang, t("activities.total", lang)),
            lang,
            k,
            "activities",
        ),
        t("activities.mix_title", lang),
        total(mix_data, "activities"),
        lang,
        k,
        mix.suppressed_cells,
    )
    ref_data = refs.frame.sort("year")
    ref_fig = finish(
        _or_empty(ref_data, lambda: grid(ref_data, "service", "n", lang), lang, k, "n"),
        t("activities.referrals_title", lang),
        total(ref_data, "n"),
        lang,
        k,
        refs.suppressed_cells,
    )
    grp_data = grp.frame.sort("year")
    grp_fig = finish(
        _or_empty(
            grp_data,
            lambda: bars(
                grp_data,
                "year",
                "sessions",
                "programme",
                lang,
                t("common.year", lang),
                t("activities.sessions", lang),
                colour_label=short,
                stacked=False,
            ),
            lang,
            k,
            "sessions",
        ),
        t("activities.groups_title", lang),
        total(grp_data, "sessions"),
        lang,
        k,
        grp.suppressed_cells,
    )
    grp_fig.update_layout(xaxis={"type": "category"})
    lis_data = listen.frame.sort("year")
    lis_fig = label_lines(
        finish(
            _or_empty(
                lis_data,
                lambda: lines(
                    lis_data,
                    "year",
                    "interviews",
                    "programme",
                    lang,
                    t("activities.interviews", lang),
                    short,
                    programme=True,
                ),
                lang,
                k,
                "interviews",
            ),
            t("activities.listening_title", lang),
            total(lis_data, "interviews"),
            lang,
            k,
            listen.suppressed_cells,
        )
    )
    body = [
        dbc.Row(
            [
                card(
                    t("activities.mix_title", lang),
                    graph("activities-mix", mix_fig),
                    table(
                        "activities-mix-table",
                        relabel(mix_data, "kind", lang),
                        lang,
                        ["women", "activities", "hours"],
                    ),
                    subtitle=t("activities.mix_sub", lang),
                    width=6,
                ),
                card(
                    t("activities.referrals_title", lang),
                    graph("activities-referrals", ref_fig),
                    table(
                        "activities-referrals-table",
                        relabel(ref_data, "service", lang),
                        lang,
                        ["n"],
                    ),
                    subtitle=t("activities.referrals_sub", lang),
                    width=6,
                ),
            ]
        ),
        dbc.Row(
            [
                card(
                    t("activities.groups_title", lang),
                    graph("activities-groups", grp_fig),
                    table(
                        "activities-groups-table",
                        relabel(grp_data, "group_kind", lang),
                        lang,
                        ["groups", "sessions", "attendances", "women", "hours"],
                        names=names,
                    ),
                    subtitle=t("activities.groups_sub", lang),
                    width=6,
                ),
                card(
                    t("activities.listening_title", lang),
                    graph("activities-listening", lis_fig),
                    table(
                        "activities-listening-table",
                        lis_data,
                        lang,
                        ["interviews", "women", "hours"],
                        names=names,
                    ),
                    subtitle=t("activities.listening_sub", lang),
                    width=6,
                ),
            ]
        ),
    ]
    return body, min(mix.position, refs.position, grp.position, listen.position)


@callback(
    Output("activities-body", "children"),
    Output("activities-position", "children"),
    Input("activities-view", "data"),
    Input("session-token", "data"),
)
def fill(view: Any, token: Any) -> tuple[list[Any], str]:
    return render(view, token, draw)
