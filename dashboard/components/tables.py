"""Tables as AG Grid, drawn on request, with a CSV download; suppressed measures read
"soppresso"/"suppressed".

Each cell keeps its raw value (so sorting and the number filter work on numbers) and the text a
reader sees, formatted by Babel for the page's language, travels beside it in the row (`_text`).
The grid's value formatter shows that text, and the CSV (written in the browser by
assets/tables.js) holds the same text, so the screen and the download never disagree. A
suppressed cell's raw value is null: left to AG Grid, a null or a word in a number column
became "Invalid Number".
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import dash_ag_grid  # noqa: F401  # registers the grid's scripts: tables.js draws it by name
import polars as pl
from dash import MATCH, ClientsideFunction, Input, Output, State, dcc, html

from projections.spreadsheet_safety import neutralise_text

from ..formats import day, number, percent
from ..i18n import column_name, t
from .grid_locale import ITALIAN

# shares between 0 and 1 shown as percentages; pages add their own (a rate's ci_low, ci_high)
PERCENT = frozenset({"share", "rate", "employment_rate", "survival"})
# numbers that name something (a year, a generation): never "2.021"
PLAIN = frozenset({"year", "cohort_year", "generation", "first_year", "since_year"})
PROGRAMME_COLUMNS = ("programme", "from_programme", "to_programme")
_TEXT = "_text"


def cell_text(column: str, value: Any, lang: str, percents: frozenset[str]) -> str:
    """What a reader sees for one value of `column`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("common.yes" if value else "common.no", lang)
    if isinstance(value, int | float) and column in PLAIN:
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, int | float) and column in percents:
        return percent(float(value), lang)
    if isinstance(value, int | float):
        return number(value, lang)
    if isinstance(value, date | datetime):
        return day(value, lang)
    # The grid's CSV is written by the browser from this text: a name typed as "=…" must not
    # run as a formula in a spreadsheet (projections.spreadsheet_safety does the same server-side).
    return neutralise_text(str(value))


def rows(
    frame: pl.DataFrame,
    measures: list[str],
    lang: str,
    percents: frozenset[str] = PERCENT,
) -> list[dict[str, Any]]:
    """Row dicts for the grid: raw values plus `_text`, where a suppressed measure is the word."""
    word = t("common.suppressed", lang)
    out = []
    for row in frame.iter_rows(named=True):
        hidden = bool(row.get("suppressed"))
        raw: dict[str, Any] = {}
        text: dict[str, str] = {}
        for column, value in row.items():
            if column == "suppressed":
                continue
            if hidden and (column in measures or value is None):
                raw[column], text[column] = None, word
                continue
            raw[column] = _plain(value)
            text[column] = cell_text(column, value, lang, percents)
        raw[_TEXT] = text
        out.append(raw)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if value is None or isinstance(value, int | float | str | bool):
        return value
    return str(value)


def with_names(frame: pl.DataFrame, names: dict[str, str] | None) -> pl.DataFrame:
    """Programme codes replaced by their display names (codes are for machines, not managers)."""
    if not names:
        return frame
    return frame.with_columns(
        pl.col(c).cast(pl.String).replace(names) for c in PROGRAMME_COLUMNS if c in frame.columns
    )


def table(
    table_id: str,
    frame: pl.DataFrame,
    lang: str,
    measures: list[str] | None = None,
    headers: dict[str, str] | None = None,
    height: int = 300,
    percents: tuple[str, ...] = (),
    names: dict[str, str] | None = None,
) -> html.Div:
    """A chart's table on request: "Show table" draws the grid, "Download CSV" needs no grid.

    The grid's rows and columns wait in a store beside the buttons (assets/tables.js builds
    the grid from it in the browser, and writes the CSV from the same text the grid shows):
    four grids drawn with a page's four charts were 30 % of its main-thread time (ADR 0029).
    """
    word = t("common.suppressed", lang)
    frame = with_names(frame, names)
    columns = [c for c in frame.columns if c != "suppressed"]
    defs = [
        {
            "field": c,
            "headerName": (headers or {}).get(c) or column_name(c, lang),
            "cellDataType": "number" if frame.schema[c].is_numeric() else "text",
            "valueFormatter": {"function": f"params.data ? params.data.{_TEXT}['{c}'] : ''"},
            "cellClassRules": {
                "cell-suppressed": f"params.data && params.data.{_TEXT}['{c}'] === '{word}'"
            },
        }
        for c in columns
    ]
    options: dict[str, Any] = {"domLayout": "normal"}
    if lang != "en":
        options["localeText"] = ITALIAN
    spec = {
        "table": table_id,
        "rowData": rows(frame, measures or [], lang, PERCENT | frozenset(percents)),
        "columnDefs": defs,
        "defaultColDef": {
            "sortable": True,
            "filter": True,
            "resizable": True,
            "flex": 1,
            # A header of several words wraps onto a second line instead of being cut; the
            # width still fits its longest word ("Programma"), never broken in the middle.
            "minWidth": 110,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        "dashGridOptions": options,
        "style": {"height": f"{height}px"},
        "labels": {"show": t("common.show_table", lang), "hide": t("common.hide_table", lang)},
    }
    slot = {"type": "table-slot", "table": table_id}
    toggle = html.Button(
        t("common.show_table", lang),
        id={"type": "table-toggle", "table": table_id},
        className="btn btn-outline-secondary btn-sm",
        type="button",
        **{"aria-expanded": "false", "aria-controls": dom_id(slot)},
    )
    button = html.Button(
        t("common.csv", lang),
        id={"type": "csv-button", "table": table_id},
        className="btn btn-outline-secondary btn-sm",
        type="button",
    )
    return html.Div(
        [
            html.Div([toggle, button], className="d-flex flex-wrap gap-2 mb-2"),
            dcc.Store(id={"type": "table-spec", "table": table_id}, data=spec),
            html.Div(id=slot),
        ],
        className="mb-3",
        id=f"{table_id}-wrap",
    )


def dom_id(component_id: dict[str, str]) -> str:
    """The id a pattern-matching component carries in the page (Dash sorts the keys)."""
    return json.dumps(dict(sorted(component_id.items())), separators=(",", ":"))


def register(app: Any) -> None:
    """The browser-side callbacks of every table (assets/tables.js)."""
    app.clientside_callback(
        ClientsideFunction("percorsi_tables", "toggle"),
        Output({"type": "table-slot", "table": MATCH}, "children"),
        Output({"type": "table-toggle", "table": MATCH}, "children"),
        Output({"type": "table-toggle", "table": MATCH}, "aria-expanded"),
        Input({"type": "table-toggle", "table": MATCH}, "n_clicks"),
        State({"type": "table-spec", "table": MATCH}, "data"),
        State("tables-open", "data"),
    )
    app.clientside_callback(
        ClientsideFunction("percorsi_tables", "download"),
        Input({"type": "csv-button", "table": MATCH}, "n_clicks"),
        State({"type": "table-spec", "table": MATCH}, "data"),
        prevent_initial_call=True,
    )
