"""Network: EMP's stakeholders and collaborations over time (organisations, not people).

The graph is aggregated by organisation type (one circle per type, line width = collaborations):
a few dozen labelled organisations overlap into a tangle. The full graph stays one switch away.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
import polars as pl
from dash import Input, Output, callback, dcc, html

from projections.queries.labels import label
from projections.queries.network import network_edges, network_growth, network_nodes

from ..components.fig import Figure
from ..components.figures import finish, graph, label_lines
from ..components.page import Blocked, Request, frame, parse, render
from ..components.style import OKABE_ITO, card, category_colour, insufficient
from ..components.tables import table
from ..i18n import t
from ..state import FIRST_YEAR, LAST_YEAR

KIND_COLOURS = (*OKABE_ITO, "#882255", "#44AA99", "#999933", "#AA4499", "#DDCC77")
STYLE = [
    {
        "selector": "node",
        "style": {
            "label": "data(label)",
            "font-size": 11,
            "text-wrap": "wrap",
            "text-max-width": 110,
            "text-valign": "bottom",
            "text-margin-y": 4,
            "width": "data(size)",
            "height": "data(size)",
            "background-color": "data(colour)",
            "color": "#222",
        },
    },
    {
        "selector": "edge",
        "style": {"width": "data(width)", "line-color": "#b5b5b5", "curve-style": "bezier"},
    },
    {"selector": ".full", "style": {"label": "", "width": 10, "height": 10}},
]


def layout(**params: Any) -> html.Div:
    lang = "en" if params.get("lang") == "en" else "it"
    year = dcc.Slider(
        id="network-year",
        min=FIRST_YEAR,
        max=LAST_YEAR,
        step=1,
        value=LAST_YEAR,
        allow_direct_input=False,
        marks={y: str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1, 3)},
    )
    graph_card = card(
        t("network.types_title", lang),
        html.Label(t("network.year", lang), className="small", id="network-year-label"),
        year,
        dbc.Checkbox(id="network-full", label=t("network.full", lang), value=False),
        html.Div(id="network-count", className="small text-muted mt-2"),
        html.Div(id="network-key", className="mt-1", **{"aria-label": t("network.key", lang)}),
        cyto.Cytoscape(
            id="network-graph",
            elements=[],
            stylesheet=STYLE,
            layout={"name": "circle", "animate": False, "padding": 30},
            style={"width": "100%", "height": "460px"},
            userZoomingEnabled=False,
        ),
        subtitle=t("network.types_sub", lang),
    )
    return html.Div([frame("network", params, "nav.network"), dbc.Row(graph_card)])


dash.register_page(
    __name__,
    path="/network",
    name="network",
    order=5,
    layout=layout,
    ignores=("age_bands", "origin_regions", "household_types"),  # organisations, not women
)


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k = request.lang, request.k
    growth = network_growth(request.reader, request.view.filters)
    last = (request.view.filters.years or (FIRST_YEAR, LAST_YEAR))[1]
    data = growth.frame.filter(pl.col("year") <= min(last, LAST_YEAR)).sort("year")
    fig = Figure()
    for i, column in enumerate(("nodes", "edges")):
        fig.add_scatter(
            x=data["year"].to_list(),
            y=data[column].to_list(),
            mode="lines+markers",
            name=t(f"network.{column}", lang),
            line={"color": category_colour(i)},
        )
    years = data["year"].to_list() or [FIRST_YEAR, LAST_YEAR]
    fig.update_layout(
        xaxis={  # never past the last year shown (autorange made room up to 2024)
            "title": {"text": t("common.year", lang)},
            "dtick": 2,
            "range": [min(years) - 0.3, max(years) + 0.3],
        },
        yaxis={"rangemode": "tozero"},
    )
    if data.is_empty():  # organisations, not women: nothing is hidden, there is none
        fig = insufficient(lang, k, t("network.none", lang))
    latest = int(data["nodes"][-1]) if not data.is_empty() else 0
    label_lines(finish(fig, t("network.growth_title", lang), latest, lang, k))
    body = [
        dbc.Row(
            card(
                t("network.growth_title", lang),
                graph("network-growth", fig),
                table("network-growth-table", data, lang),
                subtitle=t("network.growth_sub", lang),
            )
        )
    ]
    return body, growth.position


@callback(
    Output("network-body", "children"),
    Output("network-position", "children"),
    Input("network-view", "data"),
    Input("session-token", "data"),
)
def fill(view: Any, token: Any) -> tuple[list[Any], str]:
    return render(view, token, draw)


def kind_name(kind: str, lang: str) -> str:
    """An organisation type's words; the programmes themselves appear as one more type."""
    return t("common.programme", lang) if kind == "programme" else label("node_kind", kind, lang)


def aggregated(
    nodes: pl.DataFrame, edges: pl.DataFrame, colours: dict[str, str], lang: str
) -> list[dict[str, Any]]:
    """One element per organisation type, one edge per pair of types (width = how many)."""
    kind_of = {str(r["node_id"]): str(r["kind"]) for r in nodes.iter_rows(named=True)}
    counts = nodes.group_by("kind").len()
    items: list[dict[str, Any]] = [
        {
            "data": {
                "id": f"kind:{r['kind']}",
                "label": f"{kind_name(str(r['kind']), lang)} ({r['len']})",
                "size": 16 + 6 * min(int(r["len"]), 10),
                "colour": colours[str(r["kind"])],
            }
        }
        for r in counts.iter_rows(named=True)
    ]
    pairs: dict[tuple[str, str], int] = {}
    for r in edges.iter_rows(named=True):
        a, b = kind_of.get(str(r["source"])), kind_of.get(str(r["target"]))
        if a is None or b is None or a == b:
            continue
        key = (min(a, b), max(a, b))
        pairs[key] = pairs.get(key, 0) + 1
    items += [
        {"data": {"source": f"kind:{a}", "target": f"kind:{b}", "width": 1 + min(n, 12)}}
        for (a, b), n in pairs.items()
    ]
    return items


def full(nodes: pl.DataFrame, edges: pl.DataFrame, colours: dict[str, str]) -> list[dict[str, Any]]:
    """Every organisation (unlabelled dots in its type's colour) and every collaboration."""
    known = {str(r["node_id"]) for r in nodes.iter_rows(named=True)}
    items: list[dict[str, Any]] = [
        {
            "data": {
                "id": str(r["node_id"]),
                "label": "",
                "size": 10,
                "colour": colours[str(r["kind"])],
            },
            "classes": "full",
        }
        for r in nodes.iter_rows(named=True)
    ]
    items += [
        {"data": {"source": str(r["source"]), "target": str(r["target"]), "width": 1}}
        for r in edges.iter_rows(named=True)
        if str(r["source"]) in known and str(r["target"]) in known
    ]
    return items


@callback(
    Output("network-graph", "elements"),
    Output("network-graph", "layout"),
    Output("network-count", "children"),
    Output("network-key", "children"),
    Input("network-view", "data"),
    Input("network-year", "value"),
    Input("network-full", "value"),
    Input("session-token", "data"),
)
def elements(
    view: Any, year: Any, show_all: Any, token: Any
) -> tuple[list[dict[str, Any]], dict[str, Any], str, list[Any]]:
    """The organisations active in the chosen year, by type (or all of them on demand)."""
    shape = {"name": "cose" if show_all else "circle", "animate": False, "padding": 30}
    try:
        request = parse(view, token)
        at = int(year or LAST_YEAR)
        nodes = network_nodes(request.reader, request.view.filters, at).frame
        edges = network_edges(request.reader, request.view.filters, at).frame
    except Blocked as blocked:
        return [], shape, blocked.text, []
    except Exception as error:  # the main body shows the same failure in full
        return [], shape, type(error).__name__, []
    lang = request.lang
    kinds = sorted({str(k) for k in nodes["kind"].to_list()})
    colours = {k: KIND_COLOURS[i % len(KIND_COLOURS)] for i, k in enumerate(kinds)}
    items = full(nodes, edges, colours) if show_all else aggregated(nodes, edges, colours, lang)
    key = [
        html.Span(
            [html.I(style={"background": colours[k]}), kind_name(k, lang)],
            className="net-key",
        )
        for k in kinds
    ]
    count = t("network.count", lang, nodes=nodes.height, edges=edges.height)
    return items, shape, count, key
