"""A plain-dict figure with the few `plotly.graph_objects.Figure` methods the pages use.

Plotly's graph objects validate every property on every assignment: on this machine that cost
30–90 ms per figure, more than the query behind it, against a 150 ms budget per callback. Dash
accepts the figure as a dict, and plotly.js validates it in the browser anyway.
"""

from __future__ import annotations

from typing import Any

_NESTED = ("xaxis", "yaxis", "marker", "line", "title", "font", "legend")


def _expand(props: dict[str, Any]) -> dict[str, Any]:
    """`marker_color=…` → `marker={"color": …}` (plotly's magic underscores, for our prefixes)."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        head, _, rest = key.partition("_")
        if rest and head in _NESTED:
            out.setdefault(head, {})[rest] = value
        else:
            out[key] = value
    for axis in ("xaxis", "yaxis"):
        title = out.get(axis, {}).get("title") if isinstance(out.get(axis), dict) else None
        if isinstance(title, str):
            out[axis]["title"] = {"text": title}
    return out


def _merge(into: dict[str, Any], props: dict[str, Any]) -> None:
    for key, value in props.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def trace(kind: str, **props: Any) -> dict[str, Any]:
    """One trace (`"bar"`, `"scatter"`, `"heatmap"`, `"sankey"`) as plotly.js reads it."""
    return {"type": kind, **_expand(props)}


class Figure:
    """Data and layout as dicts; `to_dict()` is what dcc.Graph receives."""

    def __init__(self, *traces: dict[str, Any]) -> None:
        self.data: list[dict[str, Any]] = list(traces)
        self.layout: dict[str, Any] = {}

    def add_trace(self, item: dict[str, Any]) -> Figure:
        self.data.append(item)
        return self

    def add_scatter(self, **props: Any) -> Figure:
        return self.add_trace(trace("scatter", **props))

    def add_bar(self, **props: Any) -> Figure:
        return self.add_trace(trace("bar", **props))

    def add_annotation(self, **props: Any) -> Figure:
        self.layout.setdefault("annotations", []).append(props)
        return self

    def update_layout(self, **props: Any) -> Figure:
        _merge(self.layout, _expand(props))
        return self

    def to_dict(self) -> dict[str, Any]:
        return {"data": self.data, "layout": self.layout}
