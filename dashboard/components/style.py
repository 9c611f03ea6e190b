"""The design system's shared pieces (docs/dashboard-style.md): colours, cards, empty states.

Pages build every card, colour and "not enough women" state through here, so the rules of the
style guide are applied once: a programme has the same colour on every page, a card is a title,
one line saying what to read, then the chart; an empty selection says why it is empty.
"""

from __future__ import annotations

import zlib
from typing import Any

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from ..i18n import t
from .fig import Figure

# Okabe & Ito (2008), readable with every common colour-vision deficiency; their yellow is
# left out (it vanishes on white).
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
# One colour per programme, the same on every page; lineage siblings share a hue family.
PROGRAMME_COLOURS = {
    "BILLAN": "#0072B2",
    "BILLAN2": "#56B4E9",
    "AZIONI1516": "#009E73",
    "LESFEMMES": "#CC79A7",
    "EMP": "#D55E00",
    "SOSTENGO": "#E69F00",
}
_SPARE = ("#000000", "#882255", "#44AA99", "#999933", "#6F6F6F")


def programme_colour(code: object) -> str:
    """The colour of a programme; one added later gets a stable spare colour (by its code)."""
    key = str(code)
    if key in PROGRAMME_COLOURS:
        return PROGRAMME_COLOURS[key]
    return _SPARE[zlib.crc32(key.encode()) % len(_SPARE)]


def category_colour(index: int) -> str:
    """Colours for other categories (checkpoints, activity kinds …), in a fixed order."""
    return OKABE_ITO[index % len(OKABE_ITO)]


def card(
    title: str,
    *children: Any,
    subtitle: str | None = None,
    width: int = 12,
    card_id: str | None = None,
) -> dbc.Col:
    """One chart per card: a title, one line that says what to read, the chart, its table."""
    header = [html.H2(title, className="h6 mb-0 fw-semibold")]
    if subtitle:
        header.append(html.P(subtitle, className="card-subtitle small text-muted mb-0 mt-1"))
    props: dict[str, Any] = {"id": card_id} if card_id else {}
    return dbc.Col(
        dbc.Card(
            [
                dbc.CardHeader(header, className="bg-white"),
                dbc.CardBody([c for c in children if c is not None]),
            ],
            className="mb-3 chart-card h-100",
            **props,
        ),
        lg=width,
        className="mb-3",
    )


def shown_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows a chart may draw (suppressed ones are marked, never drawn as values)."""
    if "suppressed" not in frame.columns:
        return frame
    return frame.filter(~pl.col("suppressed").fill_null(False))


def too_few(frame: pl.DataFrame, measure: str | None = None) -> bool:
    """True when nothing in `frame` can be shown: no row, every row suppressed, or (given a
    `measure`) no shown row with a positive value (a Sankey of zero flows even crashes plotly)."""
    shown = shown_rows(frame)
    if measure is not None and measure in shown.columns:
        shown = shown.filter(pl.col(measure).fill_null(0) > 0)
    return shown.is_empty()


def insufficient(lang: str, k: int, text: str | None = None) -> Figure:
    """The explicit "not enough women" state (or `text`), instead of bare axes from −1 to 6."""
    fig = Figure()
    fig.add_annotation(
        text=text or t("common.too_few", lang, k=k),
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.55,
        font={"size": 13, "color": "#444"},
        align="center",
    )
    fig.update_layout(
        xaxis={"visible": False},
        yaxis={"visible": False},
        meta={"insufficient": True},
        height=220,
    )
    return fig


def too_few_note(lang: str, k: int) -> html.Div:
    """The same state as text, for places without a chart (a tile row, a graph)."""
    return html.Div(
        t("common.too_few", lang, k=k).replace("<br>", " "),
        className="too-few small",
        role="status",
    )


def suppressed_note(lang: str, k: int, hidden: int) -> html.Div | None:
    """The line under a chart that explains its ▨ marks (None when nothing is hidden)."""
    if not hidden:
        return None
    return html.P(t("common.suppressed_note", lang, k=k), className="suppressed-note small mb-2")
