"""Data & privacy: what was suppressed and why, completeness, projection lag."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, html

from projections.queries.privacy import completeness, projection_status, suppression_report

from ..components.figures import bars, finish, graph, total
from ..components.page import Request, card, frame, render
from ..components.tables import table
from ..i18n import t


def layout(**params: Any) -> html.Div:
    return frame("privacy", params, "nav.privacy")


dash.register_page(__name__, path="/privacy", name="privacy", order=6, layout=layout)


def _status_tiles(status: pl.DataFrame, lang: str) -> dbc.Row:
    row = status.row(0, named=True) if not status.is_empty() else {}
    tiles = []
    for key in ("position", "head", "lag", "last_run"):
        value = row.get(key)
        shown = f"{value:,}" if isinstance(value, int) else str(value or "—")
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
                md=3,
            )
        )
    return dbc.Row(tiles)


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k, f, reader = request.lang, request.k, request.view.filters, request.reader
    status = projection_status(reader)
    report = suppression_report(reader, f, k)
    complete = completeness(reader, f, k)
    rep = report.frame
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
    comp = complete.frame
    comp_fig = finish(
        bars(comp, "field", "share", None, lang, "", t("common.share", lang), horizontal=True),
        t("privacy.completeness_title", lang),
        total(comp, "total") // max(1, comp.height),
        lang,
        k,
        complete.suppressed_cells,
    )
    body = [
        _status_tiles(status.frame, lang),
        dbc.Alert(
            [html.Strong(t("privacy.k", lang, k=k)), html.Br(), t("privacy.explain", lang, k=k)],
            color="light",
        ),
        dbc.Row(
            [
                card(
                    t("privacy.suppression_title", lang),
                    graph("privacy-suppression", rep_fig),
                    table("privacy-suppression-table", rep, lang),
                    width=6,
                ),
                card(
                    t("privacy.completeness_title", lang),
                    graph("privacy-completeness", comp_fig),
                    table("privacy-completeness-table", comp, lang, ["filled", "total", "share"]),
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
