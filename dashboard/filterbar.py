"""The filter bar explains itself: how many filters are active, which a page cannot apply,
and which past reports can be reproduced (the valid range of the "as of" controls).

Registered on the app by the factory, beside the shell's callbacks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import dash
from dash import Input, Output, State

from projections.queries import QueryError
from projections.queries.privacy import projection_status

from .components.shell import FILTERS
from .formats import day, number
from .i18n import t
from .ports import AsOf, current
from .state import FIRST_YEAR, LAST_YEAR, ViewState, from_query, lang_of

# Pages declare the shared filters they cannot apply: dash.register_page(..., ignores=(...)).
_OPEN_ON_WIDE = "function (n, open) { if (!n) { return window.innerWidth >= 992; } return !open; }"
_TOGGLE = "function (n, open) { return n ? !open : open; }"


def active(view: ViewState) -> list[str]:
    """The names of the filters in force (the years count only when narrowed)."""
    names = [name for name in FILTERS if getattr(view.filters, name)]
    if view.filters.years is not None:
        names.append("years")
    if view.as_of_position is not None or view.as_of_date is not None:
        names.append("replay")
    return names


def ignored_by(pathname: str | None) -> frozenset[str]:
    for page in dash.page_registry.values():
        if page.get("path") == (pathname or "/"):
            return frozenset(page.get("ignores") or ())
    return frozenset()


def _range(lang: str) -> str:
    """The log's last event and the business dates covered, for the replay controls' help."""
    try:
        reader = current().reader(AsOf())
        status = projection_status(reader).frame
    except (QueryError, NotImplementedError, RuntimeError):
        return ""
    if status.is_empty():
        return ""
    row = status.row(0, named=True)
    end = date(LAST_YEAR, 12, 31)
    last = row.get("business_date") or end
    head = number(int(row.get("position") or 0), lang)
    if last <= end:
        first = day(date(FIRST_YEAR, 1, 1), lang)
        return t("filters.range", lang, head=head, first=first, last=day(last, lang))
    # Referrals stop with the lineage (2021); follow-ups 6–24 months after closure run past
    # it, and a manager must not read the last follow-up's date as the data's end.
    recorded = day(last, lang)
    return t(
        "filters.range_follow", lang, head=head, first=FIRST_YEAR, last=LAST_YEAR, recorded=recorded
    )


def bar_text(search: str | None, pathname: str | None) -> list[Any]:
    lang = lang_of(search)
    try:
        view = from_query(search)
        on = active(view)
    except Exception:  # a bad filter is explained by the page itself
        view, on = ViewState(lang=lang), []
    ignored = ignored_by(pathname)
    words = [t(f"filters.{name}", lang) + (" ⊘" if name in ignored else "") for name in on]
    summary = ", ".join(words) if words else t("filters.none", lang)
    title = t("filters.title", lang) + (f" ({len(on)})" if on else "")
    tip = t("filters.not_here", lang)
    disabled = [name in ignored for name in FILTERS]
    tips = [tip if name in ignored else None for name in FILTERS]
    return [
        title,
        summary,
        t("filters.replay", lang),
        _range(lang),
        *disabled,
        *tips,
    ]


def register(app: dash.Dash) -> None:
    app.clientside_callback(
        _OPEN_ON_WIDE,
        Output("filter-collapse", "is_open"),
        Input("filter-toggle", "n_clicks"),
        State("filter-collapse", "is_open"),
    )
    app.clientside_callback(
        _TOGGLE,
        Output("nav-collapse", "is_open"),
        Input("nav-toggle", "n_clicks"),
        State("nav-collapse", "is_open"),
    )
    app.callback(
        [
            Output("filter-toggle", "children"),
            Output("filter-summary", "children"),
            Output("filter-replay-label", "children"),
            Output("filter-range", "children"),
            *[Output(f"filter-{name}", "disabled") for name in FILTERS],
            *[Output(f"filter-{name}-wrap", "title") for name in FILTERS],
        ],
        [Input("url", "search"), Input("url", "pathname")],
    )(bar_text)
