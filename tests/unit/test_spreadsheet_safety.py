"""CSV downloads never carry a live formula: text cells a spreadsheet would evaluate get a
leading quote, in the query layer's CSV and in the API's export bytes; numbers stay numbers."""

from __future__ import annotations

import csv
import io

import polars as pl

from infra.api.analytics_params import Format, as_bytes
from projections.queries.base import QueryResult
from projections.spreadsheet_safety import neutralise_formulas

FRAME = pl.DataFrame(
    {
        "municipality": [
            '=HYPERLINK("http://x","y")',
            "+39 333",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "Empoli",
            None,
        ],
        "women": [-3, 4, 5, 6, 7, 8, 9],
        "share": [-0.5, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
    }
)


def _cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_formula_cells_are_quoted_and_numbers_stay_numbers() -> None:
    safe = neutralise_formulas(FRAME)
    assert safe["municipality"].to_list() == [
        '\'=HYPERLINK("http://x","y")',
        "'+39 333",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "Empoli",
        None,
    ]
    assert safe["women"].dtype == pl.Int64 and safe["women"][0] == -3
    assert safe["share"][0] == -0.5


def test_the_query_layer_csv_and_the_api_export_are_neutralised() -> None:
    for text in (
        QueryResult(FRAME, position=1, k=10).to_csv(),
        as_bytes(FRAME, Format.CSV).decode(),
    ):
        rows = _cells(text)
        assert rows[0]["municipality"].startswith("'=")
        assert rows[2]["municipality"] == "'-2+3"
        assert rows[5]["municipality"] == "Empoli"
        assert rows[0]["women"] == "-3" and rows[0]["share"] == "-0.5"


def test_parquet_keeps_the_data_as_it_is() -> None:
    back = pl.read_parquet(io.BytesIO(as_bytes(FRAME, Format.PARQUET)))
    assert back["municipality"][0].startswith("=HYPERLINK")


def test_the_dashboard_grid_text_is_inert_in_a_spreadsheet() -> None:
    """The grid's CSV is written by the browser from the text the page shows."""
    from dashboard.components.tables import PERCENT, cell_text

    assert cell_text("label", "=HYPERLINK(1)", "it", PERCENT) == "'=HYPERLINK(1)"
    assert cell_text("label", "@SUM(A1)", "en", PERCENT) == "'@SUM(A1)"
    assert cell_text("label", "Caritas", "it", PERCENT) == "Caritas"
    assert cell_text("n", -3, "it", PERCENT) == "-3"  # numbers are numbers, not formulas
