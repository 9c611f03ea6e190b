"""The frame every page shares: its view store, title, log position, and the guard callbacks use.

Layouts only build this frame (no data at import or layout time); one callback per page fills the
body after checking, on the server, who is signed in and what her role allows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from projections.queries import AnalyticsUnavailable, InvalidFilter, ProjectionBehind, QueryError

from ..formats import number
from ..i18n import t
from ..ports import AsOf, Viewer, current, viewer_of
from ..state import ViewState, from_params, from_query, lang_of
from .style import card as style_card


def frame(page: str, params: dict[str, Any], title_key: str) -> html.Div:
    """A page's skeleton: the view (from the URL) in a store, a title, an empty body."""
    lang = "en" if params.get("lang") == "en" else "it"
    try:
        query = from_params(params).to_query()
    except InvalidFilter:  # kept as typed: the callback shows which filter is wrong
        query = "?" + urlencode({k: v for k, v in params.items() if isinstance(v, str)})
    return html.Div(
        [
            dcc.Store(id=f"{page}-view", data={"query": query}),
            html.Div(
                [
                    html.H1(t(title_key, lang), className="h4 mb-0"),
                    html.Span(id=f"{page}-position", className="text-muted small ms-3"),
                ],
                className="d-flex align-items-baseline mb-3",
            ),
            dcc.Loading(html.Div(id=f"{page}-body"), type="dot", delay_show=300),
        ],
        id=f"{page}-page",
    )


class Blocked(Exception):
    """Why a page cannot be drawn for this request (sign-in, role, bad filter, no data)."""

    def __init__(self, text: str, colour: str = "warning") -> None:
        super().__init__(text)
        self.text = text
        self.colour = colour


@dataclass(frozen=True)
class Request:
    """A callback's parsed inputs: the view, the viewer, and the analytics reader to use."""

    view: ViewState
    viewer: Viewer
    reader: Any
    k: int

    @property
    def lang(self) -> str:
        return self.view.lang

    @property
    def as_of(self) -> AsOf:
        return AsOf(self.view.as_of_position, self.view.as_of_date)


def parse(view_data: Any, token: Any, audit: bool = False, need_reader: bool = True) -> Request:
    """Check the viewer (server side) and the view; raise Blocked with a readable reason."""
    query = (view_data or {}).get("query", "")
    lang = lang_of(query)
    viewer = viewer_of(token)
    if viewer is None:
        raise Blocked(t("signin.needed", lang), "info")
    if not (viewer.may_audit if audit else viewer.may_see_analytics):
        raise Blocked(t("signin.forbidden", lang), "danger")
    try:
        view = from_query(query)
    except InvalidFilter as error:
        raise Blocked(t("common.invalid", lang, detail=error.message), "danger") from None
    ports = current()
    reader = None
    if need_reader:
        try:
            reader = ports.reader(AsOf(view.as_of_position, view.as_of_date))
        except QueryError as error:
            raise Blocked(t("common.unavailable", lang, detail=error.message)) from None
    return Request(view, viewer, reader, ports.k)


def render(
    view_data: Any,
    token: Any,
    draw: Callable[[Request], tuple[list[Any], int]],
    audit: bool = False,
) -> tuple[list[Any], str]:
    """Run a page's `draw` and map every expected failure to a message (never a traceback)."""
    lang = lang_of((view_data or {}).get("query", ""))
    try:
        request = parse(view_data, token, audit=audit)
        body, position = draw(request)
    except Blocked as blocked:
        return [dbc.Alert(blocked.text, color=blocked.colour, className="page-blocked")], ""
    except ProjectionBehind as error:
        return [dbc.Alert(t("common.unavailable", lang, detail=error.message))], ""
    except AnalyticsUnavailable as error:
        return [dbc.Alert(t("common.unavailable", lang, detail=error.message))], ""
    except InvalidFilter as error:
        return [dbc.Alert(t("common.invalid", lang, detail=error.message), color="danger")], ""
    return body, t("common.position", lang, position=number(position, lang))


def card(title: str, *children: Any, width: int = 12, subtitle: str | None = None) -> dbc.Col:
    """A chart card (see style.card): kept here so pages importing it from `page` still work."""
    return style_card(title, *children, subtitle=subtitle, width=width)
