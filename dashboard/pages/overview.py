"""Overview: the headline counts for the period, the last year's trend, referrals per year."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, html

from projections.queries.overview import overview_totals, referrals_by_year

from ..components.figures import bars, finish, graph, total
from ..components.names import programme_names, short_names
from ..components.page import Request, frame, render
from ..components.style import card, insufficient, shown_rows, too_few
from ..components.tables import table
from ..formats import number, percent
from ..i18n import t
from ..state import FIRST_YEAR, LAST_YEAR

METRICS = ("women_supported", "cases", "active_cases", "closed_cases")


def layout(**params: Any) -> html.Div:
    return frame("overview", params, "nav.overview")


dash.register_page(__name__, path="/", name="overview", order=0, layout=layout)


def _tile(label: str, value: str, foot: str, tile_id: str, hidden: bool = False) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(label, className="small text-muted"),
                    html.Div(
                        value,
                        id=tile_id,
                        className="kpi-value" + (" cell-suppressed" if hidden else ""),
                    ),
                    html.Div(foot, className="kpi-trend"),
                ],
                className="py-2",
            ),
            className="h-100",
        ),
        xs=6,
        md=4,
        xl=True,
        className="mb-3",
    )


def trend(data: pl.DataFrame, lang: str) -> tuple[str, str]:
    """Referrals in the last complete year and the change on the year before ("+12,0 %").

    Only years with no suppressed cell count: a year's sum over the cells that happen to be
    shown would compare unlike with unlike (a "−100 %" that is only suppression).
    """
    hidden = set(data.filter(pl.col("suppressed"))["year"].to_list()) if data.height else set()
    per_year = (
        shown_rows(data)
        .filter(~pl.col("year").is_in(list(hidden)))
        .group_by("year")
        .agg(pl.col("n").sum())
        .filter(pl.col("n") > 0)
        .sort("year")
    )
    if per_year.height == 0:
        return f"{t('overview.referrals', lang)}: —", ""
    year, n = int(per_year["year"][-1]), int(per_year["n"][-1])
    label = t("overview.trend", lang, year=year)
    if per_year.height < 2 or not per_year["n"][-2]:
        return f"{label}: {number(n, lang)}", ""
    before = int(per_year["n"][-2])
    change = percent((n - before) / before, lang)
    sign = "▲ +" if n > before else ("▼ " if n < before else "= ")
    return f"{label}: {number(n, lang)}", t(
        "overview.trend_vs", lang, change=sign + change.lstrip("-−"), year=year - 1
    )


def _tiles(request: Request, data: pl.DataFrame) -> dbc.Row:
    result = overview_totals(request.reader, request.view.filters, request.k)
    lang = request.lang
    first, last = request.view.filters.years or (FIRST_YEAR, LAST_YEAR)
    period = t("overview.period", lang, first=first, last=last)
    values = {r["metric"]: r for r in result.frame.iter_rows(named=True)}
    tiles = []
    for metric in METRICS:
        row = values.get(metric, {})
        hidden = bool(row.get("suppressed")) or row.get("n") is None
        shown = t("common.suppressed", lang) if hidden else number(int(row["n"]), lang)
        tiles.append(
            _tile(t(f"overview.{metric}", lang), shown, period, f"overview-{metric}", hidden)
        )
    headline, change = trend(data, lang)
    label, _, value = headline.partition(": ")
    tiles.append(_tile(label, value or "—", change, "overview-trend"))
    return dbc.Row(tiles, className="g-2")


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k = request.lang, request.k
    result = referrals_by_year(request.reader, request.view.filters, k)
    data = result.frame.sort("year")
    names = programme_names(request.reader)
    if too_few(data):
        fig = insufficient(lang, k)
    else:
        fig = bars(
            data,
            "year",
            "n",
            "programme",
            lang,
            t("common.year", lang),
            t("overview.referrals", lang),
            colour_label=short_names(names),
        )
        first, last = request.view.filters.years or (FIRST_YEAR, LAST_YEAR)
        fig.update_layout(xaxis={"dtick": 1, "tickangle": -45, "range": [first - 0.5, last + 0.5]})
    finish(
        fig, t("overview.referrals_title", lang), total(data, "n"), lang, k, result.suppressed_cells
    )
    headers = {
        "year": t("common.year", lang),
        "programme": t("common.programme", lang),
        "n": t("overview.referrals", lang),
    }
    body = [
        _tiles(request, data),
        dbc.Row(
            card(
                t("overview.referrals_title", lang),
                graph("overview-referrals", fig, height=400),
                table("overview-referrals-table", data, lang, ["n"], headers, names=names),
                subtitle=t("overview.referrals_sub", lang),
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
