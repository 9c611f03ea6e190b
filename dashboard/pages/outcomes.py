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
    band_and_line,
    bars,
    finish,
    graph,
    label_lines,
    labels_for,
    relabel,
    suppressed_trace,
    total,
)
from ..components.names import programme_names, short_names
from ..components.page import Request, frame, render
from ..components.style import card, category_colour, insufficient, too_few
from ..components.tables import table
from ..i18n import t


def layout(**params: Any) -> html.Div:
    return frame("outcomes", params, "nav.outcomes")


dash.register_page(__name__, path="/outcomes", name="outcomes", order=2, layout=layout)


CHECKPOINTS = ("exit", "6", "12", "24")


def follow_up_figure(data: pl.DataFrame, lang: str) -> Figure:
    """Small multiples: one panel per checkpoint (2 × 2), the same axes, no overlaid lines."""
    fig = Figure()
    years = data["cohort_year"].drop_nulls().to_list() or [2006, 2021]
    x_range = [min(years) - 0.5, max(years) + 0.5]
    for i, checkpoint in enumerate(CHECKPOINTS):
        axis = "" if i == 0 else str(i + 1)
        part = data.filter((pl.col("checkpoint") == checkpoint) & ~pl.col("suppressed"))
        fig.add_scatter(
            x=part["cohort_year"].to_list(),
            y=part["rate"].to_list(),
            mode="lines+markers",
            name=t(f"outcomes.checkpoint_{checkpoint}", lang),
            line={"color": category_colour(0)},
            xaxis=f"x{axis}",
            yaxis=f"y{axis}",
            showlegend=False,
            hovertemplate="%{x}: %{y:.1%}<extra></extra>",
        )
        hidden = data.filter((pl.col("checkpoint") == checkpoint) & pl.col("suppressed"))
        if not hidden.is_empty():
            mark = suppressed_trace(hidden["cohort_year"].to_list(), lang)
            mark.update(xaxis=f"x{axis}", yaxis=f"y{axis}", showlegend=i == 0)
            fig.add_trace(mark)
        fig.layout[f"xaxis{axis}"] = {"range": x_range, "dtick": 4, "automargin": True}
        fig.layout[f"yaxis{axis}"] = {
            "range": [0, 1],
            "tickformat": ".0%",
            "hoverformat": ".1%",
            "automargin": True,
        }
        fig.add_annotation(
            text=f"<b>{t(f'outcomes.checkpoint_{checkpoint}', lang)}</b>",
            xref=f"x{axis} domain",
            yref=f"y{axis} domain",
            x=0,
            y=1.0,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            font={"size": 12},
        )
    fig.update_layout(grid={"rows": 2, "columns": 2, "pattern": "independent", "ygap": 0.3})
    return fig


def km_figure(data: pl.DataFrame, lang: str) -> Figure:
    """Survival (still without a job) by generation, with its 95% band."""
    fig = Figure()
    shown = data.filter(~pl.col("suppressed"))
    for i, generation in enumerate(sorted(shown["generation"].unique().to_list())):
        part = shown.filter(pl.col("generation") == generation).sort("timeline_days")
        curve = f"{t('common.generation', lang)} {generation}"
        band_and_line(fig, part, "survival", category_colour(i), curve)
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
    """Entry → exit flows; nodes in a fixed order so the same status keeps its place."""
    shown = data.filter(~pl.col("suppressed") & (pl.col("n").fill_null(0) > 0))
    entries = [f"{label('entry', e, lang)} ▸" for e in shown["entry"].to_list()]
    exits = [f"▸ {label('exit', e, lang)}" for e in shown["exit"].to_list()]
    nodes = list(dict.fromkeys(entries + exits))
    index = {name: i for i, name in enumerate(nodes)}
    return Figure(
        trace(
            "sankey",
            arrangement="snap",
            node={
                "label": nodes,
                "pad": 14,
                "color": [category_colour(i) for i in range(len(nodes))],
            },
            link={
                "source": [index[e] for e in entries],
                "target": [index[x] for x in exits],
                "value": shown["n"].to_list(),
                "color": "rgba(120,120,120,0.35)",
            },
        )
    )


def hidden_flows(data: pl.DataFrame, lang: str) -> html.P | None:
    """The suppressed flows named under the Sankey (a Sankey cannot draw a flow of unknown size)."""
    gone = data.filter(pl.col("suppressed"))
    if gone.is_empty():
        return None
    flows = ", ".join(
        f"{label('entry', r['entry'], lang)} → {label('exit', r['exit'], lang)}"
        for r in gone.iter_rows(named=True)
    )
    return html.P(
        "▨ " + t("outcomes.suppressed_flows", lang, flows=flows),
        className="suppressed-note small",
        id="outcomes-flows-hidden",
    )


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


def _figure(
    data: pl.DataFrame, build: Any, lang: str, k: int, measure: str | None = None
) -> Figure:
    """The chart, or the explicit "not enough women" state when nothing can be shown."""
    return insufficient(lang, k) if too_few(data, measure) else build()


def draw(request: Request) -> tuple[list[Any], int]:
    lang, k, f, reader = request.lang, request.k, request.view.filters, request.reader
    follow = employment_follow_up(reader, f, k)
    km = time_to_first_job(reader, f, k)
    flows = entry_exit_flows(reader, f, k)
    closures = closure_reasons(reader, f, k)
    fdata = follow.frame.sort("cohort_year", "checkpoint")
    follow_fig = finish(
        _figure(fdata, lambda: follow_up_figure(fdata, lang), lang, k),
        t("outcomes.follow_title", lang),
        total(fdata.filter(pl.col("checkpoint") == "exit"), "due"),
        lang,
        k,
        follow.suppressed_cells,
    )
    follow_fig.update_layout(legend={"y": 1.08})
    km_n = km.frame.filter(~pl.col("suppressed")).group_by("generation").agg(pl.col("n").max())
    km_fig = finish(
        _figure(km.frame, lambda: km_figure(km.frame, lang), lang, k),
        t("outcomes.km_title", lang),
        int(km_n["n"].sum() or 0),
        lang,
        k,
        km.suppressed_cells,
    )
    label_lines(km_fig)
    flow_fig = finish(
        _figure(flows.frame, lambda: sankey(flows.frame, lang), lang, k, "n"),
        t("outcomes.flows_title", lang),
        total(flows.frame, "n"),
        lang,
        k,
        flows.suppressed_cells,
    )
    names = programme_names(reader)
    cdata = closures.frame.with_columns(
        pl.col("programme").cast(pl.String).replace(short_names(names))
    )
    closure_fig = finish(
        _figure(
            cdata,
            lambda: bars(
                cdata,
                "programme",
                "n",
                "reason",
                lang,
                "",
                t("common.count", lang),
                colour_label=labels_for(cdata, "reason", lang),
                horizontal=True,
            ),
            lang,
            k,
            "n",
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
                    graph("outcomes-follow", follow_fig, height=440),
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
                    subtitle=t("outcomes.follow_sub", lang),
                    width=6,
                ),
                card(
                    t("outcomes.km_title", lang),
                    graph("outcomes-km", km_fig, height=440),
                    subtitle=t("outcomes.km_sub", lang),
                    width=6,
                ),
            ]
        ),
        dbc.Row(
            [
                card(
                    t("outcomes.flows_title", lang),
                    graph("outcomes-flows", flow_fig),
                    hidden_flows(flows.frame, lang),
                    table(
                        "outcomes-flows-table",
                        relabel(relabel(flows.frame, "entry", lang), "exit", lang),
                        lang,
                        ["n"],
                    ),
                    subtitle=t("outcomes.flows_sub", lang),
                    width=6,
                ),
                card(
                    t("outcomes.closures_title", lang),
                    graph("outcomes-closures", closure_fig),
                    table(
                        "outcomes-closures-table",
                        relabel(closures.frame, "reason", lang),
                        lang,
                        ["n"],
                        names=names,
                    ),
                    subtitle=t("outcomes.closures_sub", lang),
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
