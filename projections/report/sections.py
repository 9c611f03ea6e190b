"""The evaluation report's content: a list of sections, each one query with its explanation.

New query functions slot in by themselves: every entry of `QUERIES`, and the impact models of
`IMPACT_QUERIES`, becomes a section (its text from `TEXTS` when written there, else from the
query's own docstring), after the funders' table. The content is a plain, ordered structure
with no timestamps, so the same snapshot gives the same bytes (ADR 0017).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from ..queries import (
    IMPACT_QUERIES,
    QUERIES,
    AnalyticsReader,
    Filters,
    QueryResult,
    funders_table,
    with_labels,
)
from ..queries.indicators import esf_indicators
from .texts import PROTECTION, TEXTS, Text

Query = Callable[[AnalyticsReader, Filters, int], QueryResult]


@dataclass(frozen=True)
class Section:
    """One figure of the report: what it shows, over whom, how, and the protected table."""

    key: str
    lang: str
    title: str
    definition: str
    denominator: str
    method: str
    protection: str
    columns: list[str]
    rows: list[list[str]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "paragraphs": [
                [label, text]
                for label, text in zip(
                    HEADINGS[self.lang],
                    (self.definition, self.denominator, self.method, self.protection),
                    strict=True,
                )
            ],
            "columns": self.columns,
            "rows": self.rows,
        }


SEE_DEFINITION = {
    "it": "Come nella definizione (testo della funzione di query).",
    "en": "As in the definition (the query function's own text).",
}
HEADINGS = {
    "it": ("Definizione", "Denominatore", "Metodo", "Protezione"),
    "en": ("Definition", "Denominator", "Method", "Protection"),
}


def _text(key: str, query: Query, lang: str) -> Text:
    found = TEXTS.get(key)
    if found is not None:
        return found[lang]
    first, _, rest = (inspect.getdoc(query) or key).partition("\n\n")
    return Text(key.replace("_", " "), first, SEE_DEFINITION[lang], rest.strip() or "—")


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _table(frame: pl.DataFrame) -> tuple[list[str], list[list[str]]]:
    return list(frame.columns), [[_cell(v) for v in row] for row in frame.iter_rows()]


def _section(key: str, text: Text, result: QueryResult, frame: pl.DataFrame, lang: str) -> Section:
    columns, rows = _table(frame)
    note = PROTECTION[lang].format(k=result.k, suppressed=result.suppressed_cells)
    return Section(
        key, lang, text.title, text.definition, text.denominator, text.method, note, columns, rows
    )


def sections(reader: AnalyticsReader, programme: str, lang: str, k: int) -> list[Section]:
    """The report's sections for one programme, in a fixed order: funders' table first."""
    filters = Filters(programmes=(programme,))
    funders = esf_indicators(reader, filters, k)
    out = [
        _section(
            "esf_indicators",
            TEXTS["esf_indicators"][lang],
            funders,
            funders_table(funders, lang),
            lang,
        )
    ]
    models = {key: q for key, q in IMPACT_QUERIES.items() if key not in QUERIES}
    for key, query in (QUERIES | models).items():
        # models are fitted on the whole lineage only (ADR 0016, "Models under differencing")
        result = query(reader, Filters() if key in models else filters, k)
        frame = with_labels(result.frame, lang)
        out.append(_section(key, _text(key, query, lang), result, frame, lang))
    return out
