"""The shell's callbacks: URL ⇄ filter controls, bilingual labels, sign-out, CSV export.

They are registered on the app by the factory (not at import), so every app built in a process
gets its own copy.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import ALL, Input, Output, ctx, no_update

from domain.shared.geography import WorldRegion
from domain.shared.profile_vocabulary import HouseholdType
from domain.shared.typed_dates import format_label, parse_typed, typed
from projections.queries import Filters, InvalidFilter, QueryError

from .components import tables
from .components.shell import FILTERS, nav_pages
from .i18n import t
from .ports import AsOf, current, viewer_of
from .state import FIRST_YEAR, LAST_YEAR, ViewState, from_query, lang_of

_CONTROLS = [f"filter-{name}" for name in FILTERS]


def _controls_of(view: ViewState) -> list[Any]:
    f = view.filters
    years = list(f.years) if f.years else [FIRST_YEAR, LAST_YEAR]
    day = typed(view.as_of_date) if view.as_of_date else None
    return [
        *(list(getattr(f, name)) for name in FILTERS),
        years,
        view.as_of_position,
        day,
        view.lang,
    ]


def _view_of(values: list[Any], years: list[int], position: Any, day: Any, lang: str) -> ViewState:
    lists = {name: tuple(v or ()) for name, v in zip(FILTERS, values, strict=True)}
    span = (int(years[0]), int(years[1])) if years else (FIRST_YEAR, LAST_YEAR)
    years_or_all = None if span == (FIRST_YEAR, LAST_YEAR) else span
    filters = Filters(years=years_or_all, **lists)  # type: ignore[arg-type]
    pos = int(position) if position not in (None, "") and int(position) >= 0 else None
    return ViewState(filters, lang, pos, parse_typed(day) if day else None)


def sync_url(search: str | None, *values: Any) -> list[Any]:
    """One callback both ways (Dash allows a cycle only inside one callback)."""
    *lists, years, position, day, lang, _reset = values
    outputs = 1 + len(_CONTROLS) + 4
    trigger = ctx.triggered_id
    if trigger in (None, "url"):
        try:
            view = from_query(search)
        except InvalidFilter:
            return [no_update] * outputs
        return [no_update, *_controls_of(view)]
    if trigger == "filter-reset":
        view = ViewState(lang=lang_of(search))
        return [view.to_query(), *_controls_of(view)]
    try:
        view = _view_of(lists, years, position, day, lang)
    except (InvalidFilter, ValueError):
        return [no_update] * outputs
    query = view.to_query()
    return [query if query != (search or "") else no_update] + [no_update] * (outputs - 1)


def programme_options() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    from projections.queries.lineage import programmes

    try:
        frame = programmes(current().reader(AsOf()), Filters()).frame
    except (QueryError, NotImplementedError):
        return [], []
    progs = [
        {"label": str(r["name"]), "value": str(r["code"])} for r in frame.iter_rows(named=True)
    ]
    terrs = sorted({str(x) for x in frame["territory"].to_list() if x})
    return progs, [{"label": x, "value": x} for x in terrs]


def shell_text(search: str | None, token: Any) -> list[Any]:
    """Labels in the chosen language, the menu the viewer's role allows, links keeping filters."""
    lang = lang_of(search)
    viewer = viewer_of(token)
    query = search or ""
    names, hrefs, styles = [], [], []
    for page in nav_pages():
        names.append(t(f"nav.{page['name']}", lang))
        hrefs.append(f"{page['path']}{query}")
        audit = bool(page.get("audit"))
        visible = viewer is None or (viewer.may_audit if audit else viewer.may_see_analytics)
        styles.append({} if visible else {"display": "none"})
    labels = [t(f"filters.{name}", lang) for name in (*FILTERS, "years", "as_of", "as_of_date")]
    regions = [{"label": r.label(lang), "value": r.code} for r in WorldRegion]
    households = [{"label": h.label(lang), "value": h.code} for h in HouseholdType]
    progs, terrs = programme_options()
    user = "" if viewer is None else f"{viewer.user_id} · {viewer.role.label(lang)}"
    signed = {"display": "none"} if viewer is None else {}
    return [
        names,
        hrefs,
        styles,
        *labels,
        t("filters.reset", lang),
        progs,
        terrs,
        regions,
        households,
        user,
        t("nav.signin", lang),
        t("nav.signout", lang),
        signed,
        {} if viewer is None else {"display": "none"},
        f"/signin{query}",
        format_label(lang),
    ]


def register(app: dash.Dash) -> None:
    control_inputs = [Input(c, "value") for c in _CONTROLS]
    control_outputs = [Output(c, "value") for c in _CONTROLS]
    app.callback(
        [
            Output("url", "search"),
            *control_outputs,
            Output("filter-years", "value"),
            Output("filter-pos", "value"),
            Output("filter-date", "value"),
            Output("shell-lang", "value"),
        ],
        [
            Input("url", "search"),
            *control_inputs,
            Input("filter-years", "value"),
            Input("filter-pos", "value"),
            Input("filter-date", "value"),
            Input("shell-lang", "value"),
            Input("filter-reset", "n_clicks"),
        ],
    )(sync_url)
    label_ids = [f"filter-{n}-label" for n in (*FILTERS, "years", "pos", "date")]
    app.callback(
        [
            Output({"type": "nav", "page": ALL}, "children"),
            Output({"type": "nav", "page": ALL}, "href"),
            Output({"type": "nav", "page": ALL}, "style"),
            *[Output(i, "children") for i in label_ids],
            Output("filter-reset", "children"),
            Output("filter-programmes", "options"),
            Output("filter-territories", "options"),
            Output("filter-origin_regions", "options"),
            Output("filter-household_types", "options"),
            Output("shell-user", "children"),
            Output("shell-signin", "children"),
            Output("shell-signout", "children"),
            Output("shell-signout", "style"),
            Output("shell-signin", "style"),
            Output("shell-signin", "href"),
            Output("filter-date", "placeholder"),
        ],
        [Input("url", "search"), Input("session-token", "data")],
    )(shell_text)
    app.callback(
        Output("session-token", "data", allow_duplicate=True),
        Output("url", "pathname", allow_duplicate=True),
        Input("shell-signout", "n_clicks"),
        prevent_initial_call=True,
    )(lambda _n: (None, "/signin"))
    tables.register(app)
    app.callback(Output("filter-bar", "style"), Input("url", "pathname"))(filter_bar_style)


def filter_bar_style(pathname: str | None) -> dict[str, str]:
    """The shared filters mean nothing on the sign-in and audit pages: hide them there."""
    return {"display": "none"} if pathname in ("/signin", "/audit") else {}
