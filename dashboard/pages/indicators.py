"""Funders' indicators: the ESF 2014–2020 table, its CSV/XLSX downloads and the signed report."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, callback, dcc, html
from dash.dcc.express import send_bytes, send_string

from projections.queries import esf_indicators, funders_csv, funders_table, funders_xlsx
from projections.queries.lineage import programmes

from ..components.names import programme_names
from ..components.page import Blocked, Request, frame, parse, render
from ..components.style import card
from ..formats import number
from ..i18n import t
from ..ports import current

PAGE = "indicators"


def layout(**params: Any) -> html.Div:
    lang = "en" if params.get("lang") == "en" else "it"
    downloads = html.Div(
        [
            dbc.Button(t("indicators.csv", lang), id="indicators-csv", color="secondary"),
            dbc.Button(t("indicators.xlsx", lang), id="indicators-xlsx", color="secondary"),
            html.Label(
                t("indicators.report_programme", lang),
                htmlFor="indicators-report-programme",
                id="indicators-report-programme-label",
                className="ms-sm-3 me-1 small",
            ),
            dcc.Dropdown(
                id="indicators-report-programme",
                clearable=False,
                style={"minWidth": "12rem"},
            ),
            dbc.Button(t("indicators.report", lang), id="indicators-report", color="primary"),
            dcc.Download(id="indicators-download"),
            dcc.Loading(html.Div(id="indicators-report-status", className="small"), type="dot"),
        ],
        className="d-flex flex-wrap align-items-center gap-2 mb-3",
    )
    return html.Div([frame(PAGE, params, "nav.indicators"), downloads])


dash.register_page(__name__, path="/indicators", name=PAGE, order=7, layout=layout)


def _cell(value: str, lang: str) -> html.Td:
    """A count through Babel (1.234 / 1,234); "<k" and "not recorded" as the funder reads them,
    the latter greyed: it is not a zero."""
    if value.isdigit():
        return html.Td(number(int(value), lang), className="text-end")
    muted = "" if value.startswith("<") else " text-muted fst-italic"
    return html.Td(value, className="text-end" + muted)


def _table(table: pl.DataFrame, lang: str) -> dbc.Table:
    head = html.Thead(
        html.Tr([html.Th(c, scope="col", className="indicator-head") for c in table.columns])
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(row[0], scope="row"),
                    html.Td(row[1], className="indicator-label"),
                    *(_cell(v, lang) for v in row[2:]),
                ]
            )
            for row in table.iter_rows()
        ]
    )
    return dbc.Table(
        [head, body], id="indicators-table", bordered=True, size="sm", hover=True, className="mb-0"
    )


def _named(table: pl.DataFrame, reader: Any) -> pl.DataFrame:
    """Programme names instead of codes in the column headers, as on every page."""
    catalogue = programmes(reader).frame  # in start order: Billan first, as in Genealogia
    names = dict(zip(catalogue["code"], catalogue["name"], strict=True))
    rank = {code: i for i, code in enumerate(catalogue["code"])}
    renamed = {}
    for column in table.columns[2:]:
        code, year = column.rsplit(" ", 1)
        renamed[column] = f"{names.get(code, code)} {year}"

    def order(column: str) -> tuple[int, str]:
        code, year = column.rsplit(" ", 1)
        return rank.get(code, len(rank)), year

    ordered = [*table.columns[:2], *sorted(table.columns[2:], key=order)]
    return table.select(ordered).rename(renamed)


def _named_region(name: str) -> dict[str, Any]:
    """A scrolling region is focusable and named, so keyboard users can scroll it (axe)."""
    return {"aria-label": name}


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k = request.lang, request.k
    result = esf_indicators(request.reader, request.view.filters, k)
    table = _named(funders_table(result, lang), request.reader)
    body = [
        dbc.Row(
            card(
                t("indicators.table_title", lang),
                html.Div(
                    _table(table, lang),
                    className="table-responsive indicators-scroll",
                    tabIndex=0,
                    role="region",
                    **_named_region(t("indicators.table_title", lang)),
                ),
                html.Div(
                    [
                        html.P(t("indicators.explain", lang), className="mb-1"),
                        html.P(t("indicators.years", lang), className="mb-1"),
                        html.P(t("indicators.protection", lang, k=k), className="mb-0"),
                    ],
                    className="small text-muted mt-2",
                ),
                subtitle=t("indicators.table_sub", lang),
            )
        ),
    ]
    return body, result.position


@callback(
    Output("indicators-body", "children"),
    Output("indicators-position", "children"),
    Output("indicators-report-programme", "options"),
    Output("indicators-report-programme", "value"),
    Input("indicators-view", "data"),
    Input("session-token", "data"),
)
def fill(view: Any, token: Any) -> tuple[list[Any], str, list[dict[str, str]], str | None]:
    body, position = render(view, token, draw)
    try:
        request = parse(view, token)
        codes = [str(c) for c in programmes(request.reader).frame["code"]]
    except Exception:  # the body already says why (sign-in, role, no data): nothing to offer
        return body, position, [], None
    chosen = [p for p in request.view.filters.programmes if p in codes]
    names = programme_names(request.reader)
    options = [{"label": names.get(c, c), "value": c} for c in codes]
    return body, position, options, (chosen or codes)[0]


def _export(view: Any, token: Any, kind: str) -> dict[str, Any] | None:
    try:
        request = parse(view, token)
    except Blocked:
        return None
    result = esf_indicators(request.reader, request.view.filters, request.k)
    name = f"percorsi-esf-{result.position}-{request.lang}"
    if kind == "csv":
        return send_string(funders_csv(result, request.lang), f"{name}.csv")
    return send_bytes(funders_xlsx(result, request.lang), f"{name}.xlsx")


@callback(
    Output("indicators-download", "data"),
    Output("indicators-report-status", "children"),
    Input("indicators-csv", "n_clicks"),
    Input("indicators-xlsx", "n_clicks"),
    Input("indicators-report", "n_clicks"),
    State("indicators-report-programme", "value"),
    State("indicators-view", "data"),
    State("session-token", "data"),
    prevent_initial_call=True,
)
def download(_: Any, __: Any, ___: Any, programme: Any, view: Any, token: Any) -> tuple[Any, str]:
    trigger = dash.ctx.triggered_id
    if trigger in ("indicators-csv", "indicators-xlsx"):
        return _export(view, token, trigger.removeprefix("indicators-")), ""
    try:
        request = parse(view, token)
    except Blocked as blocked:
        return None, blocked.text
    build = current().report
    if build is None or not isinstance(programme, str):
        return None, t("indicators.report_unavailable", request.lang)
    name, data = build(programme, request.lang, request.as_of)
    return send_bytes(data, name), t("indicators.report_ready", request.lang, name=name)
