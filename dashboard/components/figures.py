"""Plotly figures that always say their n and mark suppressed cells instead of hiding them.

A suppressed cell keeps its place on the axis: an empty square "▨" at zero with a hover text,
so readers see that something is there and why it is not shown. Every graph offers PNG export.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from dash import dcc, html

from ..formats import number, separators
from ..i18n import t
from .fig import Figure, trace
from .style import OKABE_ITO, category_colour, programme_colour

PALETTE = list(OKABE_ITO)
SUPPRESSED_COLOUR = "#9e9e9e"
# The look of "plotly_white" without its template: building a named template costs ~90 ms per
# figure, more than the data behind it. The app sets `plotly.io.templates.default = "none"`.
_AXIS = {
    "gridcolor": "#ebebeb",
    "zerolinecolor": "#d0d0d0",
    "linecolor": "#d0d0d0",
    "automargin": True,
}
WHITE: dict[str, Any] = {
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "font": {"family": "system-ui, sans-serif", "color": "#2a3f5f"},
    "colorway": PALETTE,
    "xaxis": _AXIS,
    "yaxis": _AXIS,
}


def graph(graph_id: str, figure: Figure, height: int = 360) -> html.Div:
    """A graph whose mode bar downloads a PNG named after the figure (hidden on phones by CSS),
    with the line that explains its ▨ marks above it, as HTML so it wraps on a phone."""
    config: Any = {
        "displaylogo": False,
        "responsive": True,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "filename": graph_id, "scale": 2},
    }
    meta = figure.layout.get("meta") or {}
    if meta.get("insufficient"):
        height = int(figure.layout.get("height") or 220)
    chart = dcc.Graph(
        id=graph_id, figure=figure.to_dict(), config=config, style={"height": f"{height}px"}
    )
    note = meta.get("note")
    if not note:
        return html.Div(chart, className="chart")
    return html.Div(
        [html.P(note, className="suppressed-note small mb-1", id=f"{graph_id}-note"), chart],
        className="chart",
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
    """n in the figure's own title (the card says what the chart is), a compact layout, the
    legend above the plot (never over an axis title), the ▨ note carried for `graph`."""
    meta: dict[str, Any] = {"n": n, "suppressed": suppressed, "title": title}
    if suppressed:
        meta["note"] = t("common.suppressed_note", lang, k=k)
    insufficient = bool((fig.layout.get("meta") or {}).get("insufficient"))
    meta["insufficient"] = insufficient
    fig.update_layout(
        separators=separators(lang),
        title={
            "text": t("common.n", lang, n=number(int(n), lang)),
            "font": {"size": 12, "color": "#555"},
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 8},
        },
        margin={"l": 10, "r": 10, "t": 34, "b": 10, "autoexpand": True},
        **WHITE,
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "bottom",
            "font": {"size": 11},
        },
        meta=meta,
        hoverlabel={"namelength": -1},
    )
    if insufficient:
        fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False})
    return fig


def band_and_line(fig: Figure, part: pl.DataFrame, value: str, colour: str, name: str) -> Figure:
    """A step curve (`value` over `timeline_days`) with its 95% band (`ci_low`/`ci_high`)
    shaded behind it in the same colour: the survival and incidence curves draw alike."""
    days = part["timeline_days"].to_list()
    fig.add_scatter(
        x=days + days[::-1],
        y=part["ci_high"].to_list() + part["ci_low"].to_list()[::-1],
        fill="toself",
        mode="none",
        fillcolor=colour,
        opacity=0.15,
        showlegend=False,
        hoverinfo="skip",
        name=name,
    )
    fig.add_scatter(
        x=days,
        y=part[value].to_list(),
        mode="lines",
        name=name,
        line={"color": colour, "shape": "hv"},
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
        colour_of = programme_colour(group) if colour == "programme" else category_colour(i)
        fig.add_bar(
            x=ys if horizontal else xs,
            y=xs if horizontal else ys,
            name=name,
            orientation="h" if horizontal else "v",
            marker_color=colour_of,
            showlegend=group is not None,
        )
    hidden = suppressed_rows(frame)
    if not hidden.is_empty():
        mark = suppressed_trace(hidden[x].to_list(), lang)
        if horizontal:
            mark.update(x=mark["y"], y=mark["x"], textposition="middle right", hoverinfo="text+y")
        fig.add_trace(mark)
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


def label_lines(fig: Figure, size: int = 11, plot_px: int = 260) -> Figure:
    """Direct labels: each named line's name at its last point, in its colour, no legend.

    Labels whose lines end close together are spread apart vertically (see `spread`), so
    "Generazione 1" and "Generazione 2" never print over each other. Call after `finish`: the
    right margin grows to fit the longest name (annotations, unlike a legend, do not push the
    margins themselves).
    """
    longest = 0
    placed: list[dict[str, Any]] = []
    for item in fig.data:
        if item.get("type") != "scatter" or "lines" not in str(item.get("mode", "")):
            continue
        name = str(item.get("name") or "")
        pairs = zip(item.get("x") or [], item.get("y") or [], strict=False)
        points = [(x, y) for x, y in pairs if y is not None]
        if not name or not points:
            continue
        x, y = points[-1]
        colour = (item.get("line") or {}).get("color", "#333")
        note = {
            "x": x,
            "y": y,
            "text": name,
            "showarrow": False,
            "xanchor": "left",
            "xshift": 6,
            "font": {"size": size, "color": colour},
        }
        placed.append(note)
        item["showlegend"] = False
        longest = max(longest, len(name))
    spread(placed, _y_span(fig, placed), size * 1.3 / plot_px)
    for note in placed:
        fig.add_annotation(**note)
    if longest:
        fig.layout.setdefault("margin", {})["r"] = 12 + int(longest * size * 0.62)
    return fig


def _y_span(fig: Figure, notes: list[dict[str, Any]]) -> tuple[float, float] | None:
    """The y axis's range (set, or that of the labelled points); None for a category axis."""
    ys = [n["y"] for n in notes]
    if not ys or not all(isinstance(y, int | float) for y in ys):
        return None
    fixed = (fig.layout.get("yaxis") or {}).get("range")
    if fixed and len(fixed) == 2 and all(isinstance(v, int | float) for v in fixed):
        return float(fixed[0]), float(fixed[1])
    low, high = float(min(ys)), float(max(ys))
    return (low, high) if high > low else (low - 1, high + 1)


def spread(notes: list[dict[str, Any]], span: tuple[float, float] | None, share: float) -> None:
    """Move labels apart so each is at least `share` of the axis above the one below it, kept
    inside the axis; the order of the lines' ends is kept."""
    if span is None or len(notes) < 2:
        return
    low, high = span
    gap = share * (high - low)
    ordered = sorted(notes, key=lambda n: float(n["y"]))
    ys = [float(n["y"]) for n in ordered]
    for i in range(1, len(ys)):
        ys[i] = max(ys[i], ys[i - 1] + gap)
    overflow = ys[-1] - (high - gap / 2)
    if overflow > 0:  # pushed past the top: slide the stack down, not below the axis
        ys = [y - overflow for y in ys]
        for i in range(len(ys) - 2, -1, -1):
            ys[i] = min(ys[i], ys[i + 1] - gap)
    for note, y in zip(ordered, ys, strict=True):
        note["y"] = y
