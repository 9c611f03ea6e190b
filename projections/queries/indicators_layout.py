"""The funders' layout of the ESF table: rows = indicators, columns = programme × year.

Cells are text in the CSV (a number, `<k` where suppressed, "not recorded") and typed in the
XLSX (numbers stay numbers); both are formula-safe (projections/spreadsheet_safety.py).
"""

from __future__ import annotations

import io

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Font

from ..spreadsheet_safety import neutralise_formulas, neutralise_text
from .base import QueryResult
from .esf_catalogue import BY_CODE, INDICATORS

NOT_RECORDED = {"it": "non rilevato", "en": "not recorded"}
HEAD = {"it": ("Codice", "Indicatore"), "en": ("Code", "Indicator")}


def _cell(value: int | None, suppressed: bool, recorded: bool, k: int, lang: str) -> str:
    if not recorded:
        return NOT_RECORDED[lang]
    if suppressed or value is None:
        return f"<{k}"
    return str(value)


def column_keys(result: QueryResult) -> list[tuple[str, int]]:
    """The (programme, year) columns, in programme then year order."""
    frame = result.frame.select("programme", "year").unique().sort("programme", "year")
    return [(str(p), int(y)) for p, y in frame.iter_rows()]


def funders_table(result: QueryResult, lang: str = "it") -> pl.DataFrame:
    """One row per indicator (code, label), one text column per `PROGRAMME YEAR`."""
    keys = column_keys(result)
    cells: dict[tuple[str, str, int], str] = {}
    for code, programme, year, value, suppressed, recorded in result.frame.iter_rows():
        cells[(code, programme, year)] = _cell(value, suppressed, recorded, result.k, lang)
    code_head, label_head = HEAD[lang]
    data: dict[str, list[str]] = {
        code_head: [i.code for i in INDICATORS],
        label_head: [i.label(lang) for i in INDICATORS],
    }
    for programme, year in keys:
        data[f"{programme} {year}"] = [
            cells.get((i.code, programme, year), "0") for i in INDICATORS
        ]
    return pl.DataFrame(data, schema={name: pl.String for name in data})


def funders_csv(result: QueryResult, lang: str = "it") -> str:
    return neutralise_formulas(funders_table(result, lang)).write_csv()


def funders_xlsx(result: QueryResult, lang: str = "it") -> bytes:
    """A workbook with a two-line header (programme over year), numbers as numbers."""
    table = funders_table(result, lang)
    keys = column_keys(result)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "ESF 2014-2020"
    code_head, label_head = HEAD[lang]
    sheet.append([code_head, label_head, *(p for p, _ in keys)])
    sheet.append(["", "", *(y for _, y in keys)])
    for row in table.iter_rows():
        sheet.append([_typed(v) for v in row])
    for cell in (*sheet[1], *sheet[2]):
        cell.font = Font(bold=True)
    sheet.append([])
    note = {
        "it": f"Cifre protette (ADR 0012); <{result.k}: soppresso; posizione {result.position}",
        "en": f"Protected figures (ADR 0012); <{result.k}: suppressed; position {result.position}",
    }[lang]
    sheet.append([neutralise_text(note)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _typed(value: str) -> int | str:
    """A count as an int; any other text made inert (it is never a formula in the sheet)."""
    if value.isdigit():
        return int(value)
    return neutralise_text(value)


def definition(code: str, lang: str) -> str:
    return BY_CODE[code].label(lang)
