"""Plotly figures that always say their n and mark suppressed cells instead of hiding them.

A suppressed cell keeps its place on the axis: an empty square "▨" at zero with a hover text,
so readers see that something is there and why it is not shown. Every graph offers PNG export.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from dash import dcc

from ..formats import number, separators
from ..i18n import t
from .fig import Figure, trace

PALETTE = [
    "#5b3f8c",
    "#d17a22",
    "#2a7f62",
    "#b8336a",
    "#3d6fb6",
    "#8c8c3f",
    "#7a5c3d",
    "#4f9da6",
    "#c94f4f",
    "#6b6b6b",
]
SUPPRESSED_COLOUR = "#9e9e9e"
# The look of "plotly_white" without its template: building a named template costs ~90 ms per
# figure, more than the data behind it. The app sets `plotly.io.templates.default = "none"`.
_AXIS = {"gridcolor": "#ebebeb", "zerolinecolor": "#d0d0d0", "linecolor": "#d0d0d0"}
WHITE: dict[str, Any] = {
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "font": {"family": "system-ui, sans-serif", "color": "#2a3f5f"},
    "colorway": PALETTE,
    "xaxis": _AXIS,
    "yaxis": _AXIS,
}


def graph(graph_id: str, figure: Figure, height: int = 360) -> dcc.Graph:
    """A graph whose mode bar downloads a PNG named after the figure."""
    config: Any = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": graph_id, "scale": 2},
    }
    return dcc.Graph(
        id=graph_id, figure=figure.to_dict(), config=config, style={"height": f"{height}px"}
    )


def total(frame: pl.DataFrame, column: str) -> int:
    """The n of a figure: the sum of a count column over the cells that are shown."""
    if frame.is_empty() or column not in frame.columns:
        return 0
    shown = frame.filter(~pl.col("suppressed")) if "suppressed" in frame.columns else frame
    return int(shown[column].fill_null(0).sum())


def suppressed_rows(frame: pl.DataFrame) -> pl.DataFrame:
    if "suppressed" not in frame.columns:
        return frame.clear()
    return frame.filter(pl.col("suppressed"))


def finish(fig: Figure, title: str, n: int, lang: str, k: int, suppressed: int = 0) -> Figure:
    """Title with n, the suppression note when cells are hidden, a compact layout."""
    text = f"{title} — {t('common.n', lang, n=number(int(n), lang))}"
    fig.update_layout(
        separators=separators(lang),
        title={"text": text, "font": {"size": 15}},
        margin={"l": 50, "r": 20, "t": 60, "b": 50},
        **WHITE,
        legend={"orientation": "h", "y": -0.2},
        meta={"n": n, "suppressed": suppressed},
    )
    if suppressed:
        fig.add_annotation(
            text=t("common.suppressed_note", lang, k=k),
            showarrow=False,
            xref="paper",
            yref="paper",
            x=0,
            y=1.06,
            xanchor="left",
            font={"size": 11, "color": "#555"},
        )
    return fig


def message(text: str) -> Figure:
    fig = Figure()
    fig.add_annotation(text=text, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_layout(
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis={"visible": False},
        yaxis={"visible": False},
    )
    return fig


def suppressed_trace(xs: list[Any], lang: str, name_suffix: str = "") -> dict[str, Any]:
    """The marks for suppressed cells: an empty square at zero, explained on hover."""
    label = t("common.suppressed", lang)
    return trace(
        "scatter",
        x=xs,
        y=[0] * len(xs),
        mode="markers+text",
        text=["▨"] * len(xs),
        textposition="top center",
        name=label + name_suffix,
        marker={"symbol": "square-open", "size": 11, "color": SUPPRESSED_COLOUR},
        hovertext=[label] * len(xs),
        hoverinfo="text+x",
    )


def bars(
    frame: pl.DataFrame,
    x: str,
    y: str,
    colour: str | None,
    lang: str,
    x_label: str,
    y_label: str,
    stacked: bool = True,
    colour_label: dict[str, str] | None = None,
    horizontal: bool = False,
) -> Figure:
    """Bars of `y` by `x` (and `colour`), with suppressed cells marked at zero."""
    fig = Figure()
    shown = frame.filter(~pl.col("suppressed")) if "suppressed" in frame.columns else frame
    groups = [None] if colour is None else list(dict.fromkeys(frame[colour].to_list()))
    for i, group in enumerate(groups):
        part = shown if group is None or colour is None else shown.filter(pl.col(colour) == group)
        name = "" if group is None else (colour_label or {}).get(str(group), str(group))
        xs, ys = part[x].to_list(), part[y].to_list()
        fig.add_bar(
            x=ys if horizontal else xs,
            y=xs if horizontal else ys,
            name=name,
            orientation="h" if horizontal else "v",
            marker_color=PALETTE[i % len(PALETTE)],
            showlegend=group is not None,
        )
    hidden = suppressed_rows(frame)
    if not hidden.is_empty() and not horizontal:
        fig.add_trace(suppressed_trace(hidden[x].to_list(), lang))
    fig.update_layout(
        barmode="stack" if stacked else "group",
        yaxis={"automargin": True} if horizontal else {},
        xaxis_title=y_label if horizontal else x_label,
        yaxis_title=x_label if horizontal else y_label,
    )
    return fig


def labels_for(frame: pl.DataFrame, column: str, lang: str) -> dict[str, str]:
    """Code → bilingual label for a code column (the query layer owns the vocabularies)."""
    from projections.queries.labels import label

    if column not in frame.columns:
        return {}
    return {
        str(c): label(column, None if c is None else str(c), lang)
        for c in frame[column].unique().to_list()
    }


def relabel(frame: pl.DataFrame, column: str, lang: str) -> pl.DataFrame:
    """The same frame with a code column replaced by its labels (for tables people read)."""
    mapping = labels_for(frame, column, lang)
    if not mapping:
        return frame
    return frame.with_columns(pl.col(column).cast(pl.String).replace(mapping))
