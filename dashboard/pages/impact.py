"""Impact: time to a job with competing endings, adjusted comparisons, attrition-aware rates,
the comparison group, and dose–response (ADR 0016), each with n, method and a plain word.

Built on the design system (docs/dashboard-style.md): one card per figure with a one-line
subtitle, names instead of codes, Babel numbers, the "not enough women" state when a selection
leaves nothing safe to show, and how to read each card folded under it.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, html

from domain.shared.case_vocabulary import ContractKind
from projections.queries import (
    DEFAULT_DEFINITION,
    Filters,
    comparison_group,
    cox_employment,
    cumulative_incidence,
    dose_response,
    sustained_employment,
)

from ..components.figures import finish, graph, label_lines
from ..components.impact_view import RATES, dose_table, forest, incidence_figure, model_table
from ..components.names import programme_names
from ..components.page import Request, frame, render
from ..components.plain_table import plain_table
from ..components.style import card, insufficient, too_few, too_few_note
from ..formats import number
from ..i18n import t


def layout(**params: Any) -> html.Div:
    return frame("impact", params, "nav.impact")


dash.register_page(__name__, path="/impact", name="impact", order=3.5, layout=layout)


def notes(key: str, lang: str) -> html.Div:
    """The method in words, then how to read the card, folded (figures first on a phone)."""
    return html.Div(
        [
            html.P(
                t("impact.method", lang, method=t(f"impact.method_{key}", lang)),
                className="small text-muted mb-1",
            ),
            html.Details(
                [
                    html.Summary(t("impact.how", lang), className="small"),
                    html.P(t(f"impact.{key}_help", lang), className="small text-muted mb-0"),
                ]
            ),
        ],
        className="mt-2",
    )


def definition(lang: str) -> str:
    """The employment definition with contract kinds by their names, not their codes."""
    kinds = []
    for code in DEFAULT_DEFINITION.contract_kinds:
        try:
            kinds.append(ContractKind.parse(code).label(lang).lower())
        except ValueError:
            kinds.append(str(code))
    hours = number(DEFAULT_DEFINITION.min_weekly_hours, lang)
    if lang == "en":
        return f"a job that is {', '.join(kinds)}, of at least {hours} hours a week."
    return f"un lavoro ({', '.join(kinds)}) di almeno {hours} ore a settimana."


def model_filters(filters: Filters) -> Filters:
    """Models are fitted on the whole lineage only (ADR 0016, "Models under differencing"):
    the view's as-of position, no selection."""
    return Filters(as_of_position=filters.as_of_position)


def grid(
    table_id: str, data: pl.DataFrame, request: Request, measures: list[str], name: str
) -> Any:
    """The table, or the "not enough women" line when nothing in it can be shown: a plain HTML
    table (components/plain_table.py says why not a grid here)."""
    if too_few(data):
        return too_few_note(request.lang, request.k)
    return plain_table(table_id, data, request.lang, measures, name, percents=RATES)


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k, reader = request.lang, request.k, request.reader
    filters = request.view.filters
    names = programme_names(reader)
    cif = cumulative_incidence(reader, filters, k)
    cox = cox_employment(reader, model_filters(filters), k)
    sustained = sustained_employment(reader, filters, k)
    comparison = comparison_group(reader, model_filters(filters), k)
    dose = dose_response(reader, filters, k)
    n = int(cif.frame["n"].drop_nulls().unique().sum()) if cif.frame.height else 0
    if too_few(cif.frame, "cif_employment"):
        cif_fig = finish(insufficient(lang, k), t("impact.cif_title", lang), 0, lang, k)
    else:
        cif_fig = finish(
            incidence_figure(cif.frame, lang),
            t("impact.cif_title", lang),
            n,
            lang,
            k,
            cif.suppressed_cells,
        )
        label_lines(cif_fig)
    ratios = cox.frame.filter(pl.col("estimand").str.starts_with("hazard_ratio"))
    cox_n = int(ratios["n"].cast(pl.Int64).drop_nulls().max() or 0) if ratios.height else 0  # type: ignore[arg-type]
    forest_fig = insufficient(lang, k) if too_few(ratios) else forest(ratios, lang, names)
    finish(forest_fig, t("impact.cox_title", lang), cox_n, lang, k, cox.suppressed_cells)
    body = [
        dbc.Alert(
            [
                html.Strong(t("impact.definition", lang) + " "),
                definition(lang),
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
                    graph("impact-cif", cif_fig),
                    notes("cif", lang),
                    subtitle=t("impact.cif_sub", lang),
                    width=7,
                ),
                card(
                    t("impact.cox_title", lang),
                    graph("impact-forest", forest_fig),
                    notes("cox", lang),
                    subtitle=t("impact.cox_sub", lang),
                    width=5,
                ),
            ]
        ),
        dbc.Row(
            card(
                t("impact.cox_table", lang),
                grid(
                    "impact-cox",
                    model_table(cox.frame, lang, names),
                    request,
                    ["n", "events"],
                    t("impact.cox_table", lang),
                ),
                html.P(t("impact.ph_help", lang), className="small text-muted mb-0"),
                subtitle=t("impact.cox_table_sub", lang),
            )
        ),
        dbc.Row(
            card(
                t("impact.sustained_title", lang),
                grid(
                    "impact-sustained",
                    sustained.frame.drop("method"),
                    request,
                    ["due", "reached", "employed"],
                    t("impact.sustained_title", lang),
                ),
                notes("sustained", lang),
                subtitle=t("impact.sustained_sub", lang),
            )
        ),
        dbc.Row(
            card(
                t("impact.comparison_title", lang),
                grid(
                    "impact-comparison",
                    model_table(comparison.frame, lang, names),
                    request,
                    ["n", "events"],
                    t("impact.comparison_title", lang),
                ),
                notes("comparison", lang),
                subtitle=t("impact.comparison_sub", lang),
            )
        ),
        dbc.Row(
            card(
                t("impact.dose_title", lang),
                grid(
                    "impact-dose",
                    dose_table(dose.frame, lang),
                    request,
                    ["n", "employed"],
                    t("impact.dose_title", lang),
                ),
                notes("dose", lang),
                subtitle=t("impact.dose_sub", lang),
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
