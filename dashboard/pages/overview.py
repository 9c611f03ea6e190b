"""Overview: women supported, active cases, referrals per year 2006–2021 stacked by programme."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from projections.queries.overview import overview_totals, referrals_by_year

from ..components.figures import bars, finish, graph, total
from ..components.names import programme_names
from ..components.page import Request, card, frame, render
from ..components.tables import table
from ..formats import number
from ..i18n import t

METRICS = ("women_supported", "cases", "active_cases", "closed_cases")


def layout(**params: Any) -> html.Div:
    return frame("overview", params, "nav.overview")


dash.register_page(__name__, path="/", name="overview", order=0, layout=layout)


def _tiles(request: Request) -> dbc.Row:
    result = overview_totals(request.reader, request.view.filters, request.k)
    lang = request.lang
    values = {r["metric"]: r for r in result.frame.iter_rows(named=True)}
    tiles = []
    for metric in METRICS:
        row = values.get(metric, {})
        hidden = bool(row.get("suppressed")) or row.get("n") is None
        shown = t("common.suppressed", lang) if hidden else number(int(row["n"]), lang)
        tiles.append(
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.Div(t(f"overview.{metric}", lang), className="small text-muted"),
                            html.Div(
                                shown,
                                id=f"overview-{metric}",
                                className="fs-3 fw-semibold"
                                + (" cell-suppressed" if hidden else ""),
                            ),
                        ]
                    ),
                    className="mb-3",
                ),
                md=3,
            )
        )
    return dbc.Row(tiles)


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k = request.lang, request.k
    result = referrals_by_year(request.reader, request.view.filters, k)
    data = result.frame.sort("year")
    names = programme_names(request.reader)
    fig = bars(
        data,
        "year",
        "n",
        "programme",
        lang,
        t("common.year", lang),
        t("overview.referrals", lang),
        colour_label=names,
    )
    finish(
        fig, t("overview.referrals_title", lang), total(data, "n"), lang, k, result.suppressed_cells
    )
    headers = {
        "year": t("common.year", lang),
        "programme": t("common.programme", lang),
        "n": t("overview.referrals", lang),
    }
    body = [
        _tiles(request),
        dbc.Row(
            card(
                t("overview.referrals_title", lang),
                graph("overview-referrals", fig),
                table("overview-referrals-table", data, lang, ["n"], headers, names=names),
            )
        ),
    ]
    return body, result.position


@callback(
    Output("overview-body", "children"),
    Output("overview-position", "children"),
    Input("overview-view", "data"),
    Input("session-token", "data"),
)
def fill(view: Any, token: Any) -> tuple[list[Any], str]:
    return render(view, token, draw)
