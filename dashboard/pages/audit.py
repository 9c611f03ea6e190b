"""Audit (auditors and admins only): a case's whole history, as of a version or date, masked.

Personal fields arrive masked from the audit port and are never revealed here; revealing needs a
logged justification, which is the API's job, not a dashboard's. The chain status is the quick
check from the last verified, signed checkpoint (ADR 0014); the button runs the full one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from domain.shared.errors import DomainError
from domain.shared.typed_dates import format_label, parse_typed
from projections.queries import QueryError

from ..components.audit_status import chain_alert
from ..components.names import programme_names
from ..components.page import Blocked, parse
from ..components.style import card
from ..components.timeline import kind_options, state_table, timeline
from ..i18n import TEXT, t
from ..ports import AsOf, current
from ..state import lang_of

# The state panel stays in view while the history scrolls (a long case runs to many screens).
# Short enough to stay whole at the foot of the history's card (its padding and margins).
STICKY = {"position": "sticky", "top": "1rem", "maxHeight": "calc(100vh - 5rem)"}
STICKY |= {"overflowY": "auto"}
HIDDEN = {"display": "none"}
POLL_MS = 2000


def _picker(lang: str, case: str) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label(t("audit.case", lang), html_for="audit-case"),
                    dbc.Input(
                        id="audit-case",
                        placeholder="00000000-0000-0000-0000-000000000000",
                        debounce=False,
                        value=case,
                    ),
                ],
                md=5,
            ),
            dbc.Col(
                [
                    dbc.Label(t("audit.as_of_date", lang), html_for="audit-date"),
                    dbc.Input(
                        id="audit-date",
                        type="text",
                        debounce=True,
                        placeholder=format_label(lang),
                        autoComplete="off",
                    ),
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


def _chain_row(lang: str) -> dbc.Row:
    full = html.Div(
        [
            dbc.Button(
                t("audit.chain_full_button", lang),
                id="audit-chain-full",
                color="secondary",
                outline=True,
                size="sm",
            ),
            html.Div(t("audit.chain_full_help", lang), className="form-text"),
        ],
        id="audit-chain-full-wrap",
        hidden=True,
    )
    status = dcc.Loading(html.Div(id="audit-chain"), type="dot")
    # Polls only while a full check runs in the background (ADR 0024); off otherwise.
    poll = dcc.Interval(id="audit-chain-poll", interval=POLL_MS, disabled=True)
    return dbc.Row([dbc.Col([status, poll], lg=9), dbc.Col(full, lg=3)])


def _state_panel(lang: str) -> html.Div:
    """The sticky state panel scrolls by itself: focusable and named, so a keyboard can."""
    return html.Div(
        id="audit-state",
        style=STICKY,
        tabIndex=0,
        role="region",
        **_aria_label(t("audit.state_region", lang)),
    )


def _aria_label(name: str) -> dict[str, Any]:
    return {"aria-label": name}


def _kinds(lang: str) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(t("audit.kinds", lang), className="form-label fs-6 mb-1"),
            dbc.Checklist(id="audit-kinds", options=[], value=[], inline=True),
            html.Div(t("audit.kinds_hint", lang), className="form-text"),
        ],
        id="audit-kinds-wrap",
        className="mb-2",
        style=HIDDEN,
    )


def layout(**params: Any) -> html.Div:
    lang = "en" if params.get("lang") == "en" else "it"
    query = "?lang=en" if lang == "en" else ""
    slider = html.Div(
        [
            dbc.Label(t("audit.as_of_version", lang), id="audit-version-label"),
            dcc.Slider(
                id="audit-version",
                min=1,
                max=1,
                step=1,
                value=1,
                marks=None,
                allow_direct_input=False,
                tooltip={"placement": "bottom"},
            ),
        ],
        id="audit-version-wrap",
        style=HIDDEN,
    )
    return html.Div(
        [
            dcc.Store(id="audit-view", data={"query": query}),
            dcc.Store(id="audit-as-of", data={}),
            html.H1(t("nav.audit", lang), className="h4 mb-1"),
            html.P(t("audit.page_sub", lang), className="small text-muted mb-3"),
            dbc.Row(
                card(
                    t("audit.chain_title", lang),
                    _chain_row(lang),
                    subtitle=t("audit.chain_sub", lang),
                )
            ),
            dbc.Row(
                card(
                    t("audit.history_title", lang),
                    _picker(lang, params.get("case", "")),
                    slider,
                    _kinds(lang),
                    html.Div(id="audit-message"),
                    dbc.Row(
                        [
                            dbc.Col(html.Div(id="audit-timeline"), lg=8),
                            dbc.Col(_state_panel(lang), lg=4),
                        ]
                    ),
                    subtitle=t("audit.history_sub", lang),
                )
            ),
        ],
        id="audit-page",
    )


dash.register_page(__name__, path="/audit", name="audit", order=7, audit=True, layout=layout)


@callback(
    Output("audit-chain", "children"),
    Output("audit-chain-full-wrap", "hidden"),
    Output("audit-chain-poll", "disabled"),
    Input("audit-view", "data"),
    Input("session-token", "data"),
    Input("audit-chain-full", "n_clicks"),
    Input("audit-chain-poll", "n_intervals"),
)
def chain(view: Any, token: Any, _full: Any, _poll: Any) -> tuple[Any, bool, bool]:
    """The chain status: the quick check, or the full one when its button was pressed; a full
    check runs in the background and the page asks again until it is done."""
    lang = lang_of((view or {}).get("query"))
    try:
        parse(view, token, audit=True, need_reader=False)
    except Blocked as blocked:
        return dbc.Alert(blocked.text, color=blocked.colour, className="page-blocked"), True, True
    status = current().chain_status(full=ctx.triggered_id == "audit-chain-full")
    return chain_alert(status, lang), status.pending, not status.pending


def _as_of(trigger: Any, version: Any, day: Any, kept: Any, lang: str) -> AsOf:
    """The view asked for: a version, a date, the latest; the same as before for a filter."""
    if trigger == "audit-version" and version:
        return AsOf(version=int(version))
    if trigger == "audit-date" and day:
        try:
            return AsOf(day=parse_typed(str(day)))
        except ValueError:
            raise Blocked(t("common.bad_date", lang, text=day), "danger") from None
    if trigger == "audit-kinds" and kept:
        kept_day = kept.get("day")
        return AsOf(day=date.fromisoformat(kept_day) if kept_day else None, version=kept.get("v"))
    return AsOf()


def _names() -> dict[str, str]:
    """Programme display names for the history's texts ({} when the analytics are not ready:
    the history is still shown, with codes)."""
    try:
        return programme_names(current().reader(AsOf()))
    except QueryError:
        return {}


@callback(
    Output("audit-timeline", "children"),
    Output("audit-state", "children"),
    Output("audit-message", "children"),
    Output("audit-version", "max"),
    Output("audit-version", "value"),
    Output("audit-version-wrap", "style"),
    Output("audit-kinds", "options"),
    Output("audit-kinds", "value"),
    Output("audit-kinds-wrap", "style"),
    Output("audit-as-of", "data"),
    Input("audit-load", "n_clicks"),
    Input("audit-case", "n_submit"),
    Input("audit-version", "value"),
    Input("audit-date", "value"),
    Input("audit-kinds", "value"),
    State("audit-case", "value"),
    State("audit-as-of", "data"),
    State("audit-view", "data"),
    State("session-token", "data"),
    prevent_initial_call=True,
)
def load(
    _c: Any,
    _s: Any,
    version: Any,
    day: Any,
    kinds: Any,
    case_id: Any,
    kept: Any,
    view: Any,
    token: Any,
) -> tuple[Any, ...]:
    """A case's history (latest, or as of a version or date), filtered by event type."""
    lang = lang_of((view or {}).get("query"))
    keep = (no_update,) * 7
    trigger = ctx.triggered_id
    try:
        request = parse(view, token, audit=True, need_reader=False)
        as_of = _as_of(trigger, version, day, kept, lang)
        history = current().case_history(str(case_id or "").strip(), as_of, request.viewer)
    except Blocked as blocked:
        alert = dbc.Alert(blocked.text, color=blocked.colour, id="audit-error")
        return (None, None, alert, *keep)
    except (DomainError, ValueError) as error:
        alert = dbc.Alert(error_text(error, lang), color="danger", id="audit-error")
        return (None, None, alert, *keep)
    names = _names()
    new_case = trigger in ("audit-load", "audit-case")
    chosen = [] if new_case else list(kinds or [])
    return (
        timeline(history, lang, chosen, names),
        state_table(history, lang, names),
        None,
        history.latest_version,
        history.version,
        {},
        kind_options(history, lang),
        chosen if new_case else no_update,
        {},
        {"v": as_of.version, "day": as_of.day.isoformat() if as_of.day else None},
    )


def error_text(error: Exception, lang: str) -> str:
    """A refused load in the reader's language, chosen by the error's code and field (the
    domain's own message is English, for logs and API clients)."""
    code = getattr(error, "code", "")
    field = getattr(error, "field", "")
    key = f"audit.error.{code}.{field}"
    return t(key if key in TEXT else "audit.error.other", lang)
