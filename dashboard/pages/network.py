"""Network: EMP's stakeholders and collaborations over time (organisations, not people)."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import Input, Output, callback, dcc, html

from projections.queries.labels import label
from projections.queries.network import network_edges, network_growth, network_nodes

from ..components.fig import Figure
from ..components.figures import PALETTE, finish, graph
from ..components.page import Blocked, Request, card, frame, parse, render
from ..components.tables import table
from ..i18n import t
from ..state import FIRST_YEAR, LAST_YEAR

STYLE = [
    {
        "selector": "node",
        "style": {
            "label": "data(label)",
            "font-size": 8,
            "width": 14,
            "height": 14,
            "background-color": PALETTE[0],
        },
    },
    {"selector": "edge", "style": {"width": 1, "line-color": "#bbb"}},
    *[{"selector": f".k{i}", "style": {"background-color": c}} for i, c in enumerate(PALETTE)],
]


def layout(**params: Any) -> html.Div:
    lang = "en" if params.get("lang") == "en" else "it"
    year = dcc.Slider(
        id="network-year",
        min=FIRST_YEAR,
        max=LAST_YEAR,
        step=1,
        value=LAST_YEAR,
        marks={y: str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1, 3)},
    )
    graph_card = dbc.Card(
        dbc.CardBody(
            [
                html.Div(t("network.year", lang), className="small"),
                year,
                html.Div(id="network-count", className="small text-muted mt-2"),
                cyto.Cytoscape(
                    id="network-graph",
                    elements=[],
                    stylesheet=STYLE,
                    layout={"name": "cose", "animate": False},
                    style={"width": "100%", "height": "460px"},
                ),
            ]
        ),
        className="mb-3",
    )
    return html.Div([frame("network", params, "nav.network"), graph_card])


dash.register_page(__name__, path="/network", name="network", order=5, layout=layout)


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k = request.lang, request.k
    growth = network_growth(request.reader, request.view.filters)
    data = growth.frame.sort("year")
    fig = Figure()
    for i, column in enumerate(("nodes", "edges")):
        fig.add_scatter(
            x=data["year"].to_list(),
            y=data[column].to_list(),
            mode="lines+markers",
            name=t(f"network.{column}", lang),
            line={"color": PALETTE[i]},
        )
    latest = int(data["nodes"][-1]) if not data.is_empty() else 0
    finish(fig, t("network.growth_title", lang), latest, lang, k)
    body = [
        dbc.Row(
            card(
                t("network.growth_title", lang),
                graph("network-growth", fig),
                table("network-growth-table", data, lang),
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


@callback(
    Output("network-graph", "elements"),
    Output("network-count", "children"),
    Input("network-view", "data"),
    Input("network-year", "value"),
    Input("session-token", "data"),
)
def elements(view: Any, year: Any, token: Any) -> tuple[list[dict[str, Any]], str]:
    """The organisations active in the chosen year and the collaborations between them."""
    try:
        request = parse(view, token)
        nodes = network_nodes(request.reader, request.view.filters, int(year or LAST_YEAR))
        edges = network_edges(request.reader, request.view.filters, int(year or LAST_YEAR))
    except Blocked as blocked:
        return [], blocked.text
    except Exception as error:  # the main body shows the same failure in full
        return [], type(error).__name__
    kinds = sorted({str(k) for k in nodes.frame["kind"].to_list()})
    items = [
        {
            "data": {"id": str(r["node_id"]), "label": str(r["label"])},
            "classes": f"k{kinds.index(str(r['kind'])) % len(PALETTE)}",
        }
        for r in nodes.frame.iter_rows(named=True)
    ]
    known = {str(r["node_id"]) for r in nodes.frame.iter_rows(named=True)}
    items += [
        {"data": {"source": str(r["source"]), "target": str(r["target"])}}
        for r in edges.frame.iter_rows(named=True)
        if str(r["source"]) in known and str(r["target"]) in known
    ]
    legend = ", ".join(label("node_kind", k, request.lang) for k in kinds)
    count = t("network.count", request.lang, nodes=len(known), edges=len(items) - len(known))
    return items, f"{count} · {legend}"
