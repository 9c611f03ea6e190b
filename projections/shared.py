"""What the fold's rows, the publisher and the query layer share, in a module of their own.

The query layer's package imports pandas and every query module; a rebuild's processes need
none of that, only these few names. Importing them from here keeps `percorsi rebuild`'s
start-up and publish free of it (≈ 2.5 s each where no bytecode is cached; ADR 0027, "Second
pass"). The query layer re-exports them under their old names.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_K = 10
SNAPSHOT_SUFFIX = ".snapshot.duckdb"
AGE_BANDS: tuple[str, ...] = (
    "<20",
    "20-24",
    "25-29",
    "30-34",
    "35-39",
    "40-44",
    "45-49",
    "50-54",
    "55-59",
    "60-64",
    "65+",
)


def age_band(age: int) -> str:
    """5-year band of an age in whole years (the age at intake, or at referral before intake)."""
    if age < 20:
        return AGE_BANDS[0]
    if age >= 65:
        return AGE_BANDS[-1]
    low = age - age % 5
    return f"{low}-{low + 4}"


def snapshot_path(duckdb_path: Path | str) -> Path:
    """The snapshot beside the worker's file: analytics.duckdb → analytics.snapshot.duckdb."""
    path = Path(duckdb_path)
    return path.with_name(path.name.removesuffix(".duckdb") + SNAPSHOT_SUFFIX)
