"""Exports opened in a spreadsheet must not run formulas: text starting `=`, `+`, `-`, `@`,
a tab or a carriage return is prefixed with a single quote (OWASP's CSV-injection advice).

Only text columns change: numbers, dates and booleans stay typed, so a negative count is still
-3 and not the text '-3. Parquet keeps the data as it is (no spreadsheet evaluates it).
"""

from __future__ import annotations

import re

import polars as pl

_FORMULA_START = r"^[=+\-@\t\r]"


def neutralise_text(value: str) -> str:
    """One text cell made inert: a leading quote where a spreadsheet would see a formula."""
    return f"'{value}" if re.match(_FORMULA_START, value) else value


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell that a spreadsheet would evaluate made inert."""
    text = [name for name, dtype in frame.schema.items() if dtype in (pl.String, pl.Categorical)]
    if not text:
        return frame
    return frame.with_columns(
        pl.when(pl.col(name).cast(pl.String).str.contains(_FORMULA_START))
        .then(pl.lit("'") + pl.col(name).cast(pl.String))
        .otherwise(pl.col(name).cast(pl.String))
        .alias(name)
        for name in text
    )


def safe_csv(frame: pl.DataFrame) -> str:
    """CSV text for a download: formulas neutralised, everything else as polars writes it."""
    return neutralise_formulas(frame).write_csv()
