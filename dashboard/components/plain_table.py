"""A model's or rate's rows as a plain, accessible HTML table, with a CSV link beside it.

The Impact page's tables are short (a few to twenty rows) and read, not explored: a plain
table draws at once wherever it sits on the page (AG Grid low on a long page stayed blank until
scrolled into view), sizes its columns to their words (headers wrap between words, never
inside one), and a screen reader hears its headers. The cells read as in the grids (Babel
numbers, "soppresso"); the CSV holds the same text, built on the server.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import quote

import polars as pl
from dash import html

from ..i18n import column_name, t
from .tables import PERCENT, rows

_TEXT = "_text"
# text columns that hold formatted numbers (a model's estimates): aligned like numbers
NUMBER_TEXT = frozenset({"estimate", "ci_low", "ci_high", "p_value"})
# Headers wrap between words only; a column is as wide as its longest word.
_HEAD = {"overflowWrap": "normal", "wordBreak": "normal", "hyphens": "manual", "minWidth": "4rem"}


def csv_text(frame: pl.DataFrame, texts: list[dict[str, str]], lang: str) -> str:
    """The table as the reader sees it, headers in her language (Excel opens it as UTF-8)."""
    columns = [c for c in frame.columns if c != "suppressed"]
    out = io.StringIO()
    writer = csv.writer(out)  # commas, quoted where needed, as the grids' CSV on other pages
    writer.writerow([column_name(c, lang) for c in columns])
    writer.writerows([[text.get(c, "") for c in columns] for text in texts])
    return "\ufeff" + out.getvalue()


def plain_table(
    table_id: str,
    frame: pl.DataFrame,
    lang: str,
    measures: list[str],
    name: str,
    percents: tuple[str, ...] = (),
) -> html.Div:
    """The table in a focusable scroll region named `name` (phones scroll it, not the page)."""
    word = t("common.suppressed", lang)
    columns = [c for c in frame.columns if c != "suppressed"]
    numeric = {c for c in columns if frame.schema[c].is_numeric() or c in NUMBER_TEXT}
    texts = [r[_TEXT] for r in rows(frame, measures, lang, PERCENT | frozenset(percents))]
    head = html.Thead(
        html.Tr(
            [
                html.Th(
                    column_name(c, lang),
                    scope="col",
                    className="align-bottom" + (" text-end" if c in numeric else ""),
                    style=_HEAD,
                )
                for c in columns
            ]
        )
    )

    def cell(column: str, text: str, first: bool) -> html.Th | html.Td:
        name = "text-end" if column in numeric else ""
        if text == word:
            name += " cell-suppressed"
        if first:
            return html.Th(text, scope="row", className=name + " fw-normal")
        return html.Td(text, className=name)

    body = html.Tbody(
        [
            html.Tr([cell(c, text.get(c, ""), i == 0) for i, c in enumerate(columns)])
            for text in texts
        ]
    )
    link = html.A(
        t("common.csv", lang),
        href="data:text/csv;charset=utf-8," + quote(csv_text(frame, texts, lang)),
        download=f"{table_id}.csv",
        className="btn btn-sm btn-outline-secondary mb-1",
        id=f"{table_id}-csv",
    )
    region: dict[str, Any] = {"aria-label": name}
    table = html.Table(
        [head, body], className="table table-sm table-hover plain-table mb-0", id=table_id
    )
    scroll = html.Div(table, style={"overflowX": "auto"}, tabIndex=0, role="region", **region)
    return html.Div([link, scroll], className="mb-3", id=f"{table_id}-wrap")
