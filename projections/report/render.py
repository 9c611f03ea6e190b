"""The report as a document model, and its two renderings: HTML and PDF (Typst).

Deterministic by construction: no clock is read, the order is the sections' order, the PDF has
no creation date (`date: none`) and Typst uses only its embedded fonts, so the same model gives
the same bytes on any machine with the same package versions (ADR 0017).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from html import escape
from typing import Any

from .sections import Section

TITLE = {"it": "Rapporto di valutazione", "en": "Evaluation report"}
META = {
    "it": ("Programma", "Posizione nel registro", "Versione del codice", "Soglia k"),
    "en": ("Programme", "Log position", "Code version", "Threshold k"),
}

_TYPST = """#let d = json(bytes(sys.inputs.report))
#set document(title: d.title, date: none)
#set page(paper: "a4", flipped: true, margin: 1.4cm)
#set text(size: 7.5pt, lang: d.lang)
#set table(inset: 3pt, stroke: 0.4pt + gray)
= #d.title
#for m in d.meta [ #strong(m.at(0)): #m.at(1) \\ ]
#for s in d.sections [
  == #s.title
  #for p in s.paragraphs [ #strong(p.at(0)): #p.at(1) \\ ]
  #table(columns: s.columns.len(), ..s.columns.map(c => strong(c)), ..s.rows.flatten())
]
"""


@dataclass(frozen=True)
class Report:
    """Everything the report says; its JSON is what the content hash covers."""

    programme: str
    position: int
    lang: str
    code_version: str
    k: int
    sections: list[Section]

    def model(self) -> dict[str, Any]:
        labels = META[self.lang]
        values = (self.programme, str(self.position), self.code_version, str(self.k))
        return {
            "title": f"{TITLE[self.lang]} — {self.programme}",
            "lang": self.lang,
            "meta": [[label, value] for label, value in zip(labels, values, strict=True)],
            "sections": [s.as_dict() for s in self.sections],
        }

    def canonical(self) -> str:
        return json.dumps(self.model(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()


def to_html(report: Report) -> bytes:
    model = report.model()
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{model["lang"]}"><head><meta charset="utf-8">',
        f"<title>{escape(model['title'])}</title>",
        "<style>body{font-family:sans-serif;font-size:13px;margin:2em}"
        "table{border-collapse:collapse;margin:.5em 0 2em}"
        "td,th{border:1px solid #999;padding:2px 6px;text-align:left}</style>",
        f"</head><body><h1>{escape(model['title'])}</h1><dl>",
    ]
    parts += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in model["meta"]]
    parts.append("</dl>")
    for section in model["sections"]:
        parts.append(f'<section id="{escape(section["key"])}"><h2>{escape(section["title"])}</h2>')
        parts += [
            f"<p><strong>{escape(a)}</strong>: {escape(b)}</p>" for a, b in section["paragraphs"]
        ]
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in section["columns"])
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>"
            for row in section["rows"]
        )
        parts.append(
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>"
        )
    parts.append(f"<footer>sha256: {report.content_hash()}</footer></body></html>\n")
    return "\n".join(parts).encode()


def to_pdf(report: Report) -> bytes:
    import typst  # imported on use: only the report needs it

    data = report.canonical()
    return bytes(
        typst.compile(
            _TYPST.encode(),
            format="pdf",
            sys_inputs={"report": data},
            ignore_system_fonts=True,
        )
    )
