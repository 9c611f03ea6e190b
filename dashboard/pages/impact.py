"""Impact: time to a job with competing endings, adjusted comparisons, attrition-aware rates,
the comparison group, and dose–response (ADR 0016), each with n, method and a plain word."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, html

from projections.queries import (
    DEFAULT_DEFINITION,
    Filters,
    comparison_group,
    cox_employment,
    cumulative_incidence,
    dose_response,
    sustained_employment,
)

from ..components.fig import Figure
from ..components.figures import PALETTE, finish, graph
from ..components.page import Request, card, frame, render
from ..components.tables import table
from ..i18n import t


def layout(**params: Any) -> html.Div:
    return frame("impact", params, "nav.impact")


dash.register_page(__name__, path="/impact", name="impact", order=3.5, layout=layout)


def explain(key: str, lang: str) -> html.P:
    return html.P(t(key, lang), className="small text-muted mb-2")


def incidence_figure(data: pl.DataFrame, lang: str) -> Figure:
    """One cumulative-incidence curve of employment per generation, with its 95% band."""
    fig = Figure()
    shown = data.filter(~pl.col("suppressed")).sort("generation", "timeline_days")
    for i, generation in enumerate(shown["generation"].unique(maintain_order=True).to_list()):
        part = shown.filter(pl.col("generation") == generation)
        colour = PALETTE[i % len(PALETTE)]
        name = f"{t('common.generation', lang)} {generation}"
        fig.add_scatter(
            x=part["timeline_days"].to_list(),
            y=part["cif_employment"].to_list(),
            mode="lines",
            name=name,
            line={"color": colour, "shape": "hv"},
        )
        fig.add_scatter(
            x=part["timeline_days"].to_list() + part["timeline_days"].reverse().to_list(),
            y=part["ci_high"].to_list() + part["ci_low"].reverse().to_list(),
            fill="toself",
            mode="none",
            fillcolor=colour,
            opacity=0.15,
            showlegend=False,
            hoverinfo="skip",
            name=name,
        )
    fig.update_layout(
        xaxis_title=t("impact.days", lang), yaxis={"range": [0, 1], "title": t("impact.cif", lang)}
    )
    return fig


def forest(data: pl.DataFrame, lang: str) -> Figure:
    """Hazard ratios with 95% intervals on a log axis; 1 = no difference from the reference."""
    rows = data.filter(pl.col("estimand").str.starts_with("hazard_ratio") & ~pl.col("suppressed"))
    labels = [f"{r['term']} {r['level']}" for r in rows.iter_rows(named=True)]
    fig = Figure()
    fig.add_scatter(
        x=rows["estimate"].to_list(),
        y=labels,
        mode="markers",
        marker={"color": PALETTE[0], "size": 10},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": (rows["ci_high"] - rows["estimate"]).to_list(),
            "arrayminus": (rows["estimate"] - rows["ci_low"]).to_list(),
        },
        name=t("impact.hr", lang),
    )
    fig.update_layout(
        xaxis={"type": "log", "title": t("impact.hr", lang)},
        showlegend=False,
        shapes=[
            {
                "type": "line",
                "x0": 1,
                "x1": 1,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"dash": "dot"},
            }
        ],
    )
    return fig


def model_filters(filters: Filters) -> Filters:
    """Models are fitted on the whole lineage only (ADR 0016, "Models under differencing"):
    the view's as-of position, no selection."""
    return Filters(as_of_position=filters.as_of_position)


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k, reader = request.lang, request.k, request.reader
    filters = request.view.filters
    cif = cumulative_incidence(reader, filters, k)
    cox = cox_employment(reader, model_filters(filters), k)
    sustained = sustained_employment(reader, filters, k)
    comparison = comparison_group(reader, model_filters(filters), k)
    dose = dose_response(reader, filters, k)
    n = int(cif.frame["n"].drop_nulls().unique().sum()) if cif.frame.height else 0
    body = [
        dbc.Alert(
            [
                html.Strong(t("impact.definition", lang) + " "),
                DEFAULT_DEFINITION.describe(lang),
                html.Br(),
                t("impact.intro", lang),
            ],
            color="light",
            className="small",
        ),
        dbc.Row(
            [
                card(
                    t("impact.cif_title", lang),
                    explain("impact.cif_help", lang),
                    graph(
                        "impact-cif",
                        finish(
                            incidence_figure(cif.frame, lang),
                            t("impact.cif_title", lang),
                            n,
                            lang,
                            k,
                            cif.suppressed_cells,
                        ),
                    ),
                    width=7,
                ),
                card(
                    t("impact.cox_title", lang),
                    explain("impact.cox_help", lang),
                    graph(
                        "impact-forest",
                        finish(
                            forest(cox.frame, lang),
                            t("impact.cox_title", lang),
                            n,
                            lang,
                            k,
                            cox.suppressed_cells,
                        ),
                    ),
                    width=5,
                ),
            ]
        ),
        dbc.Row(
            card(
                t("impact.cox_table", lang),
                explain("impact.ph_help", lang),
                table("impact-cox", cox.frame, lang, ["n", "events"]),
            )
        ),
        dbc.Row(
            card(
                t("impact.sustained_title", lang),
                explain("impact.sustained_help", lang),
                table("impact-sustained", sustained.frame, lang, ["due", "reached", "employed"]),
            )
        ),
        dbc.Row(
            card(
                t("impact.comparison_title", lang),
                explain("impact.comparison_help", lang),
                table("impact-comparison", comparison.frame, lang, ["n", "events"]),
            )
        ),
        dbc.Row(
            card(
                t("impact.dose_title", lang),
                explain("impact.dose_help", lang),
                table("impact-dose", dose.frame, lang, ["n", "employed"]),
            )
        ),
    ]
    return body, cif.position


@callback(
    Output("impact-body", "children"),
    Output("impact-position", "children"),
    Input("impact-view", "data"),
    Input("session-token", "data"),
)
def fill(view: Any, token: Any) -> tuple[list[Any], str]:
    return render(view, token, draw)
