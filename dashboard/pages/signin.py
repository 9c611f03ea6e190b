"""Sign-in with the API's bearer token; the token is kept in this browser tab's session only."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html, no_update

from ..i18n import t
from ..ports import viewer_of
from ..state import lang_of


def layout(**params: Any) -> html.Div:
    lang = "en" if params.get("lang") == "en" else "it"
    return dbc.Card(
        dbc.CardBody(
            [
                html.H1(t("signin.title", lang), className="h4"),
                html.P(t("signin.help", lang), className="text-muted"),
                dbc.Label(t("signin.token", lang), html_for="signin-token"),
                dbc.Input(id="signin-token", type="password", autocomplete="off", className="mb-2"),
                dbc.Button(t("signin.submit", lang), id="signin-submit", color="primary"),
                html.Div(id="signin-message", className="mt-3"),
            ]
        ),
        style={"maxWidth": "32rem"},
        className="mx-auto",
    )


dash.register_page(__name__, path="/signin", name="signin", order=99, layout=layout)


@callback(
    Output("session-token", "data", allow_duplicate=True),
    Output("signin-message", "children"),
    Output("url", "pathname", allow_duplicate=True),
    Input("signin-submit", "n_clicks"),
    Input("signin-token", "n_submit"),
    State("signin-token", "value"),
    State("url", "search"),
    prevent_initial_call=True,
)
def sign_in(_clicks: Any, _submits: Any, token: Any, search: Any) -> tuple[Any, Any, Any]:
    lang = lang_of(search)
    if not str(token or "").strip():  # nothing typed yet: no verdict to give
        return no_update, None, no_update
    viewer = viewer_of(token)
    if viewer is None:
        return no_update, dbc.Alert(t("signin.bad", lang), color="danger"), no_update
    text = t("signin.ok", lang, user=viewer.user_id, role=viewer.role.label(lang))
    return (
        token.strip(),
        dbc.Alert(text, color="success"),
        "/audit" if (viewer.may_audit and not viewer.may_see_analytics) else "/",
    )
