"""The frame around every page: navigation, language switch, sign-in state, shared filters.

Filters live in the URL (`url` location) so a view is shared by copying the address bar; the
controls here only edit that URL. Labels are filled by a callback, so the language switch needs
no reload.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from domain.shared.geography import WorldRegion
from domain.shared.profile_vocabulary import HouseholdType
from projections.queries import AGE_BANDS

from ..state import FIRST_YEAR, LAST_YEAR

FILTERS = ("programmes", "territories", "age_bands", "origin_regions", "household_types")


def nav_pages() -> list[dict[str, object]]:
    """The registered pages in menu order (sign-in is reached from its own button)."""
    pages = sorted(dash.page_registry.values(), key=lambda p: p.get("order") or 0)
    return [p for p in pages if p["name"] != "signin"]


def navbar() -> dbc.Navbar:
    """The menu collapses behind a toggler below the `lg` breakpoint (phones, small tablets)."""
    links = [
        dbc.NavItem(
            dbc.NavLink(
                p["name"], id={"type": "nav", "page": p["name"]}, href=p["path"], active="exact"
            )
        )
        for p in nav_pages()
    ]
    tools = html.Div(
        [
            html.Span(id="shell-user", className="text-light small me-3"),
            dbc.RadioItems(
                id="shell-lang",
                options=[{"label": "IT", "value": "it"}, {"label": "EN", "value": "en"}],
                value="it",
                inline=True,
                className="btn-group btn-group-sm me-3",
                inputClassName="btn-check",
                labelClassName="btn btn-outline-light",
                labelCheckedClassName="active",
            ),
            dbc.Button(id="shell-signin", href="/signin", size="sm", color="light", outline=True),
            dbc.Button(
                id="shell-signout",
                size="sm",
                color="light",
                outline=True,
                className="ms-2",
                style={"display": "none"},
            ),
        ],
        className="d-flex align-items-center flex-wrap gap-1 py-1",
    )
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand("Percorsi", href="/", className="fw-bold"),
                html.Button(
                    html.Span(className="navbar-toggler-icon"),
                    id="nav-toggle",
                    n_clicks=0,
                    className="navbar-toggler",
                    type="button",
                    **{"aria-label": "Menu", "aria-controls": "nav-collapse"},
                ),
                dbc.Collapse(
                    [dbc.Nav(links, className="me-auto", navbar=True), tools],
                    id="nav-collapse",
                    is_open=False,
                    navbar=True,
                ),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        expand="lg",
        className="mb-3",
    )


def _dropdown(name: str, options: list[dict[str, str]] | None = None) -> dbc.Col:
    return dbc.Col(
        html.Div(
            [
                dbc.Label(id=f"filter-{name}-label", className="small mb-0"),
                dcc.Dropdown(
                    id=f"filter-{name}",
                    options=options or [],
                    multi=True,
                    value=[],
                    persistence=False,
                ),
            ],
            id=f"filter-{name}-wrap",
        ),
        xs=12,
        md=4,
        lg=2,
    )


def _replay() -> dbc.Col:
    """The "as of" controls, grouped and named for what a manager wants: an old report again."""
    return dbc.Col(
        html.Fieldset(
            [
                html.Legend(id="filter-replay-label", className="small fw-semibold mb-1"),
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                dbc.Label(
                                    id="filter-pos-label",
                                    html_for="filter-pos",
                                    className="small mb-0",
                                ),
                                dbc.Input(
                                    id="filter-pos",
                                    type="number",
                                    min=0,
                                    step=1,
                                    debounce=True,
                                    size="sm",
                                ),
                            ],
                            xs=6,
                        ),
                        dbc.Col(
                            [
                                dbc.Label(
                                    id="filter-date-label",
                                    html_for="filter-date",
                                    className="small mb-0",
                                ),
                                dbc.Input(
                                    id="filter-date",
                                    type="text",
                                    debounce=True,
                                    size="sm",
                                    placeholder="gg/mm/aaaa",
                                    autoComplete="off",
                                ),
                            ],
                            xs=6,
                        ),
                    ],
                    className="g-2",
                ),
                html.Div(id="filter-range", className="small text-muted mt-1"),
            ],
            className="border rounded p-2",
        ),
        xs=12,
        lg=6,
    )


def filter_bar(options: dict[str, list[dict[str, str]]]) -> dbc.Card:
    """Collapsed behind "Filtri (n)" with the active filters listed beside it (figures first)."""
    years = dbc.Col(
        [
            dbc.Label(id="filter-years-label", className="small mb-0"),
            dcc.RangeSlider(
                id="filter-years",
                min=FIRST_YEAR,
                max=LAST_YEAR,
                step=1,
                value=[FIRST_YEAR, LAST_YEAR],
                allowCross=False,
                allow_direct_input=False,
                marks={y: str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1, 3)},
                tooltip={"placement": "bottom"},
            ),
        ],
        xs=12,
        lg=6,
    )
    head = html.Div(
        [
            dbc.Button(
                id="filter-toggle",
                n_clicks=0,
                size="sm",
                color="primary",
                outline=True,
                className="me-2",
            ),
            html.Span(id="filter-summary", className="small text-muted me-2"),
            dbc.Button(id="filter-reset", size="sm", color="link", className="p-0"),
        ],
        className="d-flex align-items-center flex-wrap gap-1",
    )
    body = dbc.Collapse(
        dbc.Row(
            [*(_dropdown(name, options.get(name)) for name in FILTERS), years, _replay()],
            className="g-2 mt-1",
        ),
        id="filter-collapse",
        is_open=False,
    )
    return dbc.Card(
        dbc.CardBody([head, body], className="py-2"),
        className="mb-3 shadow-sm",
        id="filter-bar",
    )


def filter_options(lang: str = "it") -> dict[str, list[dict[str, str]]]:
    """Every filter's options, present from the first render: a Dropdown drops any value that
    is not among its options, so options must never arrive after the value from the URL."""
    from ..callbacks import programme_options

    progs, terrs = programme_options()
    return {
        "programmes": progs,
        "territories": terrs,
        "age_bands": [{"label": b, "value": b} for b in AGE_BANDS],
        "origin_regions": [{"label": r.label(lang), "value": r.code} for r in WorldRegion],
        "household_types": [{"label": h.label(lang), "value": h.code} for h in HouseholdType],
    }


def layout() -> html.Div:
    """Called per page load (a function, so nothing is read at import time)."""
    return html.Div(
        [
            dcc.Location(id="url", refresh="callback-nav"),
            dcc.Store(id="session-token", storage_type="session"),
            dcc.Store(id="page-lang"),
            dcc.Store(id="tables-open", storage_type="session", data=[]),
            navbar(),
            html.Main(
                dbc.Container([filter_bar(filter_options()), dash.page_container], fluid=True)
            ),
        ]
    )
