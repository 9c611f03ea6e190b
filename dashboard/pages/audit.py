"""Audit (auditors and admins only): a case's whole history, as of a version or date, masked.

Personal fields arrive masked from the audit port and are never revealed here; revealing needs a
logged justification, which is the API's job, not a dashboard's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from domain.shared.errors import DomainError

from ..components.page import Blocked, parse
from ..components.timeline import state_table, timeline
from ..formats import number
from ..i18n import t
from ..ports import AsOf, current
from ..state import lang_of


def layout(**params: Any) -> html.Div:
    lang = "en" if params.get("lang") == "en" else "it"
    query = "?lang=en" if lang == "en" else ""
    picker = dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label(t("audit.case", lang), html_for="audit-case"),
                    dbc.Input(
                        id="audit-case",
                        placeholder="00000000-0000-0000-0000-000000000000",
                        debounce=False,
                        value=params.get("case", ""),
                    ),
                ],
                md=5,
            ),
            dbc.Col(
                [
                    dbc.Label(t("audit.as_of_date", lang), html_for="audit-date"),
                    dbc.Input(id="audit-date", type="date"),
                ],
                md=3,
            ),
            dbc.Col(
                dbc.Button(t("audit.load", lang), id="audit-load", color="primary"),
                md=2,
                className="align-self-end",
            ),
        ],
        className="g-2 mb-2",
    )
    slider = html.Div(
        [
            dbc.Label(t("audit.as_of_version", lang)),
            dcc.Slider(
                id="audit-version",
                min=1,
                max=1,
                step=1,
                value=1,
                marks=None,
                tooltip={"placement": "bottom"},
            ),
        ],
        id="audit-version-wrap",
        style={"display": "none"},
    )
    return html.Div(
        [
            dcc.Store(id="audit-view", data={"query": query}),
            html.H2(t("nav.audit", lang), className="h4"),
            html.Div(id="audit-chain", className="mb-3"),
            picker,
            slider,
            html.Div(id="audit-message"),
            dbc.Row(
                [
                    dbc.Col(html.Div(id="audit-timeline"), lg=8),
                    dbc.Col(html.Div(id="audit-state"), lg=4),
                ]
            ),
        ],
        id="audit-page",
    )


dash.register_page(__name__, path="/audit", name="audit", order=7, audit=True, layout=layout)


@callback(
    Output("audit-chain", "children"), Input("audit-view", "data"), Input("session-token", "data")
)
def chain(view: Any, token: Any) -> Any:
    """The current result of the log's hash-chain verification."""
    lang = lang_of((view or {}).get("query"))
    try:
        parse(view, token, audit=True, need_reader=False)
    except Blocked as blocked:
        return dbc.Alert(blocked.text, color=blocked.colour, className="page-blocked")
    status = current().chain_status()
    key = "audit.chain_ok" if status.ok else "audit.chain_bad"
    text = t(key, lang, checked=number(status.checked, lang))
    return dbc.Alert(
        [html.Strong(text), html.Span(f" — {status.message}", className="small")],
        color="success" if status.ok else "danger",
        id="audit-chain-status",
    )


@callback(
    Output("audit-timeline", "children"),
    Output("audit-state", "children"),
    Output("audit-message", "children"),
    Output("audit-version", "max"),
    Output("audit-version", "value"),
    Output("audit-version-wrap", "style"),
    Input("audit-load", "n_clicks"),
    Input("audit-case", "n_submit"),
    Input("audit-version", "value"),
    Input("audit-date", "value"),
    State("audit-case", "value"),
    State("audit-view", "data"),
    State("session-token", "data"),
    prevent_initial_call=True,
)
def load(
    _c: Any, _s: Any, version: Any, day: Any, case_id: Any, view: Any, token: Any
) -> tuple[Any, ...]:
    """Load a case's history (latest), or as of the version on the slider or the date."""
    lang = lang_of((view or {}).get("query"))
    keep = (no_update,) * 3
    try:
        request = parse(view, token, audit=True, need_reader=False)
        as_of = AsOf()
        if ctx.triggered_id == "audit-version" and version:
            as_of = AsOf(version=int(version))
        elif ctx.triggered_id == "audit-date" and day:
            as_of = AsOf(day=date.fromisoformat(day))
        history = current().case_history(str(case_id or "").strip(), as_of, request.viewer)
    except Blocked as blocked:
        return (None, None, dbc.Alert(blocked.text, color=blocked.colour), *keep)
    except (DomainError, ValueError) as error:
        return (None, None, dbc.Alert(str(error), color="danger", id="audit-error"), *keep)
    return (
        timeline(history, lang),
        state_table(history, lang),
        None,
        history.latest_version,
        history.version,
        {},
    )
