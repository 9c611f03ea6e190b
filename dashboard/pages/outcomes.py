"""Outcomes: employment at exit and 6/12/24 months, time to first job (KM), flows, closures."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, html

from projections.queries.labels import label
from projections.queries.outcomes import (
    closure_reasons,
    employment_follow_up,
    entry_exit_flows,
    time_to_first_job,
)

from ..components.fig import Figure, trace
from ..components.figures import (
    PALETTE,
    bars,
    finish,
    graph,
    labels_for,
    relabel,
    suppressed_trace,
    total,
)
from ..components.names import programme_names
from ..components.page import Request, card, frame, render
from ..components.tables import table
from ..i18n import t


def layout(**params: Any) -> html.Div:
    return frame("outcomes", params, "nav.outcomes")


dash.register_page(__name__, path="/outcomes", name="outcomes", order=2, layout=layout)


def follow_up_figure(data: pl.DataFrame, lang: str) -> Figure:
    fig = Figure()
    for i, checkpoint in enumerate(("exit", "6", "12", "24")):
        part = data.filter((pl.col("checkpoint") == checkpoint) & ~pl.col("suppressed"))
        name = t(f"outcomes.checkpoint_{checkpoint}", lang)
        fig.add_scatter(
            x=part["cohort_year"].to_list(),
            y=part["rate"].to_list(),
            mode="lines+markers",
            name=name,
            line={"color": PALETTE[i]},
        )
    hidden = data.filter(pl.col("suppressed"))
    if not hidden.is_empty():
        fig.add_trace(suppressed_trace(hidden["cohort_year"].to_list(), lang))
    fig.update_layout(
        yaxis={"tickformat": ".0%", "hoverformat": ".1%", "range": [0, 1]},
        xaxis_title=t("common.cohort", lang),
        yaxis_title=t("outcomes.employed", lang),
    )
    return fig


def km_figure(data: pl.DataFrame, lang: str) -> Figure:
    """Survival (still without a job) by generation, with its 95% band."""
    fig = Figure()
    shown = data.filter(~pl.col("suppressed"))
    for i, generation in enumerate(sorted(shown["generation"].unique().to_list())):
        part = shown.filter(pl.col("generation") == generation).sort("timeline_days")
        colour = PALETTE[i % len(PALETTE)]
        days = part["timeline_days"].to_list()
        fig.add_scatter(
            x=days + days[::-1],
            y=part["ci_high"].to_list() + part["ci_low"].to_list()[::-1],
            fill="toself",
            line={"width": 0},
            fillcolor=colour,
            opacity=0.18,
            hoverinfo="skip",
            showlegend=False,
        )
        fig.add_scatter(
            x=days,
            y=part["survival"].to_list(),
            mode="lines",
            line={"shape": "hv", "color": colour},
            name=f"{t('common.generation', lang)} {generation}",
        )
    drawn = set(shown["generation"].to_list())  # a curve cut short is still drawn
    gone = sorted(set(data.filter(pl.col("suppressed"))["generation"].to_list()) - drawn)
    for generation in gone:
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={"symbol": "square-open"},
            name=f"{t('common.generation', lang)} {generation}: {t('common.suppressed', lang)}",
        )
    fig.update_layout(
        yaxis={"range": [0, 1], "tickformat": ".0%", "hoverformat": ".1%"},
        xaxis_title=t("outcomes.days", lang),
        yaxis_title=t("outcomes.km_y", lang),
    )
    return fig


def sankey(data: pl.DataFrame, lang: str) -> Figure:
    shown = data.filter(~pl.col("suppressed"))
    entries = [f"{label('entry', e, lang)} ▸" for e in shown["entry"].to_list()]
    exits = [f"▸ {label('exit', e, lang)}" for e in shown["exit"].to_list()]
    nodes = list(dict.fromkeys(entries + exits))
    index = {name: i for i, name in enumerate(nodes)}
    fig = Figure(
        trace(
            "sankey",
            node={"label": nodes, "pad": 12, "color": [PALETTE[i % 10] for i in range(len(nodes))]},
            link={
                "source": [index[e] for e in entries],
                "target": [index[x] for x in exits],
                "value": shown["n"].to_list(),
            },
        )
    )
    return fig


def checkpoints(data: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Checkpoint codes ("exit", "6", …) as the legend's words, in time order (not text order)."""
    order = ("exit", "6", "12", "24")
    words = {c: t(f"outcomes.checkpoint_{c}", lang) for c in order}
    rank = {c: i for i, c in enumerate(order)}
    return (
        data.with_columns(
            pl.col("checkpoint").cast(pl.String).replace_strict(rank, default=9).alias("_o")
        )
        .sort("cohort_year", "_o")
        .drop("_o")
        .with_columns(pl.col("checkpoint").cast(pl.String).replace(words))
    )


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k, f, reader = request.lang, request.k, request.view.filters, request.reader
    follow = employment_follow_up(reader, f, k)
    km = time_to_first_job(reader, f, k)
    flows = entry_exit_flows(reader, f, k)
    closures = closure_reasons(reader, f, k)
    fdata = follow.frame.sort("cohort_year", "checkpoint")
    follow_fig = finish(
        follow_up_figure(fdata, lang),
        t("outcomes.follow_title", lang),
        total(fdata.filter(pl.col("checkpoint") == "exit"), "due"),
        lang,
        k,
        follow.suppressed_cells,
    )
    km_n = km.frame.filter(~pl.col("suppressed")).group_by("generation").agg(pl.col("n").max())
    km_fig = finish(
        km_figure(km.frame, lang),
        t("outcomes.km_title", lang),
        int(km_n["n"].sum() or 0),
        lang,
        k,
        km.suppressed_cells,
    )
    flow_fig = finish(
        sankey(flows.frame, lang),
        t("outcomes.flows_title", lang),
        total(flows.frame, "n"),
        lang,
        k,
        flows.suppressed_cells,
    )
    names = programme_names(reader)
    cdata = closures.frame.with_columns(pl.col("programme").cast(pl.String).replace(names))
    closure_fig = finish(
        bars(
            cdata,
            "programme",
            "n",
            "reason",
            lang,
            t("common.programme", lang),
            t("common.count", lang),
            colour_label=labels_for(cdata, "reason", lang),
        ),
        t("outcomes.closures_title", lang),
        total(cdata, "n"),
        lang,
        k,
        closures.suppressed_cells,
    )
    body = [
        dbc.Row(
            [
                card(
                    t("outcomes.follow_title", lang),
                    graph("outcomes-follow", follow_fig),
                    table(
                        "outcomes-follow-table",
                        checkpoints(fdata, lang),
                        lang,
                        [
                            "due",
                            "reached",
                            "lost_to_follow_up",
                            "employed",
                            "rate",
                            "ci_low",
                            "ci_high",
                        ],
                        percents=("ci_low", "ci_high"),
                    ),
                    width=6,
                ),
                card(t("outcomes.km_title", lang), graph("outcomes-km", km_fig), width=6),
            ]
        ),
        dbc.Row(
            [
                card(
                    t("outcomes.flows_title", lang),
                    graph("outcomes-flows", flow_fig),
                    table(
                        "outcomes-flows-table",
                        relabel(relabel(flows.frame, "entry", lang), "exit", lang),
                        lang,
                        ["n"],
                    ),
                    width=6,
                ),
                card(
                    t("outcomes.closures_title", lang),
                    graph("outcomes-closures", closure_fig),
                    table("outcomes-closures-table", relabel(cdata, "reason", lang), lang, ["n"]),
                    width=6,
                ),
            ]
        ),
    ]
    return body, min(follow.position, km.position, flows.position, closures.position)


@callback(
    Output("outcomes-body", "children"),
    Output("outcomes-position", "children"),
    Input("outcomes-view", "data"),
    Input("session-token", "data"),
)
def fill(view: Any, token: Any) -> tuple[list[Any], str]:
    return render(view, token, draw)
