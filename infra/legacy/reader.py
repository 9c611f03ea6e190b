"""Reads a legacy CSV or Excel file with Polars, every cell as text, in import order.

Rows are ordered by woman, business date, action rank and file row, then cut into chunks that
never split a woman: each chunk can be checked (and later written) on its own, so memory is
bounded by the chunk, not by the file.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from .decoding import decode_csv
from .errors import ImportRefused
from .guards import Limits
from .layout import COLUMNS, RANK, REQUIRED, Row

ROW = "__row"


@dataclass(frozen=True)
class Table:
    """A legacy file read: every cell as text, and the encoding its bytes were read with."""

    frame: pl.DataFrame
    encoding: str


def read_table(path: Path, *, encoding: str | None = None, limits: Limits | None = None) -> Table:
    """The file as a frame of strings, with `__row` the spreadsheet row number (header = 1).

    The size, row and (.xlsx) inflation limits are checked first; a CSV is decoded strictly
    (decoding.py) before Polars sees it, so no byte is ever replaced.
    """
    limits = limits or Limits.from_env()
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportRefused("unsupported file type: use .csv or .xlsx")
    used = "xlsx"
    if suffix == ".csv":
        limits.check_size(path)
        text, used = decode_csv(path.read_bytes(), path.name, encoding)
    else:
        limits.check_xlsx(path)
    try:
        if suffix == ".csv":
            data = text.encode("utf-8")
            del text
            frame = pl.read_csv(
                io.BytesIO(data), infer_schema=False, separator=_separator(data), encoding="utf8"
            )
        else:
            frame = pl.read_excel(
                path, engine="calamine", infer_schema_length=0, drop_empty_rows=False
            )
    except Exception as error:  # the library's message may quote cells: name the kind only
        raise ImportRefused(f"cannot read {path.name} ({type(error).__name__})") from None
    limits.check_rows(path.name, frame.height)
    frame = frame.rename({c: c.strip().lstrip("\ufeff").lower() for c in frame.columns})
    frame = frame.with_columns(pl.all().cast(pl.String)).with_row_index(ROW, offset=2)
    cells = pl.exclude(ROW)
    blank = pl.all_horizontal(cells.is_null() | (cells.str.strip_chars() == ""))
    return Table(frame.filter(~blank), used)  # empty rows keep their numbers but are skipped


def _separator(data: bytes) -> str:
    """Italian spreadsheets export CSV with semicolons; the header line tells which it is."""
    header = data.split(b"\n", 1)[0]
    return ";" if header.count(b";") > header.count(b",") else ","


def header_problems(frame: pl.DataFrame) -> list[tuple[str, str]]:
    """Unknown and missing columns, as (column, reason)."""
    present = [c for c in frame.columns if c != ROW]
    unknown = [(c, "unknown column") for c in present if c not in COLUMNS]
    missing = [(c, "required column missing") for c in REQUIRED if c not in present]
    return unknown + missing


def ordered(frame: pl.DataFrame) -> pl.DataFrame:
    """Sort by woman, date, generation, action rank, row: a woman's rows run in the order they
    happened. The generation (0 for a case opened by a referral, one more for each carry-over
    that led to it) keeps a transfer after its case's same-day rows and before its successor's.
    """
    day = pl.coalesce(
        pl.col("date").str.strip_chars().str.to_date(format, strict=False)
        for format in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S")
    )
    action = pl.col("action").str.strip_chars().str.to_lowercase()
    rank = action.replace_strict(RANK, default=50, return_dtype=pl.Int32)
    depths = generations(frame)
    case = pl.col("case_ref").str.strip_chars()
    if "successor_ref" in frame.columns:
        successor = pl.col("successor_ref").str.strip_chars()
        case = pl.when(action == "transfer").then(successor).otherwise(case)
    depth = case.replace_strict(depths, default=0, return_dtype=pl.Int32)
    return (
        frame.with_columns(day.alias("__day"), depth.alias("__depth"), rank.alias("__rank"))
        .sort(["person_ref", "__day", "__depth", "__rank", ROW], nulls_last=False)
        .drop("__day", "__depth", "__rank")
    )


def generations(frame: pl.DataFrame) -> dict[str, int]:
    """Each successor case_ref → how many carry-overs lead to it (cases not listed: 0).

    A chain longer than the number of transfers is a cycle; the domain refuses its rows, so
    the depth only needs to stop growing, not to be right.
    """
    if "successor_ref" not in frame.columns or "case_ref" not in frame.columns:
        return {}
    pairs = frame.filter(pl.col("action").str.strip_chars().str.to_lowercase() == "transfer")
    links = {
        (successor or "").strip(): (case or "").strip()
        for case, successor in pairs.select("case_ref", "successor_ref").iter_rows()
    }
    depths: dict[str, int] = {}
    for successor in links:
        depth, case = 1, links[successor]
        while case in links and depth <= len(links):
            depth, case = depth + 1, links[case]
        depths[successor] = depth
    return depths


def chunks(frame: pl.DataFrame, size: int) -> Iterator[list[Row]]:
    """Rows in chunks of about `size`, never splitting one woman's rows."""
    columns = [c for c in frame.columns if c != ROW]
    chunk: list[Row] = []
    last_person: str | None = None
    for offset in range(0, frame.height, size):
        for record in frame.slice(offset, size).iter_rows(named=True):
            person = record.get("person_ref") or ""
            if len(chunk) >= size and person != last_person:
                yield chunk
                chunk = []
            cells = {c: "" if record[c] is None else str(record[c]) for c in columns}
            chunk.append(Row(int(record[ROW]), cells))
            last_person = person
    if chunk:
        yield chunk
