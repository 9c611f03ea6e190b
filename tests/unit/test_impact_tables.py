"""The Impact page's plain tables: Babel cells, "soppresso", header scopes, the same CSV."""

from __future__ import annotations

from urllib.parse import unquote

import polars as pl

from dashboard.components.plain_table import plain_table


def _walk(node: object) -> list[object]:
    found = [node]
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children] if children else []:
        found += _walk(child)
    return found


FRAME = pl.DataFrame(
    {
        "level": ["0-9", "=cmd", "50+"],
        "n": [1234, 45, None],
        "rate": [0.5771, 0.511, None],
        "suppressed": [False, False, True],
    }
)


def test_cells_read_in_the_page_language_and_suppressed_cells_say_so() -> None:
    div = plain_table("impact-dose", FRAME, "it", ["n"], "Lavoro entro 12 mesi")
    nodes = _walk(div)
    heads = [n for n in nodes if type(n).__name__ == "Th" and getattr(n, "scope", None) == "col"]
    assert [h.children for h in heads] == ["Livello", "n", "Tasso"]  # type: ignore[attr-defined]
    texts = [n.children for n in nodes if type(n).__name__ in ("Td", "Th")]  # type: ignore[attr-defined]
    assert "1.234" in texts and "57,7\xa0%" in texts and "soppresso" in texts
    region = div.children[1]
    assert region.role == "region" and region.tabIndex == 0


def test_the_csv_holds_what_the_reader_sees_and_never_a_formula() -> None:
    link = plain_table("impact-dose", FRAME, "en", ["n"], "Work").children[0]
    assert link.download == "impact-dose.csv"
    text = unquote(link.href.split(",", 1)[1])
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "Level,n,Rate"
    assert lines[1] == '0-9,"1,234",57.7%'
    assert lines[2].startswith("'=cmd")  # neutralised, as the grids' CSV
    assert lines[3] == "50+,suppressed,suppressed"


def test_the_italian_csv_quotes_decimal_commas() -> None:
    link = plain_table("impact-dose", FRAME, "it", ["n"], "Lavoro").children[0]
    lines = unquote(link.href.split(",", 1)[1]).lstrip("\ufeff").splitlines()
    assert lines[0] == "Livello,n,Tasso"
    assert lines[1] == '0-9,1.234,"57,7\xa0%"'
