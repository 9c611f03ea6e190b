"""Programme display names for legends, axes and tables (codes stay in the query layer)."""

from __future__ import annotations

from typing import Any

from projections.queries import Filters, QueryError
from projections.queries.lineage import programmes


def programme_names(reader: Any) -> dict[str, str]:
    """Code → name of every programme in the catalogue ("LESFEMMES" → "Les Femmes").

    Read unfiltered, so a code in any result has its name whatever filters the page applies.
    """
    try:
        frame = programmes(reader, Filters()).frame
    except QueryError:
        return {}
    return {str(r["code"]): str(r["name"]) for r in frame.iter_rows(named=True)}


def named(codes: list[Any], names: dict[str, str]) -> list[str]:
    """Each code's name, or the code itself when the catalogue does not know it."""
    return [names.get(str(c), str(c)) for c in codes]


def short_names(names: dict[str, str]) -> dict[str, str]:
    """Names short enough for a legend or an axis on a phone: the part before a " – " subtitle
    ("EMP – Processi di EMPowerment …" → "EMP"); tables keep the full name."""
    return {code: name.split(" – ")[0].split(" - ")[0].strip() for code, name in names.items()}
