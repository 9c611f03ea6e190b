"""Data & privacy: what was suppressed and why, completeness, projection lag."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, html

from projections.queries.privacy import completeness, projection_status, suppression_report

from ..components.figures import bars, finish, graph, total
from ..components.page import Request, frame, render
from ..components.style import card
from ..components.tables import table
from ..formats import day, number
from ..i18n import t, value_names


def layout(**params: Any) -> html.Div:
    return frame("privacy", params, "nav.privacy")


dash.register_page(__name__, path="/privacy", name="privacy", order=6, layout=layout)


def _shown(value: object, lang: str) -> str:
    """A status value as a reader of `lang` writes it: 4.583, 1 dic 2026, 13:20."""
    if isinstance(value, bool) or value is None or value == "":
        return "—"
    if isinstance(value, int | float):
        return number(value, lang)
    if isinstance(value, date | datetime | str):
        return day(value, lang)
    return str(value)


def _readable(frame: pl.DataFrame, column: str, lang: str) -> pl.DataFrame:
    """Names from the code (query and field names) replaced by words a manager reads."""
    return frame.with_columns(pl.col(column).cast(pl.String).replace(value_names(column, lang)))


def _status_tiles(status: pl.DataFrame, lang: str) -> dbc.Row:
    row = status.row(0, named=True) if not status.is_empty() else {}
    tiles = []
    for key in ("position", "head", "lag", "last_run"):
        value = row.get(key)
        shown = _shown(value, lang)
        tiles.append(
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.Div(t(f"privacy.{key}", lang), className="small text-muted"),
                            html.Div(
                                shown, id=f"privacy-status-{key}", className="fs-5 fw-semibold"
                            ),
                        ]
                    ),
                    className="mb-3",
                ),
                xs=6,
                md=3,
            )
        )
    return dbc.Row(tiles)


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k, f, reader = request.lang, request.k, request.view.filters, request.reader
    status = projection_status(reader)
    report = suppression_report(reader, f, k)
    complete = completeness(reader, f, k)
    rep = _readable(report.frame, "query", lang)
    rep_fig = finish(
        bars(
            rep.with_columns(pl.lit(False).alias("suppressed")),
            "query",
            "suppressed_cells",
            None,
            lang,
            "",
            t("common.count", lang),
            horizontal=True,
        ),
        t("privacy.suppression_title", lang),
        total(rep, "cells"),
        lang,
        k,
    )
    comp = _readable(complete.frame, "field", lang)
    share = t("common.share", lang)
    comp_bars = bars(comp, "field", "share", None, lang, "", share, horizontal=True)
    comp_bars.update_layout(xaxis={"tickformat": ".0%", "hoverformat": ".1%", "range": [0, 1]})
    comp_fig = finish(
        comp_bars,
        t("privacy.completeness_title", lang),
        total(comp, "total") // max(1, comp.height),
        lang,
        k,
        complete.suppressed_cells,
    )
    body = [
        html.H3(t("privacy.freshness", lang), className="h6 text-muted"),
        _status_tiles(status.frame, lang),
        dbc.Alert(
            [
                html.H3(t("privacy.plain_title", lang), className="h6"),
                html.Ul(
                    [html.Li(t(f"privacy.plain_{i}", lang, k=k)) for i in (1, 2, 3)],
                    className="mb-2",
                ),
                html.Details(
                    [
                        html.Summary(t("privacy.more", lang)),
                        html.P(t("privacy.k", lang, k=k), className="fw-semibold mt-2 mb-1"),
                        html.P(t("privacy.explain", lang, k=k), className="mb-0"),
                    ]
                ),
            ],
            color="light",
            className="border",
        ),
        dbc.Row(
            [
                card(
                    t("privacy.suppression_title", lang),
                    graph("privacy-suppression", rep_fig),
                    table("privacy-suppression-table", rep, lang),
                    subtitle=t("privacy.suppression_sub", lang),
                    width=6,
                ),
                card(
                    t("privacy.completeness_title", lang),
                    graph("privacy-completeness", comp_fig),
                    table("privacy-completeness-table", comp, lang, ["filled", "total", "share"]),
                    subtitle=t("privacy.completeness_sub", lang),
                    width=6,
                ),
            ]
        ),
    ]
    return body, status.position


@callback(
    Output("privacy-body", "children"),
    Output("privacy-position", "children"),
    Input("privacy-view", "data"),
    Input("session-token", "data"),
)
def fill(view: Any, token: Any) -> tuple[list[Any], str]:
    return render(view, token, draw)
