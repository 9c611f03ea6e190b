"""Tables as AG Grid with a CSV download; suppressed measures read "soppresso"/"suppressed"."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from ..i18n import t

# The browser writes the grid's CSV itself: text a spreadsheet would run as a formula gets a
# leading quote there too, as in projections.spreadsheet_safety (numbers are left alone).
NEUTRALISE = {
    "function": "typeof params.value === 'string' && /^[=+\\-@\\t\\r]/.test(params.value)"
    ' ? "\'" + params.value : params.value'
}


def rows(frame: pl.DataFrame, measures: list[str], lang: str) -> list[dict[str, Any]]:
    """Row dicts for the grid; a suppressed row's measures become the word "suppressed"."""
    word = t("common.suppressed", lang)
    out = []
    for row in frame.iter_rows(named=True):
        hidden = bool(row.get("suppressed"))
        out.append(
            {
                k: (word if hidden and k in measures else _plain(v))
                for k, v in row.items()
                if k != "suppressed"
            }
        )
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if value is None or isinstance(value, int | str | bool):
        return value
    return str(value)


def table(
    table_id: str,
    frame: pl.DataFrame,
    lang: str,
    measures: list[str] | None = None,
    headers: dict[str, str] | None = None,
    height: int = 300,
) -> html.Div:
    """A grid plus its "Download CSV" button (the export runs in the browser, no round trip)."""
    measures = measures or []
    word = t("common.suppressed", lang)
    columns = [c for c in frame.columns if c != "suppressed"]
    defs = [
        {
            "field": c,
            "headerName": (headers or {}).get(c, c),
            "cellClassRules": {"cell-suppressed": f"params.value === '{word}'"},
        }
        for c in columns
    ]
    grid = dag.AgGrid(
        id={"type": "csv-grid", "table": table_id},
        rowData=rows(frame, measures, lang),
        columnDefs=defs,
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "flex": 1,
            "minWidth": 110,
        },
        csvExportParams={"fileName": f"{table_id}.csv", "processCellCallback": NEUTRALISE},
        dashGridOptions={"domLayout": "normal"},
        style={"height": f"{height}px"},
    )
    button = dbc.Button(
        t("common.csv", lang),
        id={"type": "csv-button", "table": table_id},
        size="sm",
        color="secondary",
        outline=True,
        className="mb-1",
    )
    return html.Div([button, grid], className="mb-4", id=f"{table_id}-wrap")
